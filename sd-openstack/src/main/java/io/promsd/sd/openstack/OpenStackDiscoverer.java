package io.promsd.sd.openstack;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.httpclient.HttpClientConfig.TlsContext;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;

/**
 * OpenStack discovery as Prometheus's {@code discovery/openstack}: on sd-core's {@link
 * RefreshDiscoverer}, every refresh authenticates anew (so an expired or revoked token costs at
 * most one failed refresh and is never reused), finds the service endpoints in the token's catalog,
 * lists what the role needs and sends one group, {@code OS_<region>}. A failed refresh keeps the
 * last targets. Requests go straight to the cloud (no proxy, as Prometheus's own transport), with
 * the {@code tls_config} and a timeout of the refresh interval.
 */
final class OpenStackDiscoverer implements Discoverer {
  private final OpenStackSdConfig config;
  private final AuthOptions auth;
  private final TlsContext tls;
  private final Timing timing;
  private Http http;

  private OpenStackDiscoverer(
      OpenStackSdConfig config, AuthOptions auth, TlsContext tls, Timing timing) {
    this.config = config;
    this.auth = auth;
    this.tls = tls;
    this.timing = timing;
  }

  /**
   * Prometheus's {@code NewDiscoverer}: the credentials (from the environment without {@code
   * identity_endpoint}), the identity URL and the TLS setup are checked now.
   *
   * @throws IllegalArgumentException with Prometheus's text when one of them is unusable
   */
  static OpenStackDiscoverer create(
      OpenStackSdConfig config, Function<String, String> env, Timing timing) {
    AuthOptions auth =
        config.identityEndpoint().isEmpty() ? AuthOptions.fromEnv(env) : AuthOptions.of(config);
    Keystone.baseEndpoint(auth.identityEndpoint());
    TlsContext tls;
    try {
      tls = config.tls().newTlsContext(config.compat());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    return new OpenStackDiscoverer(config, auth, tls, timing);
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-openstack-http-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      open(pool);
      Duration interval = config.refreshInterval();
      Duration every = interval.isZero() || interval.isNegative() ? Duration.ofDays(365) : interval;
      new RefreshDiscoverer(every, this::refresh, timing.firstRetry()).run(ctx);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Builds the HTTP client on {@code pool}; {@link #refresh} may run after this. */
  void open(ExecutorService pool) {
    SSLParameters params = tls.sslContext().getDefaultSSLParameters();
    if (!tls.protocols().isEmpty()) {
      params.setProtocols(tls.protocols().toArray(new String[0]));
    }
    HttpClient client =
        HttpClient.newBuilder()
            .executor(pool)
            .proxy(HttpClient.Builder.NO_PROXY)
            .followRedirects(HttpClient.Redirect.ALWAYS)
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(tls.sslContext())
            .sslParameters(params)
            .build();
    Duration timeout =
        timing.requestTimeout().isZero() ? config.refreshInterval() : timing.requestTimeout();
    http = new Http(client, timeout, config.compat() == Compat.PROMETHEUS_3);
  }

  /** One refresh: the full current state (tests call it directly after {@link #open}). */
  List<TargetGroup> refresh() throws OpenStackException, InterruptedException {
    Keystone.Session session;
    try {
      session = Keystone.of(http, auth).authenticate();
    } catch (OpenStackException e) {
      throw e.wrap("could not authenticate to OpenStack");
    }
    Pager pager = new Pager(http, session.token());
    List<Labels> targets =
        switch (config.role()) {
          case HYPERVISOR -> hypervisors(session, pager);
          case INSTANCE -> instances(session, pager);
          case LOADBALANCER -> loadBalancers(session, pager);
        };
    return List.of(new TargetGroup(source(), Labels.empty(), targets));
  }

  private List<Labels> hypervisors(Keystone.Session s, Pager pager)
      throws OpenStackException, InterruptedException {
    String compute = locate(s, "compute", "compute");
    List<Labels> out = new ArrayList<>();
    String port = Integer.toString(config.port());
    pager.each(
        compute + "os-hypervisors/detail",
        "hypervisors",
        "[]hypervisors.Hypervisor",
        config.compat() == Compat.PROMETHEUS_3, // gophercloud v2 follows hypervisors_links
        items -> Hypervisors.addTargets(items, port, out));
    return out;
  }

  private List<Labels> instances(Keystone.Session s, Pager pager)
      throws OpenStackException, InterruptedException {
    String compute = locate(s, "compute", "compute");
    Instances.FloatingIps fips = new Instances.FloatingIps();
    if (config.compat() == Compat.PROMETHEUS_2) {
      pager.each(
          compute + "os-floating-ips",
          "floating_ips",
          "[]floatingips.FloatingIP",
          false,
          items -> Instances.addNovaFloatingIps(items, fips));
    } else {
      String network = locate(s, "network", "network") + "v2.0/";
      Map<String, String> deviceOfPort = new HashMap<>();
      try {
        pager.each(
            network + "ports",
            "ports",
            "[]ports.Port",
            true,
            items -> {
              for (var p : items) {
                deviceOfPort.put(
                    GoJson.string(p, "id", "ports.Port"),
                    GoJson.string(p, "device_id", "ports.Port"));
              }
            });
      } catch (OpenStackException e) {
        throw e.wrap("failed to list all ports");
      }
      pager.each(
          network + "floatingips",
          "floatingips",
          "[]floatingips.FloatingIP",
          true,
          items -> Instances.addNeutronFloatingIps(items, deviceOfPort, fips));
    }
    String url = compute + "servers/detail" + (config.allTenants() ? "?all_tenants=true" : "");
    List<Labels> out = new ArrayList<>();
    String port = Integer.toString(config.port());
    pager.each(
        url,
        "servers",
        "[]servers.Server",
        true,
        items -> Instances.addTargets(items, fips, port, config.compat(), out));
    return out;
  }

  private List<Labels> loadBalancers(Keystone.Session s, Pager pager)
      throws OpenStackException, InterruptedException {
    String lb = locate(s, "load-balancer", "load balancer").replace("v2.0/", "") + "v2.0/";
    String network = locate(s, "network", "network") + "v2.0/";
    List<com.fasterxml.jackson.databind.JsonNode> balancers = new ArrayList<>();
    List<com.fasterxml.jackson.databind.JsonNode> listeners = new ArrayList<>();
    List<com.fasterxml.jackson.databind.JsonNode> fips = new ArrayList<>();
    all(
        pager,
        lb + "lbaas/loadbalancers",
        "loadbalancers",
        balancers,
        "failed to list load balancers");
    all(pager, lb + "lbaas/listeners", "listeners", listeners, "failed to list all listeners");
    all(pager, network + "floatingips", "floatingips", fips, "failed to list floating IPs");
    return LoadBalancers.targets(balancers, listeners, fips);
  }

  private static void all(
      Pager pager,
      String url,
      String key,
      List<com.fasterxml.jackson.databind.JsonNode> into,
      String what)
      throws OpenStackException, InterruptedException {
    try {
      pager.each(url, key, "[]interface {}", true, into::addAll);
    } catch (OpenStackException e) {
      throw e.wrap(what);
    }
  }

  private String locate(Keystone.Session s, String type, String what) throws OpenStackException {
    try {
      return s.catalog().locate(type, config.region(), config.availability());
    } catch (OpenStackException e) {
      throw e.wrap("could not create OpenStack " + what + " session");
    }
  }

  /** {@code OS_<region>}; 2.42 builds it with {@code fmt.Sprintf}, so a {@code %} is a verb. */
  String source() {
    String s = "OS_" + config.region();
    return config.compat() == Compat.PROMETHEUS_2 ? sprintfNoArgs(s) : s;
  }

  /** Go's {@code fmt.Sprintf(format)} with no arguments. */
  static String sprintfNoArgs(String format) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%') {
        sb.append(c);
        continue;
      }
      int j = i + 1;
      while (j < format.length() && "+-# 0123456789.".indexOf(format.charAt(j)) >= 0) {
        j++;
      }
      if (j >= format.length()) {
        sb.append("%!(NOVERB)");
        i = j;
        continue;
      }
      int verb = format.codePointAt(j);
      if (verb == '%') {
        sb.append('%');
      } else {
        sb.append("%!").appendCodePoint(verb).append("(MISSING)");
      }
      i = j + Character.charCount(verb) - 1;
    }
    return sb.toString();
  }
}
