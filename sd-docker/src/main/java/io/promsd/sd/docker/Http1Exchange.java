package io.promsd.sd.docker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small, strict HTTP/1.1 client exchange over a connected non-blocking channel: one request
 * without a body, one response read with Go's framing rules ({@code net/http/transfer.go}): no body
 * for {@code HEAD}, 1xx, 204 and 304; {@code Transfer-Encoding: chunked}; {@code Content-Length};
 * else until the connection closes. Interim 1xx responses are skipped. Everything is bounded: the
 * header block, each line, the body, and the time, which ends at a deadline (the channel is
 * selected with the time left, never read blocking). Not thread-safe; one exchange per instance.
 */
final class Http1Exchange {
  /** The header block bound; Go's client allows 10 MiB, no real daemon comes near 1 MiB. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  private static final int MAX_CHUNK_LINE = 4096;

  private final SocketChannel ch;
  private final Selector selector;
  private final long deadline;
  private final int maxBody;
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
  private boolean eof;
  private boolean inBody; // the headers came: a timeout now is one while reading the body

  Http1Exchange(SocketChannel ch, Selector selector, long deadline, int maxBody) {
    this.ch = ch;
    this.selector = selector;
    this.deadline = deadline;
    this.maxBody = maxBody;
    in.flip(); // empty, in read mode
  }

  /** Writes {@code request} and reads the response to it. */
  Transport.Response exchange(byte[] request, boolean head)
      throws Transport.Failure, InterruptedException {
    write(ByteBuffer.wrap(request));
    while (true) {
      int headerBytes = 0;
      String statusLine = line(MAX_HEADER_BYTES);
      if (statusLine == null) {
        throw new Transport.Failure(Transport.Kind.OTHER, "EOF", null);
      }
      headerBytes += statusLine.length();
      // net/http ReadResponse: "HTTP/1.1 200 OK"
      int sp = statusLine.indexOf(' ');
      if (sp < 0) {
        throw malformed("malformed HTTP response", statusLine);
      }
      String proto = statusLine.substring(0, sp);
      String status = stripLeadingSpaces(statusLine.substring(sp + 1));
      int sp2 = status.indexOf(' ');
      String codeText = sp2 < 0 ? status : status.substring(0, sp2);
      if (codeText.length() != 3) {
        throw malformed("malformed HTTP status code", codeText);
      }
      int code;
      try {
        code = Integer.parseInt(codeText);
      } catch (NumberFormatException e) {
        throw malformed("malformed HTTP status code", codeText);
      }
      if (code < 0 || !validProto(proto)) {
        throw malformed(code < 0 ? "malformed HTTP status code" : "malformed HTTP version", proto);
      }
      Map<String, List<String>> headers = new LinkedHashMap<>();
      while (true) {
        String h = line(MAX_HEADER_BYTES - headerBytes);
        if (h == null) {
          throw new Transport.Failure(Transport.Kind.OTHER, "unexpected EOF", null);
        }
        headerBytes += h.length() + 2;
        if (headerBytes > MAX_HEADER_BYTES) {
          throw tooLarge("server response headers exceeded " + MAX_HEADER_BYTES + " bytes");
        }
        if (h.isEmpty()) {
          break;
        }
        int colon = h.indexOf(':');
        if (colon <= 0 || h.charAt(0) == ' ' || h.charAt(0) == '\t') {
          throw malformed("malformed MIME header line", h);
        }
        String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
        if (name.indexOf(' ') >= 0 || name.indexOf('\t') >= 0) {
          throw malformed("malformed MIME header line", h);
        }
        headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(h.substring(colon + 1).strip());
      }
      if (code >= 100 && code < 200 && code != 101) {
        continue; // Go's client skips interim responses
      }
      inBody = true;
      return body(code, status, headers, head);
    }
  }

