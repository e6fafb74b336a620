package io.promsd.sd.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.spi.Discoverer;
import io.promsd.sd.spi.DiscoveryContext;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import io.promsd.sd.spi.RefreshDiscoverer;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Azure discovery as Prometheus's {@code discovery/azure/azure.go} {@code refresh}: on sd-core's
 * {@link RefreshDiscoverer}, each refresh builds a new client and credential (so a new token),
 * lists the VMs, the scale sets and each scale set's VMs, fetches every VM's network interfaces
 * (several at a time, as Prometheus runs one goroutine per VM), and sends one group with an empty
 * source.
 *
 * <p>All or nothing: a failed list, a network interface answered with anything but 200 or 404, a
 * primary interface without a private IP, or (2.42) a VM id without 9 or 11 parts fails the whole
 * refresh, and the last targets stay. A 404 interface skips its VM with a warning; an interface
 * without {@code primary} means a deallocated VM and skips it. 3.x keeps fetched interfaces in an
 * LRU cache of 5,000 for ten refresh intervals plus up to three more (random), as Prometheus does.
 */
final class AzureDiscoverer implements Discoverer {
  private static final Logger logger = LoggerFactory.getLogger(AzureDiscoverer.class);
  private static final String META = "__meta_azure_";

  private final AzureSdConfig config;
  private final Clouds clouds;
  private final Timing timing;
  private final Function<String, String> env;
  private final String imdsEndpoint;
  private final NicCache cache = new NicCache(5000);

  private Clock clock = Clock.systemUTC();
  private HttpClient armHttp;
  private HttpClient tokenHttp;
  private RequestHeaders extraHeaders;
  private ExecutorService pool;
  private ExecutorService httpPool;

  AzureDiscoverer(AzureSdConfig config, Clouds clouds, Timing timing) {
    this(config, clouds, timing, System::getenv, Credentials.IMDS);
  }

  AzureDiscoverer(
      AzureSdConfig config,
      Clouds clouds,
      Timing timing,
      Function<String, String> env,
      String imdsEndpoint) {
    this.config = config;
    this.clouds = clouds;
    Duration interval = config.refreshInterval();
    this.timing =
        timing.requestTimeout().isZero()
            ? timing.withRequestTimeout(
                interval.isZero() || interval.isNegative()
                    ? AzureSdConfig.DEFAULT_REFRESH_INTERVAL
                    : interval)
            : timing;
    this.env = env;
    this.imdsEndpoint = imdsEndpoint;
  }

  @Override
  public void run(DiscoveryContext ctx) throws InterruptedException {
    open(ctx.clock());
    try {
      Duration interval = config.refreshInterval();
      if (interval.isZero() || interval.isNegative()) {
        // Prometheus's ticker panics on a zero interval; refresh once and wait to be stopped.
        new RefreshDiscoverer(Duration.ofDays(365), this::refresh).run(ctx);
      } else {
        new RefreshDiscoverer(interval, this::refresh).run(ctx);
      }
    } finally {
      close();
    }
  }

  /** Starts the request threads; {@link #refresh} may run after this (run does it). */
  void open(Clock clock) {
    this.clock = clock;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "promsd-azure-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    pool = Executors.newFixedThreadPool(Math.max(1, timing.concurrency()), tf);
    // The HTTP clients get their own threads: the request threads block waiting for answers
    // that the clients' threads deliver.
    AtomicInteger h = new AtomicInteger();
    httpPool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "promsd-azure-http-" + h.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Stops the request threads. */
  void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
    if (httpPool != null) {
      httpPool.shutdownNow();
    }
  }

  /** One refresh: the full current state (tests call it directly). */
  List<TargetGroup> refresh() throws AzureException, InterruptedException {
    ArmClient arm = client();
    List<VirtualMachine> machines = new ArrayList<>();
    try {
      for (JsonNode vm : arm.listVms()) {
        machines.add(VirtualMachine.of(vm, ""));
      }
    } catch (AzureException e) {
      throw new AzureException(
          "could not get virtual machines: could not list virtual machines: " + e.getMessage(),
          e.status());
    }
    List<JsonNode> scaleSets;
    try {
      scaleSets = arm.listScaleSets();
    } catch (AzureException e) {
      throw new AzureException(
          "could not get virtual machine scale sets: could not list virtual machine scale sets: "
              + e.getMessage(),
          e.status());
    }
    for (JsonNode ss : scaleSets) {
      String id = ss.path("id").asText("");
      String name = ss.path("name").asText("");
      ResourceIds.Parsed r;
      try {
        r =
            config.compat() == Compat.PROMETHEUS_2
                ? ResourceIds.parse2(id)
                : ResourceIds.parse3(id);
      } catch (AzureException e) {
        throw new AzureException(
            "could not get virtual machine scale set vms: could not parse scale set ID: "
                + e.getMessage());
      }
      try {
        for (JsonNode vm : arm.listScaleSetVms(r.resourceGroup(), name)) {
          machines.add(VirtualMachine.of(vm, name));
        }
      } catch (AzureException e) {
        throw new AzureException(
            "could not get virtual machine scale set vms: could not list virtual machine scale"
                + " set vms: "
                + e.getMessage(),
            e.status());
      }
    }
    logger.debug(
        "found virtual machines during Azure discovery count={} provider=azure", machines.size());

    List<Future<Labels>> futures = new ArrayList<>(machines.size());
    for (VirtualMachine vm : machines) {
      futures.add(pool.submit(() -> labels(arm, vm)));
    }
    List<Labels> targets = new ArrayList<>();
    AzureException first = null;
    try {
      for (Future<Labels> f : futures) {
        try {
          Labels l = f.get();
          if (l != null) {
            targets.add(l);
          }
        } catch (ExecutionException e) {
          if (first == null) {
            Throwable c = e.getCause();
            first =
                new AzureException(
                    "unable to complete Azure service discovery: " + c.getMessage(),
                    c instanceof AzureException a ? a.status() : 0);
          }
        }
      }
    } catch (InterruptedException e) {
      futures.forEach(f -> f.cancel(true));
      throw e;
    }
    if (first != null) {
      throw first;
    }
    return List.of(new TargetGroup("", Labels.empty(), targets));
  }

