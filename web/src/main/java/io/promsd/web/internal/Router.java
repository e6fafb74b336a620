package io.promsd.web.internal;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Routes requests by method and path as julienschmidt/httprouter 1.3.0 does, which Prometheus and
 * the Pushgateway route with (through prometheus/common's {@code route} package).
 *
 * <p>Patterns are absolute paths whose segments may be {@code :name} (one non-empty segment) or, as
 * the last, {@code *name} (the rest of the path, from its {@code /}). When no route of the
 * request's method matches: a path that matches with a trailing slash added or removed is
 * redirected there ({@code 301} for {@code GET}, else {@code 307}), as is a path that matches but
 * for letter case; {@code OPTIONS} answers {@code 200} with {@code Allow}; a path that another
 * method's route matches answers {@code 405 Method Not Allowed} with {@code Allow}; anything else
 * {@code 404 page not found}.
 *
 * <p>Configure a router before handing it to {@link WebServer.Builder#router(Router)}; the server
 * takes a snapshot, so later changes do not reach a running server. Not thread-safe while being
 * configured.
 */
public final class Router {
  private record Registration(String method, String pattern, Route route) {}

  private final List<Registration> registrations = new ArrayList<>();
  private final Map<String, RouteTree<Route>> trees = new LinkedHashMap<>();
  private final Map<String, Router> mounts = new LinkedHashMap<>();
  private WebHandler notFound;

  /** An empty router: every request is {@code 404 page not found}. */
  public Router() {}

  /**
   * Adds a route.
   *
   * @param method the method, e.g. {@code GET}
   * @param pattern the path pattern, e.g. {@code /metrics/job/:job/*labels}
   * @param name the route's name for {@link ObservedRequest#route()} (Prometheus's {@code handler}
   *     label)
   * @param handler what answers it
   * @throws IllegalArgumentException when the pattern is malformed or conflicts with a route of the
   *     same method, with httprouter's text
   */
  public Router handle(String method, String pattern, String name, WebHandler handler) {
    requireNonNull(method, "method");
    requireNonNull(pattern, "pattern");
    requireNonNull(name, "name");
    requireNonNull(handler, "handler");
    if (!pattern.startsWith("/")) {
      throw new IllegalArgumentException("path must begin with '/' in path '" + pattern + "'");
    }
    Route r = new Route(pattern, name, handler);
    trees.computeIfAbsent(method, m -> new RouteTree<>()).add(pattern, r);
    registrations.add(new Registration(method, pattern, r));
    return this;
  }

  /** {@link #handle} for {@code GET}. */
  public Router get(String pattern, String name, WebHandler handler) {
    return handle("GET", pattern, name, handler);
  }

  /** {@link #handle} for {@code PUT}. */
  public Router put(String pattern, String name, WebHandler handler) {
    return handle("PUT", pattern, name, handler);
  }

  /** {@link #handle} for {@code POST}. */
  public Router post(String pattern, String name, WebHandler handler) {
    return handle("POST", pattern, name, handler);
  }

  /** {@link #handle} for {@code DELETE}. */
  public Router delete(String pattern, String name, WebHandler handler) {
    return handle("DELETE", pattern, name, handler);
  }

  /**
   * Hands every path under {@code prefix + "/"} to {@code sub} with {@code prefix} stripped, as Go
   * servers mount their API ({@code mux.Handle(prefix + "/", http.StripPrefix(prefix, sub))}); the
   * path {@code prefix} itself is redirected ({@code 301}) to {@code prefix + "/"}. Redirects that
   * {@code sub} answers are computed on the stripped path, as in Go. Only for the router handed to
   * the server.
   *
   * @param prefix an absolute path without a trailing slash, e.g. {@code /api/v1}
   */
  public Router mount(String prefix, Router sub) {
    requireNonNull(prefix, "prefix");
    requireNonNull(sub, "sub");
    if (!prefix.startsWith("/") || prefix.endsWith("/")) {
      throw new IllegalArgumentException("mount prefix must start and not end with '/': " + prefix);
    }
    mounts.put(prefix, sub);
    return this;
  }

  /** Replaces the {@code 404 page not found} answer. */
  public Router notFound(WebHandler handler) {
    this.notFound = requireNonNull(handler, "handler");
    return this;
  }

  Router snapshot() {
    Router copy = new Router();
    for (Registration reg : registrations) {
      copy.handle(reg.method(), reg.pattern(), reg.route().name(), reg.route().handler());
    }
    copy.notFound = notFound;
    mounts.forEach((p, r) -> copy.mounts.put(p, r.snapshot()));
    return copy;
  }

  /** A registered route. */
  record Route(String pattern, String name, WebHandler handler) {}

  /** httprouter's {@code allowed}: the other methods that route this path, plus OPTIONS. */
  String allowed(String path, String method) {
    TreeSet<String> allowed = new TreeSet<>();
    for (Map.Entry<String, RouteTree<Route>> e : trees.entrySet()) {
      String m = e.getKey();
      if (m.equals(method) || m.equals("OPTIONS")) {
        continue;
      }
      if (e.getValue().get(path).handle() != null) {
        allowed.add(m);
      }
    }
    if (allowed.isEmpty()) {
      return "";
    }
    allowed.add("OPTIONS");
    return String.join(", ", allowed);
  }

  /**
   * Dispatches a request whose path is already clean (httprouter's {@code ServeHTTP}); returns the
   * matched route's name or {@code ""}.
   */
  String dispatch(WebServer.Exchange ex) throws IOException {
    String method = ex.method();
    String path = ex.path();
    String longest = null;
    for (String prefix : mounts.keySet()) {
      if ((path.equals(prefix) || path.startsWith(prefix + "/"))
          && (longest == null || prefix.length() > longest.length())) {
        longest = prefix;
      }
    }
    if (longest != null) {
      if (path.equals(longest)) {
        ex.redirect(301, withQuery(longest + "/", ex.rawQuery()));
        return "";
      }
      ex.strip(longest);
      return mounts.get(longest).dispatch(ex);
    }
    RouteTree<Route> root = trees.get(method);
    if (root != null) {
      RouteTree.Value<Route> v = root.get(path);
      if (v.handle() != null) {
        ex.params(v.params() == null ? Map.of() : v.params());
        v.handle().handler().handle(ex, ex);
        return v.handle().name();
      } else if (!method.equals("CONNECT") && !path.equals("/")) {
        int code = method.equals("GET") ? 301 : 307;
        if (v.tsr()) {
          String to =
              path.length() > 1 && path.endsWith("/")
                  ? path.substring(0, path.length() - 1)
                  : path + "/";
          ex.redirect(code, withQuery(to, ex.rawQuery()));
          return "";
        }
        String fixed = root.findCaseInsensitivePath(GoPaths.cleanPath(path), true);
        if (fixed != null) {
          ex.redirect(code, withQuery(fixed, ex.rawQuery()));
          return "";
        }
      }
    }
    if (method.equals("OPTIONS")) {
      String allow = allowed(path, method);
      if (!allow.isEmpty()) {
        ex.header("Allow", allow);
        return "";
      }
    } else {
      String allow = allowed(path, method);
      if (!allow.isEmpty()) {
        ex.header("Allow", allow);
        ex.error(405, "Method Not Allowed");
        return "";
      }
    }
    if (notFound != null) {
      notFound.handle(ex, ex);
    } else {
      ex.error(404, "404 page not found");
    }
    return "";
  }

  private static String withQuery(String path, String rawQuery) {
    String p = GoPaths.escapePath(path);
    return rawQuery.isEmpty() ? p : p + "?" + rawQuery;
  }
}
