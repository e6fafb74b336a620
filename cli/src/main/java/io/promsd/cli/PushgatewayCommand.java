package io.promsd.cli;

import io.promsd.pushgateway.Pushgateway;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code promsd pushgateway FLAGS}: a Pushgateway with the real one's flags (1.5.1), so that it can
 * replace {@code pushgateway FLAGS} in a unit file or a container, plus promsd's own ({@code
 * --push.ttl}, limits).
 */
@Command(
    name = "pushgateway",
    mixinStandardHelpOptions = true,
    description = {
      "Run a Prometheus Pushgateway (the routes, bodies, consistency check and /metrics of"
          + " Pushgateway 1.5.1), until SIGINT/SIGTERM or /-/quit.",
    })
final class PushgatewayCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--web.listen-address",
      paramLabel = "ADDR",
      description =
          "Addresses on which to expose metrics and web interface (repeatable)."
              + " Default :9091.")
  List<String> listen = new ArrayList<>();

  @Option(
      names = "--web.config.file",
      paramLabel = "FILE",
      description = "Path to the exporter-toolkit web config (TLS, basic auth).")
  String webConfig = "";

  @Option(
      names = "--web.systemd-socket",
      negatable = true,
      description = "Use systemd socket activation listeners (not supported by promsd).")
  boolean systemdSocket;

  @Option(
      names = "--web.telemetry-path",
      defaultValue = "/metrics",
      description = "Path under which to expose metrics. Default ${DEFAULT-VALUE}.")
  String telemetryPath;

  @Option(
      names = "--web.external-url",
      defaultValue = "",
      description = "The URL under which the Pushgateway is externally reachable.")
  String externalUrl;

  @Option(
      names = "--web.route-prefix",
      defaultValue = "",
      description =
          "Prefix for the internal routes of web endpoints. Defaults to the path of"
              + " --web.external-url.")
  String routePrefix;

  @Option(
      names = "--web.enable-lifecycle",
      negatable = true,
      description = "Enable shutdown via HTTP request.")
  boolean enableLifecycle;

  @Option(
      names = "--web.enable-admin-api",
      negatable = true,
      description = "Enable API endpoints for admin control actions.")
  boolean enableAdminApi;

  @Option(
      names = "--persistence.file",
      defaultValue = "",
      description = "File to persist metrics. If empty, metrics are only kept in memory.")
  String persistenceFile;

  @Option(
      names = "--persistence.interval",
      defaultValue = "5m",
      converter = GoDuration.class,
      description =
          "The minimum interval at which to write out the persistence file."
              + " Default ${DEFAULT-VALUE}.")
  Duration persistenceInterval;

  @Option(
      names = "--push.disable-consistency-check",
      negatable = true,
      description = "Do not check consistency of pushed metrics. DANGEROUS.")
  boolean disableConsistencyCheck;

  @Option(
      names = "--push.ttl",
      defaultValue = "0s",
      converter = GoDuration.class,
      description =
          "promsd: delete a group not pushed to for this long (0s: never)."
              + " Default ${DEFAULT-VALUE}.")
  Duration ttl;

  @Option(
      names = "--push.max-body-bytes",
      defaultValue = "67108864",
      description =
          "promsd: the largest request body accepted (413 beyond)." + " Default ${DEFAULT-VALUE}.")
  long maxBodyBytes;

  @Option(
      names = "--push.max-groups",
      defaultValue = "0",
      description =
          "promsd: the most groups held; pushes creating more are refused (0: no" + " limit).")
  int maxGroups;

  @Option(
      names = "--push.max-series",
      defaultValue = "0",
      description =
          "promsd: the most series held; pushes going beyond are refused (0: no" + " limit).")
  long maxSeries;

  @Option(
      names = "--log.level",
      defaultValue = "info",
      description =
          "Only log messages with the given severity or above. One of: [debug, info,"
              + " warn, error]")
  String logLevel;

  @Option(
      names = "--log.format",
      defaultValue = "logfmt",
      description = "Output format of log messages. One of: [logfmt, json]")
  String logFormat;

  @Override
  public Integer call() throws Exception {
    if (!List.of("debug", "info", "warn", "error").contains(logLevel)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unrecognized log level " + logLevel);
    }
    if (!List.of("logfmt", "json").contains(logFormat)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unrecognized log format " + logFormat);
    }
    if (systemdSocket) {
      spec.commandLine()
          .getErr()
          .println(
              "promsd pushgateway: --web.systemd-socket is not supported; use --web.listen-address");
      return Main.USAGE;
    }
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
    Pushgateway.Builder b =
        Pushgateway.builder()
            .telemetryPath(telemetryPath)
            .externalUrl(externalUrl)
            .routePrefix(routePrefix)
            .enableLifecycle(enableLifecycle)
            .enableAdminApi(enableAdminApi)
            .persistenceInterval(persistenceInterval)
            .disableConsistencyCheck(disableConsistencyCheck)
            .pushTtl(ttl)
            .maxBodyBytes(maxBodyBytes)
            .maxGroups(maxGroups)
            .maxSeries(maxSeries)
            .logSettings(logLevel, logFormat);
    for (String l : listen) {
      b.listenAddress(l);
    }
    if (!persistenceFile.isEmpty()) {
      b.persistenceFile(Path.of(persistenceFile));
    }
    if (!webConfig.isEmpty()) {
      b.webConfigFile(Path.of(webConfig));
    }
    Pushgateway gw;
    try {
      gw = b.start();
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("promsd pushgateway: " + e.getMessage());
      return Main.FAILED;
    }
    Thread hook = new Thread(gw::close, "promsd-pushgateway-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    gw.awaitQuit();
    gw.close();
    return Main.OK;
  }

  /** Go's {@code time.ParseDuration}, as kingpin reads the real one's duration flags. */
  static final class GoDuration implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Pushgateway.parseDuration(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }

    static Duration parse(String s) {
      try {
        return Pushgateway.parseDuration(s);
      } catch (IllegalArgumentException e) {
        return null;
      }
    }
  }
}