  private ArmClient client() throws AzureException {
    Cloud cloud;
    Credentials.TokenSource tokens;
    try {
      cloud = clouds.resolve(config.environment(), config.compat());
      if (armHttp == null) {
        armHttp =
            config
                .httpClient()
                .newHttpClientBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .executor(httpPool)
                .build();
        extraHeaders = config.httpClient().newRequestHeaders();
        // Token requests use the SDKs' default transport, not the configured client.
        tokenHttp =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .executor(httpPool)
                .build();
      }
      String ua =
          config.compat() == Compat.PROMETHEUS_2
              ? Credentials.ADAL_USER_AGENT
              : ArmClient.UA_3 + " azsdk-go-azidentity/v1.14.0 " + ArmClient.UA_3_PLATFORM;
      tokens =
          Credentials.create(
              config,
              cloud,
              new Credentials.World(tokenHttp, env, clock, timing, imdsEndpoint, ua));
    } catch (AzureException e) {
      throw new AzureException("could not create Azure client: " + e.getMessage());
    } catch (IOException e) {
      throw new AzureException("could not create Azure client: " + e.getMessage());
    }
    Http http = new Http(armHttp, timing.requestTimeout(), Http.MAX_BODY);
    return new ArmClient(config, cloud, tokens, http, timing, extraHeaders, clock);
  }

  /** {@code vmToLabelSet}: the VM's target, or null when it has none. */
  private Labels labels(ArmClient arm, VirtualMachine vm)
      throws AzureException, InterruptedException {
    String resourceGroup =
        config.compat() == Compat.PROMETHEUS_2
            ? ResourceIds.parse2(vm.id()).resourceGroup()
            : ResourceIds.parse3(vm.id()).resourceGroup();
    Labels.Builder b = Labels.builder();
    b.set(META + "subscription_id", config.subscriptionId());
    b.set(META + "tenant_id", config.tenantId());
    b.set(META + "machine_id", vm.id());
    b.set(META + "machine_name", vm.name());
    b.set(META + "machine_computer_name", vm.computerName());
    b.set(META + "machine_os_type", vm.osType());
    b.set(META + "machine_location", vm.location());
    b.set(META + "machine_resource_group", resourceGroup);
    b.set(META + "machine_size", vm.size());
    if (!vm.scaleSet().isEmpty()) {
      b.set(META + "machine_scale_set", vm.scaleSet());
    }
    for (Map.Entry<String, String> t : vm.tags().entrySet()) {
      b.set(META + "machine_tag_" + LabelNames.sanitize(t.getKey()), t.getValue());
    }
    boolean caching = config.compat() == Compat.PROMETHEUS_3;
    for (String nicId : vm.networkInterfaces()) {
      JsonNode nic = caching ? cache.get(nicId, clock.millis()) : null;
      if (nic == null) {
        nic = arm.networkInterface(nicId, vm);
        if (nic == null) {
          logger.warn(
              "network interface does not exist name={} err=\"network interface does not"
                  + " exist\" provider=azure",
              nicId);
          return null;
        }
        if (caching) {
          long interval = config.refreshInterval().toMillis();
          long jitter =
              interval >= 1000
                  ? java.util.concurrent.ThreadLocalRandom.current().nextLong(interval * 3 / 1000)
                      * 1000
                  : 0;
          cache.put(nicId, nic, clock.millis() + interval * 10 + jitter);
        }
      }
      JsonNode props = nic.get("properties");
      if (props == null || props.isNull()) {
        continue;
      }
      JsonNode primary = props.get("primary");
      if (primary == null || primary.isNull()) {
        // Azure leaves primary unset on a deallocated VM's interface (azure.go).
        logger.debug("skipping deallocated virtual machine machine={}", vm.name());
        return null;
      }
      if (!primary.asBoolean(false)) {
        continue;
      }
      JsonNode configs = props.get("ipConfigurations");
      if (configs == null || !configs.isArray() || configs.isEmpty()) {
        continue;
      }
      JsonNode ip = configs.get(0).get("properties");
      if (ip != null && ip.isObject()) {
        JsonNode pub = ip.path("publicIPAddress").path("properties").get("ipAddress");
        if (pub != null && !pub.isNull() && !pub.isContainerNode()) {
          b.set(META + "machine_public_ip", pub.asText());
        }
        JsonNode priv = ip.get("privateIPAddress");
        if (priv != null && !priv.isNull() && !priv.isContainerNode()) {
          String addr = priv.asText();
          b.set(META + "machine_private_ip", addr);
          b.set("__address__", GoNet.joinHostPort(addr, Integer.toString(config.port())));
          return b.build();
        }
      }
      throw new AzureException("unable to find a private IP for VM " + vm.name());
    }
    return null;
  }
}
