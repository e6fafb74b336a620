package io.promsd.sd.docker;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.RefreshDiscoverer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** What the Docker and the swarm discoverers share: the client, one listing, the timing. */
final class MobyRefresh {
  private MobyRefresh() {}

  /** A failed refresh, with Prometheus's message. */
  static final class RefreshException extends Exception {
    private static final long serialVersionUID = 1L;

    RefreshException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The interval between refreshes. Prometheus's ticker panics on zero (after the first refresh);
   * promsd refreshes once and then waits to be stopped.
   */
  static Duration interval(Duration configured) {
    return configured.isZero() || configured.isNegative() ? Duration.ofDays(365) : configured;
  }

  /**
   * The time one request may take: the refresh interval (Prometheus's {@code http.Client.Timeout}
   * for http(s) hosts in 2.42, {@code WithTimeout} for every host in 3.x); Go's zero means none,
   * promsd still bounds it, by a minute.
   */
  static Duration timeout(Duration interval) {
    return interval.isZero() || interval.isNegative() ? Duration.ofSeconds(60) : interval;
  }

  static EngineClient open(
      EngineClient.Factory clients,
      EngineHost host,
      HttpClientConfig http,
      Compat compat,
      Duration interval)
      throws RefreshException {
    try {
      return clients.open(host, http, compat, timeout(interval));
    } catch (IOException e) {
      throw new RefreshException(String.valueOf(e.getMessage()));
    }
  }

  /**
   * A discoverer's Engine client: opened at its first refresh and kept while the discoverer runs
   * (as Prometheus keeps its client and the API version it negotiated), closed when a run ends.
   */
  static final class LazyClient {
    private final Opener opener;
    private final Duration interval;
    private EngineClient client;

    /** How the client is opened. */
    interface Opener {
      EngineClient open() throws RefreshException;
    }

    /** A client of {@code host} with these settings, not opened yet. */
    LazyClient(
        EngineClient.Factory clients,
        EngineHost host,
        HttpClientConfig http,
        Compat compat,
        Duration interval) {
      this.opener = () -> open(clients, host, http, compat, interval);
      this.interval = interval;
    }

    /** The client, opened now if it is not open. */
    EngineClient get() throws RefreshException {
      if (client == null) {
        client = opener.open();
      }
      return client;
    }

    /** Polls {@code refresher} every refresh interval until cancelled; then closes the client. */
    void run(DiscoveryContext ctx, RefreshDiscoverer.Refresher refresher)
        throws InterruptedException {
      try {
        new RefreshDiscoverer(MobyRefresh.interval(interval), refresher).run(ctx);
      } finally {
        if (client != null) {
          client.close();
          client = null;
        }
      }
    }
  }

  /** GETs and decodes one list; failures carry {@code prefix}, as Prometheus wraps them. */
  @SuppressWarnings("unchecked")
  static List<Object> list(
      EngineClient client, String path, String query, GoType type, String prefix)
      throws RefreshException, InterruptedException {
    EngineClient.Body body;
    try {
      body = client.get(path, query);
    } catch (EngineClient.EngineException e) {
      throw new RefreshException(prefix + e.getMessage());
    }
    try {
      Object v = GoJsonDecoder.decode(body.bytes(), body.length(), type);
      return v == null ? List.of() : (List<Object>) v;
    } catch (GoJsonDecoder.JsonException e) {
      throw new RefreshException(prefix + e.getMessage());
    }
  }
}
