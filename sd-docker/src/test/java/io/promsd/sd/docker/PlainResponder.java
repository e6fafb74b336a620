package io.promsd.sd.docker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP server on 127.0.0.1 that answers whatever arrives with a plain-text HTTP 400 and closes, as
 * Python's {@code http.server} (the recorded fake) answers a TLS handshake: what a client that
 * speaks TLS to a plain-HTTP daemon sees.
 */
final class PlainResponder implements AutoCloseable {
  private final ServerSocket server;
  private final Thread thread;

  PlainResponder() {
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    thread = new Thread(this::loop, "plain-responder");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  private void loop() {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        in.read(new byte[4096]);
        OutputStream out = s.getOutputStream();
        out.write(
            ("HTTP/1.0 400 Bad request version\r\nContent-Type: text/html\r\n\r\n<p>bad</p>\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        // closed, or the client went away
      }
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
