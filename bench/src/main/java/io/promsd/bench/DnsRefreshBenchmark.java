package io.promsd.bench;

import io.promsd.relabel.Labels;
import io.promsd.sd.dns.DnsBenchAccess;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.TargetGroup;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * DNS SD at scale against an in-process server on loopback (UDP and TCP, prepared answers): {@code
 * srvLookup} looks up one SRV name with 1,800 records — the answer (about 60 KB with name
 * compression; a DNS message cannot exceed 64 KiB, so 5,000 SRV records do not fit in one answer)
 * comes truncated over UDP and is fetched again over TCP, as Prometheus does — and builds its 1,800
 * targets; {@code srvParseAndBuild} is the same without the network; {@code refresh100Names} is one
 * refresh of 100 names of 50 A records each (5,000 targets), looked up concurrently as Prometheus
 * does. Scores are per operation; {@code -prof gc} gives the allocation. Figures: {@code
 * sd-dns/README.md}.
 *
 * <p>Command: {@code java -jar bench/target/benchmarks.jar DnsRefreshBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@State(Scope.Benchmark)
public class DnsRefreshBenchmark {
  static final int SRV_RECORDS = 1_800;
  static final int NAMES = 100;
  static final int A_PER_NAME = 50;
  static final String SRV_NAME = "_big._tcp.svc.test.";

  private Path dir;
  private Server server;
  private DnsBenchAccess srv;
  private DnsBenchAccess many;
  private byte[] srvWire;
  private ExecutorService pool;
  private final DiscoveryContext ctx = new QuietContext();

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Map<String, byte[]> answers = new ConcurrentHashMap<>();
    List<Record> records = new ArrayList<>();
    Name owner = Name.fromString(SRV_NAME);
    for (int i = 0; i < SRV_RECORDS; i++) {
      records.add(
          new SRVRecord(
              owner,
              DClass.IN,
              30,
              10,
              5,
              9000 + i % 1000,
              Name.fromString("n" + i + ".svc.test.")));
    }
    srvWire = answer(owner, Type.SRV, records);
    answers.put(key(SRV_NAME, Type.SRV), srvWire);
    List<String> names = new ArrayList<>();
    for (int n = 0; n < NAMES; n++) {
      String name = "web" + n + ".svc.test.";
      names.add(name);
      Name o = Name.fromString(name);
      List<Record> as = new ArrayList<>();
      for (int i = 0; i < A_PER_NAME; i++) {
        as.add(
            new ARecord(
                o,
                DClass.IN,
                30,
                InetAddress.getByAddress(new byte[] {10, (byte) n, 0, (byte) i})));
      }
      answers.put(key(name, Type.A), answer(o, Type.A, as));
    }
    server = new Server(answers);
    dir = Files.createTempDirectory("promsd-bench-dns");
    Path resolv = dir.resolve("resolv.conf");
    Files.writeString(resolv, "nameserver 127.0.0.1\n", StandardCharsets.UTF_8);
    srv = DnsBenchAccess.discoverer(List.of(SRV_NAME), "SRV", 0, resolv, server.address());
    many = DnsBenchAccess.discoverer(names, "A", 9100, resolv, server.address());
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "bench-dns-lookup");
              t.setDaemon(true);
              return t;
            });
    check(srvLookup().targets().size(), SRV_RECORDS);
    check(srvParseAndBuild().targets().size(), SRV_RECORDS);
    check(refresh100Names().stream().mapToInt(g -> g.targets().size()).sum(), NAMES * A_PER_NAME);
  }

  private static void check(int got, int want) {
    if (got != want) {
      throw new IllegalStateException("expected " + want + " targets, got " + got);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    pool.shutdownNow();
    server.close();
    Files.deleteIfExists(dir.resolve("resolv.conf"));
    Files.deleteIfExists(dir);
  }

  @Benchmark
  public TargetGroup srvLookup() throws Exception {
    return srv.lookupAndBuild(SRV_NAME);
  }

  @Benchmark
  public TargetGroup srvParseAndBuild() throws Exception {
    return srv.parseAndBuild(SRV_NAME, srvWire);
  }

  @Benchmark
  public List<TargetGroup> refresh100Names() throws Exception {
    return many.refresh(ctx, pool);
  }

  private static byte[] answer(Name owner, int type, List<Record> records) {
    Message m = new Message(0);
    m.getHeader().setFlag(Flags.QR);
    m.getHeader().setFlag(Flags.RD);
    m.getHeader().setFlag(Flags.RA);
    m.getHeader().setRcode(Rcode.NOERROR);
    m.addRecord(Record.newRecord(owner, type, DClass.IN), Section.QUESTION);
    for (Record r : records) {
      m.addRecord(r, Section.ANSWER);
    }
    byte[] wire = m.toWire();
    if (wire.length > 65535) {
      throw new IllegalStateException("answer too large: " + wire.length);
    }
    return wire;
  }

  static String key(String name, int type) {
    return name.toLowerCase(Locale.ROOT) + "/" + type;
  }

  /**
   * Answers from prepared messages (the query's id patched in); over UDP an answer above the
   * query's EDNS0 size (or 512) goes out as a bare truncated header.
   */
  static final class Server implements AutoCloseable {
    private final Map<String, byte[]> answers;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private volatile boolean closed;

    Server(Map<String, byte[]> answers) throws IOException {
      this.answers = answers;
      // UDP and TCP on one port: an ephemeral UDP port may be taken for TCP; then try another.
      DatagramSocket u;
      ServerSocket t;
      for (int attempt = 0; ; attempt++) {
        u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        t = new ServerSocket();
        try {
          t.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), u.getLocalPort()));
          break;
        } catch (java.net.BindException e) {
          t.close();
          u.close();
          if (attempt >= 20) {
            throw e;
          }
        }
      }
      udp = u;
      tcp = t;
      daemon(this::serveUdp, "bench-dns-udp");
      daemon(this::serveTcp, "bench-dns-tcp");
    }

    InetSocketAddress address() {
      return new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort());
    }

    private static void daemon(Runnable r, String name) {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      t.start();
    }

    private byte[] reply(byte[] query, int length, boolean overUdp) throws IOException {
      Message q = new Message(java.util.Arrays.copyOf(query, length));
      Record question = q.getQuestion();
      byte[] prepared = answers.get(key(question.getName().toString(), question.getType()));
      byte[] out;
      if (prepared == null) {
        Message nx = new Message(q.getHeader().getID());
        nx.getHeader().setFlag(Flags.QR);
        nx.getHeader().setRcode(Rcode.NXDOMAIN);
        nx.addRecord(question, Section.QUESTION);
        return nx.toWire();
      }
      int limit = q.getOPT() != null ? Math.max(512, q.getOPT().getPayloadSize()) : 512;
      if (overUdp && prepared.length > limit) {
        Message tc = new Message(q.getHeader().getID());
        tc.getHeader().setFlag(Flags.QR);
        tc.getHeader().setFlag(Flags.TC);
        tc.addRecord(question, Section.QUESTION);
        return tc.toWire();
      }
      out = prepared.clone();
      int id = q.getHeader().getID();
      out[0] = (byte) (id >>> 8);
      out[1] = (byte) id;
      return out;
    }

    private void serveUdp() {
      byte[] buf = new byte[4096];
      while (!closed) {
        try {
          DatagramPacket p = new DatagramPacket(buf, buf.length);
          udp.receive(p);
          byte[] out = reply(p.getData(), p.getLength(), true);
          udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        } catch (IOException e) {
          if (closed) {
            return;
          }
        }
      }
    }

    private void serveTcp() {
      while (!closed) {
        try {
          Socket s = tcp.accept();
          daemon(() -> serveConnection(s), "bench-dns-conn");
        } catch (IOException e) {
          return;
        }
      }
    }

    private void serveConnection(Socket s) {
      try (s) {
        DataInputStream in = new DataInputStream(s.getInputStream());
        OutputStream os = s.getOutputStream();
        while (true) {
          byte[] q = new byte[in.readUnsignedShort()];
          in.readFully(q);
          byte[] out = reply(q, q.length, false);
          os.write(new byte[] {(byte) (out.length >>> 8), (byte) out.length});
          os.write(out);
          os.flush();
        }
      } catch (IOException e) {
        // the client closed
      }
    }

    @Override
    public void close() throws IOException {
      closed = true;
      udp.close();
      tcp.close();
    }
  }

  /** A context that drops what the discoverer reports. */
  static final class QuietContext implements DiscoveryContext {
    @Override
    public void update(List<TargetGroup> groups) {}

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public void sleep(Duration d) {}

    @Override
    public void reportError(String message, Throwable cause) {}

    @Override
    public Clock clock() {
      return Clock.systemUTC();
    }

    @Override
    public String providerName() {
      return "dns/0";
    }

    @Override
    public void count(String metric, Labels labels, double delta) {}
  }
}
