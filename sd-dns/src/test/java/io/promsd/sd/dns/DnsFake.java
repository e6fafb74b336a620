package io.promsd.sd.dns;

import io.promsd.relabel.internal.config.Node;
import io.promsd.sd.testing.SdFixtures;
import java.io.ByteArrayOutputStream;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fake DNS server of {@code testdata/dns/gen/fake_dns.py}, in Java, on a loopback address and
 * an ephemeral port (UDP and TCP on the same port): the same zone format, answers, faults and query
 * log, so that recorded cases replay against it. Thread-safe; {@link #close} stops it.
 */
final class DnsFake implements AutoCloseable {
  static final Map<String, Integer> TYPES =
      Map.of("A", 1, "NS", 2, "CNAME", 5, "MX", 15, "TXT", 16, "AAAA", 28, "SRV", 33, "OPT", 41);
  private static final Map<String, Integer> RCODES =
      Map.of("NOERROR", 0, "FORMERR", 1, "SERVFAIL", 2, "NXDOMAIN", 3, "NOTIMP", 4, "REFUSED", 5);

  /** One query as the fake saw it. */
  record Query(String server, String net, String name, String type, boolean edns) {}

  /** One record of the zone. */
  record Rec(Map<String, String> f) {
    String type() {
      return f.get("type");
    }

    String get(String k, String dflt) {
      return f.getOrDefault(k, dflt);
    }
  }

  /** One owner's settings. */
  record Entry(List<Rec> records, String rcode, String fault, boolean truncate, String tcpFault) {}

  private final String label;
  private final Map<String, Entry> zone;
  private final List<Query> log;
  private final DatagramSocket udp;
  private final ServerSocket tcp;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;

  /** Starts a fake on {@code address} (port 0: ephemeral) logging into {@code log}. */
  DnsFake(String address, int port, Map<String, Entry> zone, List<Query> log) throws IOException {
    this.label = address;
    this.zone = new ConcurrentHashMap<>();
    zone.forEach((k, v) -> this.zone.put(key(k), v));
    this.log = log;
    InetAddress ip = InetAddress.getByName(address);
    // UDP and TCP on one port: an ephemeral UDP port may be taken for TCP; then try another.
    DatagramSocket u = null;
    ServerSocket t = null;
    for (int attempt = 0; t == null; attempt++) {
      try {
        u = new DatagramSocket(new InetSocketAddress(ip, port));
      } catch (java.net.BindException e) {
        if (port != 0 || attempt >= 100) {
          throw e;
        }
        continue;
      }
      try {
        t = new ServerSocket();
        t.setReuseAddress(true);
        t.bind(new InetSocketAddress(ip, u.getLocalPort()));
      } catch (java.net.BindException e) {
        t.close();
        t = null;
        u.close();
        if (port != 0 || attempt >= 100) {
          throw e;
        }
      }
    }
    this.udp = u;
    this.tcp = t;
    start(this::serveUdp, "dnsfake-udp");
    start(this::serveTcp, "dnsfake-tcp");
  }

  /** A fake with a zone read from a case's YAML ({@code zone:} mapping). */
  static DnsFake of(String address, Node zone, List<Query> log) throws IOException {
    return new DnsFake(address, 0, zone(zone), log);
  }

  /** A shared, synchronized query log. */
  static List<Query> newLog() {
    return Collections.synchronizedList(new ArrayList<>());
  }

  /** Replaces (or with null removes) one owner's settings, for the next queries. */
  void set(String name, Entry entry) {
    if (entry == null) {
      zone.remove(key(name));
    } else {
      zone.put(key(name), entry);
    }
  }

  /** An owner with these records and a NOERROR answer. */
  static Entry records(Rec... records) {
    return new Entry(List.of(records), "NOERROR", null, false, null);
  }

  /** An owner that answers with {@code rcode} and no records. */
  static Entry rcode(String rcode) {
    return new Entry(List.of(), rcode, null, false, null);
  }

  /** An owner that answers with {@code fault} (timeout, garbage, short, wrong_id). */
  static Entry fault(String fault) {
    return new Entry(List.of(), "NOERROR", fault, false, null);
  }

  static Rec a(String ip) {
    return new Rec(Map.of("type", "A", "ip", ip));
  }

  InetSocketAddress address() {
    return new InetSocketAddress(udp.getLocalAddress(), udp.getLocalPort());
  }

  int port() {
    return udp.getLocalPort();
  }

  static Map<String, Entry> zone(Node zone) {
    Map<String, Entry> out = new LinkedHashMap<>();
    if (zone == null || zone.kind() != Node.Kind.MAPPING) {
      return out;
    }
    for (Map.Entry<Node, Node> e : zone.entries()) {
      Map<String, Node> f = SdFixtures.map(e.getValue());
      List<Rec> records = new ArrayList<>();
      Node rs = f.get("records");
      if (rs != null && rs.kind() == Node.Kind.SEQUENCE) {
        for (Node r : rs.items()) {
          Map<String, String> m = new LinkedHashMap<>();
          SdFixtures.map(r).forEach((k, v) -> m.put(k, v.text()));
          records.add(new Rec(m));
        }
      }
      int n = Integer.parseInt(SdFixtures.text(f, "generate_srv", "0"));
      for (int i = 0; i < n; i++) {
        records.add(srv(9000 + i, "node" + i + ".svc.test."));
      }
      out.put(
          e.getKey().text(),
          new Entry(
              records,
              SdFixtures.text(f, "rcode", "NOERROR"),
              SdFixtures.text(f, "fault", null),
              Boolean.parseBoolean(SdFixtures.text(f, "truncate", "false")),
              SdFixtures.text(f, "tcp_fault", null)));
    }
    return out;
  }

  static Rec srv(int port, String target) {
    return new Rec(Map.of("type", "SRV", "port", Integer.toString(port), "target", target));
  }

  private void start(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    threads.add(t);
    t.start();
  }

  private void serveUdp() {
    byte[] buf = new byte[65535];
    while (!closed) {
      try {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        udp.receive(p);
        byte[] q = java.util.Arrays.copyOf(p.getData(), p.getLength());
        byte[] out = answer(q, "udp");
        if (out != null && out.length > 0) {
          udp.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
        }
      } catch (IOException | RuntimeException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void serveTcp() {
    while (!closed) {
      Socket s;
      try {
        s = tcp.accept();
      } catch (IOException e) {
        return;
      }
      Thread t = new Thread(() -> serveConnection(s), "dnsfake-tcp-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serveConnection(Socket s) {
    try (s) {
      s.setSoTimeout(10_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream os = s.getOutputStream();
      while (true) {
        int len = in.readUnsignedShort();
        byte[] q = new byte[len];
        in.readFully(q);
        byte[] out = answer(q, "tcp");
        if (out == null) {
          continue;
        }
        if (out.length == 0) {
          return;
        }
        os.write(new byte[] {(byte) (out.length >>> 8), (byte) out.length});
        os.write(out);
        os.flush();
      }
    } catch (IOException | RuntimeException e) {
      // the client went away
    }
  }

  /** The reply to one query; null to stay silent, empty to close a TCP connection. */
  byte[] answer(byte[] q, String net) {
    int qid = u16(q, 0);
    int flags = u16(q, 2);
    int ar = u16(q, 10);
    int[] off = {12};
    String qname = readName(q, off);
    int qtype = u16(q, off[0]);
    byte[] question = java.util.Arrays.copyOfRange(q, 12, off[0] + 4);
    boolean edns = false;
    int o = off[0] + 4;
    for (int i = 0; i < ar; i++) {
      int[] o2 = {o};
      readName(q, o2);
      int rtype = u16(q, o2[0]);
      int rdlen = u16(q, o2[0] + 8);
      if (rtype == TYPES.get("OPT")) {
        edns = true;
      }
      o = o2[0] + 10 + rdlen;
    }
    log.add(new Query(label, net, qname, typeName(qtype), edns));
    Entry entry = zone.get(key(qname));
    if (entry == null) {
      return reply(qid, flags, question, RCODES.get("NXDOMAIN"), List.of(), edns, qname, false);
    }
    String fault = entry.fault();
    if ("timeout".equals(fault)) {
      return null;
    }
    if ("short".equals(fault)) {
      return new byte[] {0, 1, 2, 3, 4};
    }
    if ("garbage".equals(fault)) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      put16(b, qid);
      put16(b, 0x8180);
      put16(b, 1);
      put16(b, 1);
      put16(b, 0);
      put16(b, 0);
      b.writeBytes(new byte[] {(byte) 0xff, 7, 'j', 'u', 'n', 'k'});
      return b.toByteArray();
    }
    if (net.equals("tcp") && "close".equals(entry.tcpFault())) {
      return new byte[0];
    }
    int rcode = RCODES.get(entry.rcode());
    boolean truncated = entry.truncate() && net.equals("udp");
    List<Rec> records = new ArrayList<>();
    if (rcode == 0 && !truncated) {
      for (Rec r : entry.records()) {
        if (TYPES.get(r.type()) == qtype
            || r.type().equals("CNAME")
            || Boolean.parseBoolean(r.get("always", "false"))) {
          records.add(r);
        }
      }
    }
    byte[] out = reply(qid, flags, question, rcode, records, edns, qname, truncated);
    if (net.equals("udp") && out.length > (edns ? 4096 : 512)) {
      out = reply(qid, flags, question, rcode, List.of(), edns, qname, true);
    }
    if ("wrong_id".equals(fault)) {
      int other = (qid + 1) & 0xffff;
      out[0] = (byte) (other >>> 8);
      out[1] = (byte) other;
    }
    return out;
  }

  private static byte[] reply(
      int qid,
      int qflags,
      byte[] question,
      int rcode,
      List<Rec> records,
      boolean edns,
      String qname,
      boolean truncated) {
    int flags = 0x8000 | (qflags & 0x7900) | 0x0080 | rcode;
    if (truncated) {
      flags |= 0x0200;
    }
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    put16(b, qid);
    put16(b, flags);
    put16(b, 1);
    put16(b, records.size());
    put16(b, 0);
    put16(b, edns ? 1 : 0);
    b.writeBytes(question);
    for (Rec r : records) {
      byte[] data = rdata(r);
      b.writeBytes(encodeName(r.get("name", qname)));
      put16(b, TYPES.get(r.type()));
      put16(b, 1);
      int ttl = Integer.parseInt(r.get("ttl", "30"));
      put16(b, ttl >>> 16);
      put16(b, ttl & 0xffff);
      put16(b, data.length);
      b.writeBytes(data);
    }
    if (edns) {
      b.write(0);
      put16(b, TYPES.get("OPT"));
      put16(b, 4096);
      put16(b, 0);
      put16(b, 0);
      put16(b, 0);
    }
    return b.toByteArray();
  }

  private static byte[] rdata(Rec r) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      switch (r.type()) {
        case "A", "AAAA" -> b.writeBytes(InetAddress.getByName(r.get("ip", "")).getAddress());
        case "SRV" -> {
          put16(b, Integer.parseInt(r.get("priority", "0")));
          put16(b, Integer.parseInt(r.get("weight", "0")));
          put16(b, Integer.parseInt(r.get("port", "0")));
          b.writeBytes(encodeName(r.get("target", ".")));
        }
        case "MX" -> {
          put16(b, Integer.parseInt(r.get("preference", "0")));
          b.writeBytes(encodeName(r.get("host", ".")));
        }
        case "NS", "CNAME" -> b.writeBytes(encodeName(r.get("host", ".")));
        case "TXT" -> {
          byte[] raw = r.get("text", "").getBytes(StandardCharsets.UTF_8);
          b.write(raw.length);
          b.writeBytes(raw);
        }
        default -> throw new IllegalArgumentException("unknown record type " + r.type());
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
    byte[] out = b.toByteArray();
    if (r.type().equals("AAAA") && out.length == 4) {
      // InetAddress turns ::ffff:a.b.c.d into an IPv4 address; the wire wants 16 bytes.
      byte[] v6 = new byte[16];
      v6[10] = (byte) 0xff;
      v6[11] = (byte) 0xff;
      System.arraycopy(out, 0, v6, 12, 4);
      return v6;
    }
    return out;
  }

  static byte[] encodeName(String name) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    if (!n.isEmpty()) {
      for (String label : n.split("\\.", -1)) {
        byte[] raw = label.getBytes(StandardCharsets.US_ASCII);
        b.write(raw.length);
        b.writeBytes(raw);
      }
    }
    b.write(0);
    return b.toByteArray();
  }

  private static String readName(byte[] m, int[] off) {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int n = m[off[0]++] & 0xff;
      if (n == 0) {
        break;
      }
      if (sb.length() > 0) {
        sb.append('.');
      }
      sb.append(new String(m, off[0], n, StandardCharsets.ISO_8859_1));
      off[0] += n;
    }
    return sb.append('.').toString();
  }

  private static String typeName(int t) {
    for (Map.Entry<String, Integer> e : TYPES.entrySet()) {
      if (e.getValue() == t) {
        return e.getKey();
      }
    }
    return Integer.toString(t);
  }

  private static String key(String name) {
    String n = name;
    while (n.endsWith(".")) {
      n = n.substring(0, n.length() - 1);
    }
    return n.toLowerCase(Locale.ROOT);
  }

  private static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }

  private static void put16(ByteArrayOutputStream b, int v) {
    b.write((v >>> 8) & 0xff);
    b.write(v & 0xff);
  }

  @Override
  public void close() {
    closed = true;
    udp.close();
    try {
      tcp.close();
    } catch (IOException e) {
      // closing
    }
    for (Thread t : threads) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
