package io.promsd.sd.consul;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link Transport} for {@code server: unix:///path}: one HTTP/1.1 request per connection over a
 * Unix domain socket (java.net.http cannot dial one), each on a thread of the given pool.
 *
 * <p>As in the hashicorp client, which replaces Prometheus's HTTP client by a plain one for unix
 * sockets, only the Consul token header is sent: {@code http_config} (basic auth, authorization,
 * TLS, proxy) does not apply. Unlike it, the request still times out.
 */
final class UnixSocketTransport implements Transport {
  private final Path socket;
  private final String scheme;
  private final List<Map.Entry<String, String>> headers;
  private final Duration timeout;
  private final ExecutorService executor;

  UnixSocketTransport(
      Path socket,
      String scheme,
      List<Map.Entry<String, String>> headers,
      Duration timeout,
      ExecutorService executor) {
    this.socket = socket;
    this.scheme = scheme;
    this.headers = List.copyOf(headers);
    this.timeout = timeout;
    this.executor = executor;
  }

  @Override
  public String url(String pathAndQuery) {
    return scheme + "://" + socket + pathAndQuery;
  }

  @Override
  public CompletableFuture<Response> get(String pathAndQuery) {
    CompletableFuture<Response> out = new CompletableFuture<>();
    SocketChannel[] holder = new SocketChannel[1];
    try {
      executor.execute(
          () -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
              synchronized (holder) {
                holder[0] = ch;
              }
              if (out.isDone()) {
                return;
              }
              ch.connect(UnixDomainSocketAddress.of(socket));
              out.complete(exchange(ch, pathAndQuery));
            } catch (IOException | RuntimeException e) {
              out.completeExceptionally(e);
            }
          });
    } catch (RejectedExecutionException e) {
      out.completeExceptionally(e);
      return out;
    }
    out.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
    out.whenComplete(
        (r, e) -> {
          if (e != null) {
            synchronized (holder) {
              if (holder[0] != null) {
                try {
                  holder[0].close(); // unblocks the reading thread
                } catch (IOException ignored) {
                  // closing anyway
                }
              }
            }
          }
        });
    return out;
  }

  private Response exchange(SocketChannel ch, String pathAndQuery) throws IOException {
    StringBuilder req = new StringBuilder();
    req.append("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
    // The hashicorp client puts the socket path where the host would be.
    req.append("Host: ").append(socket).append("\r\n");
    req.append("User-Agent: promsd\r\n");
    for (Map.Entry<String, String> h : headers) {
      req.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    req.append("Accept-Encoding: identity\r\nConnection: close\r\n\r\n");
    Channels.newOutputStream(ch).write(req.toString().getBytes(StandardCharsets.UTF_8));
    InputStream in = Channels.newInputStream(ch);
    String status = line(in);
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("malformed HTTP response " + ("\"" + status + "\""));
    }
    int code;
    try {
      code = Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("malformed HTTP status code " + ("\"" + parts[1] + "\""));
    }
    long index = 0;
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "x-consul-index" -> index = ConsulApiWire.parseIndex(value);
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> {}
      }
    }
    byte[] body;
    if (chunked) {
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      while (true) {
        String size = line(in);
        int semi = size.indexOf(';');
        int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        if (n == 0) {
          break;
        }
        if (n < 0 || buf.size() + (long) n > MAX_BODY_BYTES) {
          throw new IOException("response body larger than " + MAX_BODY_BYTES + " bytes");
        }
        buf.write(in.readNBytes(n));
        line(in);
      }
      body = buf.toByteArray();
    } else if (length > MAX_BODY_BYTES) {
      throw new IOException("response body larger than " + MAX_BODY_BYTES + " bytes");
    } else if (length >= 0) {
      body = in.readNBytes((int) length);
      if (body.length < length) {
        throw new EOFException("unexpected EOF");
      }
    } else {
      body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new IOException("response body larger than " + MAX_BODY_BYTES + " bytes");
      }
    }
    return new Response(code, index, body);
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    while (true) {
      int c = in.read();
      if (c < 0) {
        throw new EOFException("unexpected EOF");
      }
      if (c == '\n') {
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
          sb.setLength(n - 1);
        }
        return sb.toString();
      }
      sb.append((char) c);
    }
  }

  @Override
  public void close() {
    // the pool belongs to the discoverer, which shuts it down
  }
}
