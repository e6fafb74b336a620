package io.promsd.serve;

import io.promsd.web.internal.WebRequest;
import io.promsd.web.internal.WebResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The compression Prometheus puts on every {@code /api/v1} answer ({@code
 * util/httputil/compression.go}, {@code newCompressedResponseWriter}, wrapped around each API
 * handler by {@code web/api/v1/api.go} {@code Register}): the {@code Accept-Encoding} header is
 * split at commas and the first token that is exactly {@code gzip} or {@code deflate} once trimmed
 * wins (so {@code gzip;q=0} is no gzip: Go compares the whole token); {@code deflate} is the zlib
 * format. 3.x also adds {@code Vary: Accept-Encoding} to every answer; 2.42 does not.
 */
final class ApiCompression {
  private ApiCompression() {}

  /** {@code gzip}, {@code deflate}, or null for none, as Prometheus picks from the header. */
  static String choose(String acceptEncoding) {
    if (acceptEncoding == null) {
      return null;
    }
    int start = 0;
    while (start <= acceptEncoding.length()) {
      int comma = acceptEncoding.indexOf(',', start);
      int end = comma < 0 ? acceptEncoding.length() : comma;
      String token = acceptEncoding.substring(start, end).strip();
      if (token.equals("gzip") || token.equals("deflate")) {
        return token;
      }
      if (comma < 0) {
        break;
      }
      start = comma + 1;
    }
    return null;
  }

  /**
   * Sets the headers for {@code req}'s encoding (before the body) and returns the encoding, or null
   * when the answer goes uncompressed.
   */
  static String prepare(WebRequest req, WebResponse resp, boolean vary) {
    if (vary) {
      resp.addHeader("Vary", "Accept-Encoding");
    }
    String enc = choose(req.header("Accept-Encoding").orElse(null));
    if (enc != null) {
      resp.removeHeader("Content-Length");
      resp.header("Content-Encoding", enc);
    }
    return enc;
  }

  /** The body stream for {@code encoding} (from {@link #prepare}) over {@code out}. */
  static OutputStream wrap(String encoding, OutputStream out) throws IOException {
    if (encoding == null) {
      return out;
    }
    return encoding.equals("gzip")
        ? new GZIPOutputStream(out, 1 << 13)
        : new DeflaterOutputStream(out, new java.util.zip.Deflater(), 1 << 13, false) {
          @Override
          public void close() throws IOException {
            try {
              super.close();
            } finally {
              def.end();
            }
          }
        };
  }
}
