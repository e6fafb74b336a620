package io.promsd.sd.docker;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP exchange with the Engine API: {@link UnixSocketTransport} for {@code unix://} hosts (the
 * JDK's HTTP client cannot dial a unix socket), {@link JdkTransport} for every TCP host. Redirects
 * are not followed here: {@link EngineClient} follows them where Go's client does. Thread-safe.
 */
interface Transport extends AutoCloseable {
  /**
   * Sends a request without a body and reads the whole response.
   *
   * @param method {@code GET} or {@code HEAD}
   * @param pathAndQuery the request target, already escaped, starting with {@code /}
   * @param headers header names and values, in order
   * @param deadline {@link System#nanoTime()} by which the exchange must be over
   * @throws Failure for what went wrong on the way (classified for Go's messages)
   * @throws InterruptedException when the thread is interrupted (cancellation)
   */
  Response send(String method, String pathAndQuery, List<String[]> headers, long deadline)
      throws Failure, InterruptedException;

  /** Releases connections and threads; idempotent. */
  @Override
  void close();

  /**
   * A response.
   *
   * @param code the status code
   * @param status the status code and reason phrase as the server sent them ({@code 404 Not
   *     Found}), Go's {@code Response.Status}
   * @param headers header values by lower-case name
   * @param body the body bytes (the first {@code length} of them); a body cut short by the server
   *     is handed over as far as it came, so that the JSON decoder reports it as Go's does
   * @param length how many bytes of {@code body} are the body
   */
  record Response(
      int code, String status, Map<String, List<String>> headers, byte[] body, int length) {

    /** The first value of a header, as Go's {@code Header.Get}; "" when absent. */
    String header(String name) {
      List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
      return v == null || v.isEmpty() ? "" : v.get(0);
    }
  }

  /** What kind of failure, for the Docker client's wording. */
  enum Kind {
    /** The connection was refused. */
    REFUSED,
    /** The unix socket does not exist. */
    NO_SOCKET,
    /** Permission to open the unix socket was denied. */
    PERMISSION,
    /** The deadline passed before the response's headers came. */
    TIMEOUT,
    /** The deadline passed while the body was read. */
    BODY_TIMEOUT,
    /** The host name could not be resolved. */
    DNS,
    /** A TLS handshake with a server that does not speak TLS. */
    NOT_TLS,
    /** Something that is not an HTTP/1.x response came back. */
    MALFORMED,
    /** The response exceeded promsd's bound on its size. */
    TOO_LARGE,
    /** Anything else on the connection. */
    OTHER
  }

  /** A transport failure; its message is the Go-like text of the underlying error. */
  final class Failure extends IOException {
    private static final long serialVersionUID = 1L;

    final Kind kind;

    /** The URL Go names in the error instead of the request's (a redirect's raw Location). */
    String url;

    Failure(Kind kind, String message, Throwable cause) {
      super(message, cause);
      this.kind = kind;
    }
  }
}
