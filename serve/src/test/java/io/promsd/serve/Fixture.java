package io.promsd.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** Test helpers: the repository's testdata, copies of config folders, HTTP requests. */
final class Fixture {
  private Fixture() {}

  static final Duration T = Duration.ofSeconds(20);
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** The repository's testdata folder. */
  static Path testdata() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.isDirectory(p.resolve("testdata/serve"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "testdata/serve not found above " + Path.of("").toAbsolutePath());
    }
    return p.resolve("testdata");
  }

  /** Copies a folder tree into {@code to}. */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.naturalOrder())::iterator) {
        Path dest = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(p, dest);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends a request with an empty body for POST and PUT. */
  static HttpResponse<String> send(URI base, String method, String pathAndQuery, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(T)
            .method(
                method,
                method.equals("POST") || method.equals("PUT")
                    ? HttpRequest.BodyPublishers.ofString("")
                    : HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Like {@link #send}, with the body as sent (no decompression). */
  static HttpResponse<byte[]> sendBytes(
      URI base, String method, String pathAndQuery, java.util.Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(T)
            .method(
                method,
                method.equals("POST") || method.equals("PUT")
                    ? HttpRequest.BodyPublishers.ofString("")
                    : HttpRequest.BodyPublishers.noBody());
    headers.forEach(b::header);
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** The text of a body sent with {@code Content-Encoding} {@code encoding} (null: none). */
  static String decode(String encoding, byte[] body) throws IOException {
    java.io.InputStream in = new java.io.ByteArrayInputStream(body);
    if ("gzip".equals(encoding)) {
      in = new java.util.zip.GZIPInputStream(in);
    } else if ("deflate".equals(encoding)) {
      in = new java.util.zip.InflaterInputStream(in);
    } else if (encoding != null) {
      throw new IOException("unexpected Content-Encoding " + encoding);
    }
    try (java.io.InputStream stream = in) {
      return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  static HttpResponse<String> get(URI base, String pathAndQuery)
      throws IOException, InterruptedException {
    return send(base, "GET", pathAndQuery);
  }
}
