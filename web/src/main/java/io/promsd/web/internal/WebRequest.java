package io.promsd.web.internal;

import io.promsd.web.WebLimits;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP request as a {@link WebHandler} sees it: the method, the path as Go's {@code r.URL.Path}
 * (percent-decoded, cleaned), the route's parameters, the headers and the body. Not thread-safe;
 * valid only during the handler's call.
 */
public interface WebRequest {
  /** The method, upper case as sent ({@code GET}, {@code PUT}, ...). */
  String method();

  /** The decoded path, e.g. {@code /metrics/job/a/b} for {@code /metrics/job/a%2Fb}. */
  String path();

  /** The path as sent, still percent-encoded. */
  String rawPath();

  /** The query string as sent, without {@code ?}; empty when none. */
  String rawQuery();

  /** The query parameters, decoded as Go's {@code url.ParseQuery} decodes them, in order. */
  Map<String, List<String>> queryParameters();

  /** The first value of a query parameter, or empty. */
  default Optional<String> queryParameter(String name) {
    List<String> v = queryParameters().get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /**
   * A parameter of the matched route: the segment a {@code :name} matched, or what a {@code *name}
   * matched (starting with {@code /}); {@code ""} when the route has no such parameter.
   */
  String pathParameter(String name);

  /** The first value of a header (names are case-insensitive), or empty. */
  Optional<String> header(String name);

  /** Every value of a header, in order. */
  List<String> headers(String name);

  /** The header names and values in the order received. */
  List<Map.Entry<String, String>> headerFields();

  /**
   * The body. Reading past the server's {@link WebLimits#maxRequestBodyBytes()} throws {@link
   * BodyTooLargeException}.
   */
  InputStream body();

  /** The declared {@code Content-Length}, or -1. */
  long contentLength();

  /** The client's address. */
  InetSocketAddress remoteAddress();

  /** Whether the request came over TLS. */
  boolean secure();

  /** The user that basic authentication let in, or empty when none was needed. */
  Optional<String> user();

  /** The protocol, e.g. {@code HTTP/1.1}. */
  String protocol();
}
