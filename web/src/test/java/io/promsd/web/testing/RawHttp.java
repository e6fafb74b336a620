package io.promsd.web.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Sends a request exactly as written (paths with {@code //}, {@code %2F}, odd methods, no
 * normalisation) over one HTTP/1.1 connection and reads the answer, for tests that compare a
 * server's answers byte for byte with recorded ones. Loopback only.
 */
public final class RawHttp {
  private RawHttp() {}

  /** A parsed answer. */
  public record Answer(
      int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {
    /** The first value of a header (case-insensitive), or empty. */
    public Optional<String> header(String name) {
      for (Map.Entry<String, String> h : headers) {
        if (h.getKey().equalsIgnoreCase(name)) {
          return Optional.of(h.getValue());
        }
      }
      return Optional.empty();
    }

    /** The body as UTF-8 text. */
    public String text() {
      return new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Sends {@code method target} with the given headers and body to {@code host:port}; adds {@code
   * Host}, {@code Content-Length} (when a body is given) and {@code Connection: close}.
   */
  public static Answer send(
      String host,
      int port,
      String method,
      String target,
      List<Map.Entry<String, String>> headers,
      byte[] body,
      Duration timeout)
      throws IOException {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    String hostText = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    head.append("Host: ").append(hostText).append(':').append(port).append("\r\n");
    for (Map.Entry<String, String> h : headers) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    if (body != null) {
      head.append("Content-Length: ").append(body.length).append("\r\n");
    }
    head.append("Connection: close\r\n\r\n");
    req.write(head.toString().getBytes(StandardCharsets.UTF_8));
    if (body != null) {
      req.write(body);
    }
    return sendRaw(host, port, req.toByteArray(), method.equals("HEAD"), timeout);
  }

  /** Sends raw bytes and reads one answer. */
  public static Answer sendRaw(
      String host, int port, byte[] request, boolean head, Duration timeout) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      OutputStream out = s.getOutputStream();
      out.write(request);
      out.flush();
      return read(s.getInputStream(), head);
    }
  }

  /** Reads one HTTP/1.1 answer from {@code in}. */
  public static Answer read(InputStream in, boolean head) throws IOException {
    String statusLine = line(in);
    if (statusLine == null) {
      throw new IOException("connection closed before an answer");
    }
    String[] parts = statusLine.split(" ", 3);
    int status = Integer.parseInt(parts[1]);
    String reason = parts.length > 2 ? parts[2] : "";
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    String l;
    while ((l = line(in)) != null && !l.isEmpty()) {
      int c = l.indexOf(':');
      headers.add(Map.entry(l.substring(0, c), l.substring(c + 1).trim()));
    }
    Answer partial = new Answer(status, reason, headers, new byte[0]);
    if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
      return partial;
    }
    Optional<String> te = partial.header("Transfer-Encoding");
    Optional<String> cl = partial.header("Content-Length");
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (te.isPresent() && te.get().toLowerCase(Locale.ROOT).contains("chunked")) {
      while (true) {
        String size = line(in);
        if (size == null) {
          break;
        }
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (n == 0) {
          while ((l = line(in)) != null && !l.isEmpty()) {
            // trailers
          }
          break;
        }
        body.write(in.readNBytes(n));
        line(in);
      }
    } else if (cl.isPresent()) {
      body.write(in.readNBytes(Integer.parseInt(cl.get())));
    } else {
      body.write(in.readAllBytes());
    }
    return new Answer(status, reason, headers, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        byte[] bytes = b.toByteArray();
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == '\r') {
          n--;
        }
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
