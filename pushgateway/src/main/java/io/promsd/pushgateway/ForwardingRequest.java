package io.promsd.pushgateway;

import io.promsd.web.internal.WebRequest;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A request that answers everything from another; subclasses replace what they change. */
class ForwardingRequest implements WebRequest {
  private final WebRequest d;

  ForwardingRequest(WebRequest d) {
    this.d = d;
  }

  @Override
  public String method() {
    return d.method();
  }

  @Override
  public String path() {
    return d.path();
  }

  @Override
  public String rawPath() {
    return d.rawPath();
  }

  @Override
  public String rawQuery() {
    return d.rawQuery();
  }

  @Override
  public Map<String, List<String>> queryParameters() {
    return d.queryParameters();
  }

  @Override
  public String pathParameter(String name) {
    return d.pathParameter(name);
  }

  @Override
  public Optional<String> header(String name) {
    return d.header(name);
  }

  @Override
  public List<String> headers(String name) {
    return d.headers(name);
  }

  @Override
  public List<Map.Entry<String, String>> headerFields() {
    return d.headerFields();
  }

  @Override
  public InputStream body() {
    return d.body();
  }

  @Override
  public long contentLength() {
    return d.contentLength();
  }

  @Override
  public InetSocketAddress remoteAddress() {
    return d.remoteAddress();
  }

  @Override
  public boolean secure() {
    return d.secure();
  }

  @Override
  public Optional<String> user() {
    return d.user();
  }

  @Override
  public String protocol() {
    return d.protocol();
  }
}