  private Transport.Response body(
      int code, String status, Map<String, List<String>> headers, boolean head)
      throws Transport.Failure, InterruptedException {
    if (head || code == 204 || code == 304 || (code >= 100 && code < 200)) {
      return new Transport.Response(code, status, headers, new byte[0], 0);
    }
    List<String> te = headers.get("transfer-encoding");
    if (te != null && !te.isEmpty()) {
      String enc = String.join(",", te).strip().toLowerCase(Locale.ROOT);
      if (!enc.equals("chunked")) {
        throw new Transport.Failure(
            Transport.Kind.MALFORMED,
            "unsupported transfer encoding: " + io.promsd.relabel.internal.config.GoText.quote(enc),
            null);
      }
      return chunked(code, status, headers);
    }
    List<String> cl = headers.get("content-length");
    if (cl != null && !cl.isEmpty()) {
      String first = cl.get(0);
      for (String v : cl) {
        if (!v.equals(first)) {
          throw new Transport.Failure(
              Transport.Kind.MALFORMED,
              "http: message cannot contain multiple Content-Length headers; got " + cl,
              null);
        }
      }
      long n = parseLength(first);
      if (n > maxBody) {
        throw tooLarge("response body of " + n + " bytes exceeds the limit of " + maxBody);
      }
      Buf out = new Buf((int) n);
      while (out.length < n) {
        if (!fill()) {
          break; // cut short: hand over what came
        }
        out.take(in, (int) n - out.length);
      }
      return new Transport.Response(code, status, headers, out.bytes, out.length);
    }
    Buf out = new Buf(8192);
    while (true) {
      if (!fill()) {
        return new Transport.Response(code, status, headers, out.bytes, out.length);
      }
      if (out.length + in.remaining() > maxBody) {
        throw tooLarge("response body exceeds the limit of " + maxBody + " bytes");
      }
      out.take(in, in.remaining());
    }
  }

  private Transport.Response chunked(int code, String status, Map<String, List<String>> headers)
      throws Transport.Failure, InterruptedException {
    Buf out = new Buf(8192);
    while (true) {
      String sizeLine = line(MAX_CHUNK_LINE);
      if (sizeLine == null) {
        return new Transport.Response(code, status, headers, out.bytes, out.length);
      }
      int semi = sizeLine.indexOf(';');
      String hex = (semi >= 0 ? sizeLine.substring(0, semi) : sizeLine).strip();
      long size = 0;
      if (hex.isEmpty() || hex.length() > 16) {
        throw malformedChunk();
      }
      for (int i = 0; i < hex.length(); i++) {
        int d = Character.digit(hex.charAt(i), 16);
        if (d < 0 || hex.charAt(i) >= 0x80) {
          throw malformedChunk();
        }
        size = size * 16 + d;
      }
      if (size == 0) {
        // trailers, up to the empty line
        String t;
        do {
          t = line(MAX_CHUNK_LINE);
        } while (t != null && !t.isEmpty());
        return new Transport.Response(code, status, headers, out.bytes, out.length);
      }
      if (size < 0 || out.length + size > maxBody) {
        throw tooLarge("response body exceeds the limit of " + maxBody + " bytes");
      }
      long want = out.length + size;
      while (out.length < want) {
        if (!fill()) {
          return new Transport.Response(code, status, headers, out.bytes, out.length);
        }
        out.take(in, (int) (want - out.length));
      }
      String crlf = line(2);
      if (crlf == null) {
        return new Transport.Response(code, status, headers, out.bytes, out.length);
      }
      if (!crlf.isEmpty()) {
        throw malformedChunk();
      }
    }
  }

  private static long parseLength(String v) throws Transport.Failure {
    String t = v.strip();
    if (t.isEmpty() || t.length() > 18) {
      throw badLength(v);
    }
    for (int i = 0; i < t.length(); i++) {
      if (t.charAt(i) < '0' || t.charAt(i) > '9') {
        throw badLength(v);
      }
    }
    return Long.parseLong(t);
  }

  private static Transport.Failure badLength(String v) {
    return new Transport.Failure(
        Transport.Kind.MALFORMED,
        "bad Content-Length " + io.promsd.relabel.internal.config.GoText.quote(v),
        null);
  }

