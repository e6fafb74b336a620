package io.promsd.web.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The answer to a {@link WebRequest}. Set the status and headers first, then write the body; a
 * handler that writes nothing answers {@code 200} with an empty body. A body written without a
 * {@code Content-Type} gets one as Go's {@code http.DetectContentType} would give. Not thread-safe.
 */
public interface WebResponse {
  /** Sets the status code (before the body). */
  void status(int code);

  /** The status code set so far (200 by default). */
  int status();

  /** Sets a header, replacing its values (before the body). */
  void header(String name, String value);

  /** Adds a header value (before the body). */
  void addHeader(String name, String value);

  /** Removes a header (before the body). */
  void removeHeader(String name);

  /** The body stream; closing it completes the answer. */
  OutputStream output() throws IOException;

  /** Whether the status and headers were sent already. */
  boolean committed();

  /** Sends a whole answer with a known length. */
  default void send(int code, String contentType, byte[] body) throws IOException {
    status(code);
    if (contentType != null) {
      header("Content-Type", contentType);
    }
    header("Content-Length", Integer.toString(body.length));
    try (OutputStream out = output()) {
      out.write(body);
    }
  }

  /**
   * Go's {@code http.Error}: {@code text/plain; charset=utf-8}, {@code X-Content-Type-Options:
   * nosniff}, the text and a newline.
   */
  default void error(int code, String text) throws IOException {
    header("X-Content-Type-Options", "nosniff");
    send(code, "text/plain; charset=utf-8", (text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Go's {@code http.Redirect} to an absolute path ({@code /a/b?q}): {@code Location}, and for
   * {@code GET} a short HTML body.
   */
  void redirect(int code, String location) throws IOException;
}
