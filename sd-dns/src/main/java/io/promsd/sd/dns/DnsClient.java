package io.promsd.sd.dns;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/**
 * One question to one server, as Prometheus's {@code askServerForName} asks it through miekg/dns's
 * {@code Client.Exchange} (v1.1.50 {@code client.go}): a recursive query with an EDNS0 OPT of 4096
 * bytes over UDP, answers with another id skipped until the deadline, 2 s for the dial and 2 s for
 * the whole exchange; a truncated answer asks again over TCP without EDNS0, and the client stays on
 * TCP for the next servers of the same name ({@code client.Net = "tcp"} on the shared client).
 * dnsjava only packs and parses the messages.
 *
 * <p>Not thread-safe: one per name being looked up.
 */
final class DnsClient {
  /** miekg/dns's {@code dnsTimeout}: dial, write and read deadlines when the client sets none. */
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** {@code dns.DefaultMsgSize}, the EDNS0 buffer Prometheus announces. */
  static final int EDNS_SIZE = 4096;

  /** {@code dns.MinMsgSize}: the UDP buffer without EDNS0. */
  private static final int MIN_MSG_SIZE = 512;

  private final Duration timeout;
  private boolean tcp;

  DnsClient(Duration timeout) {
    this.timeout = timeout;
  }

  /** Whether the client has switched to TCP after a truncated answer. */
  boolean tcp() {
    return tcp;
  }

  /**
   * Asks {@code server} for {@code name} (already fully qualified) of type {@code qtype}.
   *
   * @throws IOException the server's failure, worded as Go words it where that matters
   */
  Message ask(String name, int qtype, InetSocketAddress server) throws IOException {
    return ask(name, qtype, server, true);
  }

  private Message ask(String name, int qtype, InetSocketAddress server, boolean edns)
      throws IOException {
    Message query = query(name, qtype, edns);
    Message response = tcp ? exchangeTcp(query, server) : exchangeUdp(query, server, edns);
    if (response.getHeader().getFlag(Flags.TC)) {
      if (tcp) {
        throw new IOException("got truncated message on TCP (64kiB limit exceeded?)");
      }
      tcp = true;
      return ask(name, qtype, server, false);
    }
    return response;
  }

  static Message query(String name, int qtype, boolean edns) throws IOException {
    Name qname;
    try {
      qname = Name.fromString(name);
    } catch (TextParseException e) {
      // miekg fails to pack such a name ("dns: bad rdata"); either way this server gives nothing.
      throw new IOException("dns: bad rdata: " + e.getMessage(), e);
    }
    Message query = Message.newQuery(Record.newRecord(qname, qtype, DClass.IN));
    if (edns) {
      query.addRecord(new OPTRecord(EDNS_SIZE, 0, 0), Section.ADDITIONAL);
    }
    return query;
  }

  private Message exchangeUdp(Message query, InetSocketAddress server, boolean edns)
      throws IOException {
    byte[] out = query.toWire();
    int id = query.getHeader().getID();
    long deadline = System.nanoTime() + timeout.toNanos();
    // A channel's socket: the timeouts of a socket, and an interrupt closes it (cancellation).
    try (DatagramChannel channel = DatagramChannel.open()) {
      DatagramSocket socket = channel.socket();
      socket.connect(server);
      String where = "udp " + local(socket) + "->" + GoAddr.of(server);
      socket.send(new DatagramPacket(out, out.length));
      byte[] buf = new byte[edns ? EDNS_SIZE : MIN_MSG_SIZE];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new IOException("read " + where + ": i/o timeout");
        }
        socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          socket.receive(p);
        } catch (SocketTimeoutException e) {
          throw new IOException("read " + where + ": i/o timeout", e);
        } catch (PortUnreachableException e) {
          throw new IOException("read " + where + ": read: connection refused", e);
        }
        Message m = parse(buf, p.getLength());
        if (m.getHeader().getID() == id) {
          return m;
        }
        // Over UDP miekg reads on until an answer carries the query's id, or the deadline.
      }
    }
  }

  private Message exchangeTcp(Message query, InetSocketAddress server) throws IOException {
    byte[] out = query.toWire();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (SocketChannel channel = SocketChannel.open()) {
      Socket socket = channel.socket();
      try {
        socket.connect(server, (int) timeout.toMillis());
      } catch (SocketTimeoutException e) {
        throw new IOException("dial tcp " + GoAddr.of(server) + ": i/o timeout", e);
      } catch (IOException e) {
        throw new IOException("dial tcp " + GoAddr.of(server) + ": connection refused", e);
      }
      String where = "tcp " + local(socket) + "->" + GoAddr.of(server);
      OutputStream os = socket.getOutputStream();
      byte[] framed = new byte[out.length + 2];
      framed[0] = (byte) (out.length >>> 8);
      framed[1] = (byte) out.length;
      System.arraycopy(out, 0, framed, 2, out.length);
      os.write(framed);
      os.flush();
      InputStream in = new DataInputStream(socket.getInputStream());
      try {
        byte[] head = readFully(socket, in, 2, deadline, where);
        int length = ((head[0] & 0xff) << 8) | (head[1] & 0xff);
        byte[] body = readFully(socket, in, length, deadline, where);
        Message m = parse(body, body.length);
        if (m.getHeader().getID() != query.getHeader().getID()) {
          throw new IOException("dns: id mismatch");
        }
        return m;
      } catch (EOFException e) {
        throw new IOException("EOF", e);
      }
    }
  }

  private static byte[] readFully(Socket socket, InputStream in, int n, long deadline, String where)
      throws IOException {
    byte[] buf = new byte[n];
    int off = 0;
    while (off < n) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new IOException("read " + where + ": i/o timeout");
      }
      socket.setSoTimeout((int) Math.max(1, Duration.ofNanos(left).toMillis()));
      int r;
      try {
        r = in.read(buf, off, n - off);
      } catch (SocketTimeoutException e) {
        throw new IOException("read " + where + ": i/o timeout", e);
      }
      if (r < 0) {
        throw new EOFException();
      }
      off += r;
    }
    return buf;
  }

  /** miekg's {@code ReadMsg}: shorter than a header is a short read, then a full unpack. */
  private static Message parse(byte[] buf, int length) throws IOException {
    if (length < 12) {
      throw new IOException("dns: short read");
    }
    byte[] wire = length == buf.length ? buf : java.util.Arrays.copyOf(buf, length);
    try {
      return new Message(wire);
    } catch (IOException e) {
      throw new IOException("dns: " + e.getMessage(), e);
    }
  }

  private static String local(DatagramSocket s) {
    return GoAddr.of(new InetSocketAddress(s.getLocalAddress(), s.getLocalPort()));
  }

  private static String local(Socket s) {
    return GoAddr.of(new InetSocketAddress(s.getLocalAddress(), s.getLocalPort()));
  }
}