  private static boolean validProto(String p) {
    return p.length() == 8 && p.startsWith("HTTP/1.") && Character.isDigit(p.charAt(7));
  }

  private static String stripLeadingSpaces(String s) {
    int i = 0;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return s.substring(i);
  }

  private static Transport.Failure malformed(String what, String text) {
    return new Transport.Failure(
        Transport.Kind.MALFORMED,
        "net/http: HTTP/1.x transport connection broken: "
            + what
            + " "
            + io.promsd.relabel.internal.config.GoText.quote(text),
        null);
  }

  private static Transport.Failure malformedChunk() {
    return new Transport.Failure(Transport.Kind.MALFORMED, "malformed chunked encoding", null);
  }

  private static Transport.Failure tooLarge(String text) {
    return new Transport.Failure(Transport.Kind.TOO_LARGE, text, null);
  }

  /**
   * The next line without its CRLF (or LF), or null at the end of the stream before any byte. A
   * line longer than {@code max} bytes fails.
   */
  private String line(int max) throws Transport.Failure, InterruptedException {
    StringBuilder sb = null;
    int n = 0;
    while (true) {
      while (in.hasRemaining()) {
        byte b = in.get();
        if (b == '\n') {
          String s = sb == null ? "" : sb.toString();
          return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
        }
        if (++n > max) {
          throw tooLarge("header line longer than " + max + " bytes");
        }
        if (sb == null) {
          sb = new StringBuilder(64);
        }
        sb.append((char) (b & 0xff));
      }
      if (!fill()) {
        if (sb == null) {
          return null;
        }
        throw new Transport.Failure(Transport.Kind.OTHER, "unexpected EOF", null);
      }
    }
  }

  /** Reads more into {@code in}; false at the end of the stream. */
  private boolean fill() throws Transport.Failure, InterruptedException {
    if (in.hasRemaining()) {
      return true;
    }
    if (eof) {
      return false;
    }
    in.clear();
    try {
      while (true) {
        int r = ch.read(in);
        if (r < 0) {
          eof = true;
          in.flip();
          return false;
        }
        if (r > 0) {
          in.flip();
          return true;
        }
        await(SelectionKey.OP_READ);
      }
    } catch (IOException e) {
      in.clear().flip();
      throw UnixSocketTransport.classify(e);
    }
  }

  private void write(ByteBuffer out) throws Transport.Failure, InterruptedException {
    try {
      while (out.hasRemaining()) {
        if (ch.write(out) == 0) {
          await(SelectionKey.OP_WRITE);
        }
      }
    } catch (IOException e) {
      throw UnixSocketTransport.classify(e);
    }
  }

  private void await(int op) throws IOException, InterruptedException {
    long left = deadline - System.nanoTime();
    if (left <= 0) {
      throw new Transport.Failure(
          inBody ? Transport.Kind.BODY_TIMEOUT : Transport.Kind.TIMEOUT, "i/o timeout", null);
    }
    SelectionKey key = ch.keyFor(selector);
    if (key == null) {
      key = ch.register(selector, op);
    } else {
      key.interestOps(op);
    }
    selector.select(Math.max(1, left / 1_000_000));
    selector.selectedKeys().clear();
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
  }

  /** A growable byte array that never exceeds what the caller allows. */
  private static final class Buf {
    byte[] bytes;
    int length;

    Buf(int initial) {
      // Content-Length sizes the buffer once, up to 8 MiB; a bigger claim must come true first.
      bytes = new byte[Math.max(16, Math.min(initial, 8 << 20))];
    }

    void take(ByteBuffer src, int max) {
      int n = Math.min(max, src.remaining());
      if (length + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(length + n, bytes.length * 2));
      }
      src.get(bytes, length, n);
      length += n;
    }
  }

  /** The request bytes: request line and headers, ASCII (header values are ASCII here). */
  static byte[] request(String method, String target, List<String[]> headers) {
    StringBuilder sb = new StringBuilder(256);
    sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    for (String[] h : headers) {
      sb.append(h[0]).append(": ").append(h[1]).append("\r\n");
    }
    sb.append("\r\n");
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }
}
