package io.promsd.bench;

import com.sun.net.httpserver.HttpServer;
import io.promsd.sd.eureka.EurekaBenchAccess;
import io.promsd.sd.http.HttpBenchAccess;
import io.promsd.sd.spi.TargetGroup;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One HTTP SD or Eureka SD refresh of 10,000 targets, served by an in-process HTTP server on
 * 127.0.0.1 from prepared bytes. {@code http}: 100 groups of 100 targets with 4 labels each (0.9 MB
 * of JSON); {@code eureka}: 100 applications of 100 instances with every field Eureka sends and 3
 * metadata entries (9.6 MB of XML). {@code refresh} is a whole refresh of the real discoverer (GET
 * over loopback, checks, decoding, groups); {@code parse} the decoding and group building alone.
 * Scores are per refresh; {@code -prof gc} gives the allocation per refresh. Figures: the modules'
 * READMEs.
 *
 * <p>Command: {@code java -jar bench/target/benchmarks.jar HttpEurekaRefreshBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class HttpEurekaRefreshBenchmark {
  static final int GROUPS = 100;
  static final int PER_GROUP = 100;

  @Param({"http", "eureka"})
  public String mechanism;

  private HttpServer server;
  private ExecutorService pool;
  private byte[] body;
  private String url;
  private HttpBenchAccess http;
  private EurekaBenchAccess eureka;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    body = (mechanism.equals("http") ? json() : xml()).getBytes(StandardCharsets.UTF_8);
    String type = mechanism.equals("http") ? "application/json" : "application/xml";
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool = Executors.newFixedThreadPool(2);
    server.setExecutor(pool);
    server.createContext(
        "/",
        x -> {
          try (x) {
            x.getResponseHeaders().set("Content-Type", type);
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    int got;
    if (mechanism.equals("http")) {
      url = base + "/sd";
      http = HttpBenchAccess.of(url);
      got = http.refresh().stream().mapToInt(g -> g.targets().size()).sum();
    } else {
      url = base + "/eureka";
      eureka = EurekaBenchAccess.of(url);
      got = eureka.refresh().get(0).targets().size();
    }
    if (got != GROUPS * PER_GROUP) {
      throw new IllegalStateException("expected " + GROUPS * PER_GROUP + " targets, got " + got);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop(0);
    pool.shutdownNow();
  }

  @Benchmark
  public List<TargetGroup> refresh() throws Exception {
    return mechanism.equals("http") ? http.refresh() : eureka.refresh();
  }

  @Benchmark
  public int parse() throws Exception {
    return mechanism.equals("http")
        ? HttpBenchAccess.parse(body, url)
        : EurekaBenchAccess.parse(body);
  }

  static String json() {
    StringBuilder sb = new StringBuilder("[");
    for (int g = 0; g < GROUPS; g++) {
      sb.append(g == 0 ? "" : ",").append("{\"targets\":[");
      for (int t = 0; t < PER_GROUP; t++) {
        sb.append(t == 0 ? "" : ",")
            .append("\"10.")
            .append(g)
            .append('.')
            .append(t / 250)
            .append('.')
            .append(t % 250)
            .append(":9100\"");
      }
      sb.append("],\"labels\":{\"env\":\"prod\",\"team\":\"team-")
          .append(g)
          .append("\",\"dc\":\"dc-")
          .append(g % 3)
          .append("\",\"service\":\"svc-")
          .append(g)
          .append("\"}}");
    }
    return sb.append(']').toString();
  }

  static String xml() {
    StringBuilder sb =
        new StringBuilder(
            "<applications><versions__delta>1</versions__delta>"
                + "<apps__hashcode>UP_10000_</apps__hashcode>");
    for (int a = 0; a < GROUPS; a++) {
      sb.append("<application><name>APP-").append(a).append("</name>");
      for (int i = 0; i < PER_GROUP; i++) {
        String host = "app-" + a + "-" + i + ".example.test";
        sb.append("<instance><instanceId>")
            .append(host)
            .append(":8080</instanceId><hostName>")
            .append(host)
            .append("</hostName><app>APP-")
            .append(a)
            .append("</app><ipAddr>10.")
            .append(a)
            .append('.')
            .append(i)
            .append(".1</ipAddr><status>UP</status><overriddenstatus>UNKNOWN</overriddenstatus>")
            .append("<port enabled=\"true\">8080</port><securePort enabled=\"false\">443")
            .append("</securePort><countryId>1</countryId><dataCenterInfo class=\"com.netflix.")
            .append("appinfo.InstanceInfo$DefaultDataCenterInfo\"><name>MyOwn</name>")
            .append("</dataCenterInfo><leaseInfo><renewalIntervalInSecs>30")
            .append("</renewalIntervalInSecs><durationInSecs>90</durationInSecs></leaseInfo>")
            .append("<metadata><management.port>8081</management.port><zone>zone-")
            .append(a % 3)
            .append("</zone><version>1.2.3</version></metadata><homePageUrl>http://")
            .append(host)
            .append(":8080/</homePageUrl><statusPageUrl>http://")
            .append(host)
            .append(":8080/actuator/info</statusPageUrl><healthCheckUrl>http://")
            .append(host)
            .append(":8080/actuator/health</healthCheckUrl><vipAddress>app-")
            .append(a)
            .append("</vipAddress><secureVipAddress>app-")
            .append(a)
            .append("</secureVipAddress><isCoordinatingDiscoveryServer>false")
            .append("</isCoordinatingDiscoveryServer><lastUpdatedTimestamp>1700000000000")
            .append("</lastUpdatedTimestamp><lastDirtyTimestamp>1700000000000")
            .append("</lastDirtyTimestamp><actionType>ADDED</actionType></instance>");
      }
      sb.append("</application>");
    }
    return sb.append("</applications>").toString();
  }
}
