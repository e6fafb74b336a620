package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.httpclient.HttpClientConfig.TlsConfig;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmarks' way in to the package-private {@link OpenStackDiscoverer}, aimed at an in-process
 * fake Keystone + Nova (+ Neutron for 3.x): this class ships only in the benchmarks jar. The fake
 * serves {@code servers} servers over pages of {@code pageSize} (Nova's default {@code max_limit}
 * is 1,000), each with 5 metadata entries and one fixed address; every fifth has a floating IP
 * (Nova's {@code os-floating-ips} for 2.42, Neutron's ports and floating IPs for 3.x). Answers are
 * prepared once; tokens are not checked.
 */
public final class OpenStackBenchAccess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Map<String, byte[]> answers = new HashMap<>();
  private final OpenStackDiscoverer discoverer;
  private final ExecutorService pool;

  /** Starts the fake and an instance discoverer for {@code compat} aimed at it. */
  public OpenStackBenchAccess(int servers, int pageSize, Compat compat) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "promsd-bench-openstack-fake");
              t.setDaemon(true);
              return t;
            }));
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    ObjectNode token = JSON.createObjectNode();
    ArrayNode catalog = token.putObject("token").putArray("catalog");
    addService(catalog, "compute", base + "/compute/v2.1");
    addService(catalog, "network", base + "/network");
    answers.put("/identity/v3/auth/tokens", bytes(token));
    ObjectNode novaFips = JSON.createObjectNode();
    ArrayNode nf = novaFips.putArray("floating_ips");
    ObjectNode ports = JSON.createObjectNode();
    ArrayNode pa = ports.putArray("ports");
    ObjectNode neutronFips = JSON.createObjectNode();
    ArrayNode nef = neutronFips.putArray("floatingips");
    int npages = (servers + pageSize - 1) / pageSize;
    for (int p = 0; p < npages; p++) {
      ObjectNode page = JSON.createObjectNode();
      ArrayNode list = page.putArray("servers");
      for (int i = p * pageSize; i < Math.min(servers, (p + 1) * pageSize); i++) {
        String id = String.format("00000000-0000-4000-8000-%012d", i);
        String ip = "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255);
        ObjectNode s = list.addObject();
        s.put("id", id);
        s.put("name", "vm-" + i);
        s.put("status", "ACTIVE");
        s.put("tenant_id", "fcad67a6189847c4aecfa3c81a05783b");
        s.put("user_id", "9349aff8be7545ac9d2f1d00999a23cd");
        s.put("updated", "2014-09-25T13:04:49Z");
        s.put("created", "2014-09-25T13:04:41Z");
        s.put("hostId", "bd8c3f67ef2d2b8f2ec2d35a0d5c2c3b2f2e41a3dd28c0ea1c3c7d27");
        s.putObject("image").put("id", "f90f6034-2570-4974-8351-6b49732ef2eb").putArray("links");
        s.putObject("flavor").put("id", "m1.small").putArray("links");
        ObjectNode md = s.putObject("metadata");
        md.put("env", i % 3 == 0 ? "prod" : "staging");
        md.put("team", "team-" + (i % 7));
        md.put("app.kubernetes.io/name", "svc-" + (i % 50));
        md.put("cost-center", Integer.toString(1000 + i % 13));
        md.put("owner", "owner" + (i % 11) + "@example.com");
        ArrayNode addrs = s.putObject("addresses").putArray("private");
        addrs
            .addObject()
            .put("version", 4)
            .put("addr", ip)
            .put("OS-EXT-IPS:type", "fixed")
            .put("OS-EXT-IPS-MAC:mac_addr", "fa:16:3e:00:00:01");
        s.putArray("links");
        s.putArray("security_groups").addObject().put("name", "default");
        if (i % 5 == 0) {
          String fip = "203.0." + (i >> 8 & 255) + "." + (i & 255);
          addrs
              .addObject()
              .put("version", 4)
              .put("addr", fip)
              .put("OS-EXT-IPS:type", "floating")
              .put("OS-EXT-IPS-MAC:mac_addr", "fa:16:3e:00:00:01");
          nf.addObject()
              .put("id", i)
              .put("ip", fip)
              .put("fixed_ip", ip)
              .put("instance_id", id)
              .put("pool", "public");
          pa.addObject().put("id", "port-" + i).put("device_id", id);
          nef.addObject()
              .put("id", "fip-" + i)
              .put("floating_ip_address", fip)
              .put("fixed_ip_address", ip)
              .put("port_id", "port-" + i);
        }
      }
      if (p + 1 < npages) {
        page.putArray("servers_links")
            .addObject()
            .put("rel", "next")
            .put("href", base + "/compute/v2.1/servers/detail?marker=" + (p + 1));
      }
      answers.put("/compute/v2.1/servers/detail" + (p == 0 ? "" : "?marker=" + p), bytes(page));
    }
    answers.put("/compute/v2.1/os-floating-ips", bytes(novaFips));
    answers.put("/network/v2.0/ports", bytes(ports));
    answers.put("/network/v2.0/floatingips", bytes(neutronFips));
    server.createContext("/", this::handle);
    server.start();
    OpenStackSdConfig cfg =
        new OpenStackSdConfig(
            base + "/identity/v3",
            "bench",
            "",
            Secret.of("bench-password"),
            "demo",
            "",
            "Default",
            "",
            "",
            "",
            Secret.empty(),
            OpenStackSdConfig.Role.INSTANCE,
            "RegionOne",
            Duration.ofMinutes(1),
            9100,
            false,
            TlsConfig.EMPTY,
            "public",
            compat);
    discoverer = OpenStackDiscoverer.create(cfg, name -> null, Timing.PROMETHEUS);
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-openstack-bench-http");
              t.setDaemon(true);
              return t;
            });
    discoverer.open(pool);
  }

  private static void addService(ArrayNode catalog, String type, String url) {
    ObjectNode e = catalog.addObject();
    e.put("type", type);
    e.putArray("endpoints")
        .addObject()
        .put("interface", "public")
        .put("region", "RegionOne")
        .put("region_id", "RegionOne")
        .put("url", url);
  }

  private static byte[] bytes(ObjectNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      String q = ex.getRequestURI().getRawQuery();
      byte[] body = answers.get(ex.getRequestURI().getRawPath() + (q == null ? "" : "?" + q));
      int status = body == null ? 404 : ex.getRequestMethod().equals("POST") ? 201 : 200;
      if (body == null) {
        body = "{}".getBytes(StandardCharsets.UTF_8);
      }
      if (status == 201) {
        ex.getResponseHeaders().set("X-Subject-Token", "bench-token");
      }
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** One refresh; the number of targets. */
  public int refresh() throws Exception {
    List<TargetGroup> groups = discoverer.refresh();
    int n = 0;
    for (TargetGroup g : groups) {
      n += g.targets().size();
    }
    return n;
  }

  /** The requests one refresh makes, for the record. */
  public List<String> paths() {
    return new ArrayList<>(answers.keySet());
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
