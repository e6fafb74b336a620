package io.promsd.sd.testing;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on an ephemeral port of 127.0.0.1 that sends every request to one handler, on
 * daemon threads named promsd-test-http-fake; {@link #close()} stops it at once.
 */
public final class LoopbackHttpServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;

  private LoopbackHttpServer(HttpHandler handler) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-test-http-fake");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(pool);
    server.createContext("/", handler);
    server.start();
  }

  /** A started server answering every path with {@code handler}. */
  public static LoopbackHttpServer start(HttpHandler handler) throws IOException {
    return new LoopbackHttpServer(handler);
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops the server and its threads. */
  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
