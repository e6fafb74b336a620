package io.promsd.sd.azure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.RequestHeaders;
import io.promsd.sd.internal.httpclient.GoUrl;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The Resource Manager calls Prometheus makes, shaped as each version's SDK shapes them.
 *
 * <p>2.42 (azure-sdk-for-go v65 track 1, compute and network 2018-10-01, go-autorest v0.11.28):
 * {@code <rm>subscriptions/<s>[/resourceGroups/<rg>]/providers/Microsoft.Compute/virtualMachines}
 * and {@code .../virtualMachineScaleSets}, per scale set {@code .../resourceGroups/<rg lower-cased
 * from the scale set
 * id>/providers/Microsoft.Compute/virtualMachineScaleSets/<name>/virtualMachines}, and each network
 * interface by its id, all with {@code api-version=2018-10-01}, {@code User-Agent:
 * Prometheus/2.42.0}; a {@code nextLink} is followed with its query re-encoded (keys sorted) and
 * {@code Content-Type: application/json}. 408, 429 and 5xx (500, 502-504) are retried three times,
 * after {@code Retry-After} or 30 s, 60 s, 120 s (DoRetryForStatusCodes).
 *
 * <p>3.x (armcompute v5.7.0, API package-2024-03-01; armnetwork v4.3.0, package-2023-05; azcore):
 * compute lists with {@code api-version=2024-03-01}, scale-set VM lists in the scale set's resource
 * group as written, network interfaces through {@code
 * /subscriptions/<s>/resourceGroups/<rg>/providers/Microsoft.Network/networkInterfaces/<name>} with
 * {@code $expand=IPConfigurations/PublicIPAddress} and {@code api-version=2023-05-01}, scale-set VM
 * interfaces through {@code .../microsoft.Compute/virtualMachineScaleSets/<ss>/virtualMachines/
 * <instance>/networkInterfaces/<name>} with {@code api-version=2018-10-01}; {@code Accept:
 * application/json}; retries as azcore's retry policy (3 retries, {@code retry-after-ms}, {@code
 * x-ms-retry-after-ms} or {@code Retry-After} up to 60 s, else 0.8 s, 2.4 s, 5.6 s with jitter).
 *
 * <p>Thread-safe: network interfaces are fetched from several threads.
 */
final class ArmClient {
  static final String UA_2 = "Prometheus/2.42.0";
  static final String UA_3 = "Prometheus/3.14.0";
  static final String UA_3_PLATFORM = "(promsd; linux)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<Integer> RETRY = Set.of(408, 429, 500, 502, 503, 504);

  private final AzureSdConfig cfg;
  private final boolean v2;
  private final String base;
  private final Credentials.TokenSource tokens;
  private final Http http;
  private final Timing timing;
  private final RequestHeaders extra;
  private final Clock clock;

  ArmClient(
      AzureSdConfig cfg,
      Cloud cloud,
      Credentials.TokenSource tokens,
      Http http,
      Timing timing,
      RequestHeaders extra,
      Clock clock) {
    this.cfg = cfg;
    this.v2 = cfg.compat() == Compat.PROMETHEUS_2;
    String rm = cloud.resourceManager();
    this.base = rm.endsWith("/") ? rm.substring(0, rm.length() - 1) : rm;
    this.tokens = tokens;
    this.http = http;
    this.timing = timing;
    this.extra = extra;
    this.clock = clock;
  }

  // ---- the calls ----

  /** Every VM of the subscription, or of {@code resource_group}, over all pages. */
  List<JsonNode> listVms() throws AzureException, InterruptedException {
    String rg = cfg.resourceGroup();
    String path =
        "/subscriptions/"
            + pathEscape(cfg.subscriptionId())
            + (rg.isEmpty() ? "" : "/resourceGroups/" + pathEscape(rg))
            + "/providers/Microsoft.Compute/virtualMachines";
    String op = "compute.VirtualMachinesClient#" + (rg.isEmpty() ? "ListAll" : "List");
    return list(path, op, computeUa("VirtualMachinesClient"));
  }

  /** Every scale set of the subscription, or of {@code resource_group}. */
  List<JsonNode> listScaleSets() throws AzureException, InterruptedException {
    String rg = cfg.resourceGroup();
    String path =
        "/subscriptions/"
            + pathEscape(cfg.subscriptionId())
            + (rg.isEmpty() ? "" : "/resourceGroups/" + pathEscape(rg))
            + "/providers/Microsoft.Compute/virtualMachineScaleSets";
    String op = "compute.VirtualMachineScaleSetsClient#" + (rg.isEmpty() ? "ListAll" : "List");
    return list(path, op, computeUa("VirtualMachineScaleSetsClient"));
  }

  /** The VMs of one scale set. */
  List<JsonNode> listScaleSetVms(String resourceGroup, String scaleSet)
      throws AzureException, InterruptedException {
    if (!v2) {
      if (resourceGroup.isEmpty()) {
        throw new AzureException("parameter resourceGroupName cannot be empty");
      }
      if (scaleSet.isEmpty()) {
        throw new AzureException("parameter virtualMachineScaleSetName cannot be empty");
      }
    }
    String path =
        "/subscriptions/"
            + pathEscape(cfg.subscriptionId())
            + "/resourceGroups/"
            + pathEscape(resourceGroup)
            + "/providers/Microsoft.Compute/virtualMachineScaleSets/"
            + pathEscape(scaleSet)
            + "/virtualMachines";
    return list(
        path,
        "compute.VirtualMachineScaleSetVMsClient#List",
        computeUa("VirtualMachineScaleSetVMsClient"));
  }

  /**
   * The network interface {@code nicId} of {@code vm}, or null when Resource Manager answers 404.
   */
  JsonNode networkInterface(String nicId, VirtualMachine vm)
      throws AzureException, InterruptedException {
    String url;
    if (v2) {
      // getNetworkInterfaceByID: the id is the path (autorest.WithPath).
      url = base + (nicId.startsWith("/") ? nicId : "/" + nicId) + "?api-version=2018-10-01";
    } else {
      ResourceIds.Parsed r;
      try {
        r = ResourceIds.parse3(nicId);
      } catch (AzureException e) {
        throw new AzureException("could not parse network interface ID: " + e.getMessage());
      }
      StringBuilder p = new StringBuilder();
      String q;
      if (vm.scaleSet().isEmpty()) {
        requireParam(r.resourceGroup(), "resourceGroupName");
        requireParam(r.name(), "networkInterfaceName");
        p.append("/subscriptions/")
            .append(pathEscape(cfg.subscriptionId()))
            .append("/resourceGroups/")
            .append(pathEscape(r.resourceGroup()))
            .append("/providers/Microsoft.Network/networkInterfaces/")
            .append(pathEscape(r.name()));
        q = "%24expand=IPConfigurations%2FPublicIPAddress&api-version=2023-05-01";
      } else {
        requireParam(r.resourceGroup(), "resourceGroupName");
        requireParam(vm.scaleSet(), "virtualMachineScaleSetName");
        requireParam(vm.instanceId(), "virtualmachineIndex");
        requireParam(r.name(), "networkInterfaceName");
        p.append("/subscriptions/")
            .append(pathEscape(cfg.subscriptionId()))
            .append("/resourceGroups/")
            .append(pathEscape(r.resourceGroup()))
            .append("/providers/microsoft.Compute/virtualMachineScaleSets/")
            .append(pathEscape(vm.scaleSet()))
            .append("/virtualMachines/")
            .append(pathEscape(vm.instanceId()))
            .append("/networkInterfaces/")
            .append(pathEscape(r.name()));
        q = "%24expand=IPConfigurations%2FPublicIPAddress&api-version=2018-10-01";
      }
      url = base + p + "?" + q;
    }
    Http.Response r = exchange(url, false, "network.InterfacesClient#Get", networkUa());
    if (r.status() == 404) {
      return null;
    }
    String err = failure(r, url, "network.InterfacesClient#Get", false);
    if (err != null) {
      throw new AzureException(
          v2 ? err : "failed to retrieve Interface " + nicId + " with error: " + err, r.status());
    }
    return parse(r, url, "network.InterfacesClient#Get", false);
  }

  private static void requireParam(String value, String name) throws AzureException {
    if (value.isEmpty()) {
      throw new AzureException("parameter " + name + " cannot be empty");
    }
  }

  // ---- paging, errors, retries ----

  private List<JsonNode> list(String path, String op, String ua)
      throws AzureException, InterruptedException {
    List<JsonNode> out = new ArrayList<>();
    String url = base + path + "?api-version=" + (v2 ? "2018-10-01" : "2024-03-01");
    boolean next = false;
    while (true) {
      Http.Response r = exchange(url, next, op, ua);
      String err = failure(r, url, op, next);
      if (err != null) {
        throw new AzureException(err, r.status());
      }
      JsonNode page = parse(r, url, op, next);
      JsonNode value = page.get("value");
      if (value != null && value.isArray()) {
        value.forEach(out::add);
      }
      JsonNode link = page.get("nextLink");
      if (link == null || !link.isTextual() || link.asText().isEmpty()) {
        return out;
      }
      url = v2 ? reencode(link.asText()) : link.asText();
      next = true;
    }
  }

  private String computeUa(String client) {
    return v2 ? UA_2 : UA_3 + " azsdk-go-armcompute." + client + "/v5.7.0 " + UA_3_PLATFORM;
  }

  private String networkUa() {
    return v2 ? UA_2 : UA_3 + " azsdk-go-armnetwork/v4.3.0 " + UA_3_PLATFORM;
  }

  /** Sends a GET with the SDK's retries; returns the last answer. */
  private Http.Response exchange(String url, boolean nextLink, String op, String ua)
      throws AzureException, InterruptedException {
    int maxTries = 4; // both SDKs: the first try and three retries
    int delayCount = 0;
    for (int attempt = 1; ; attempt++) {
      String token = tokens.token(url); // both SDKs authorize every attempt
      HttpRequest.Builder b;
      try {
        b = HttpRequest.newBuilder(URI.create(url)).GET();
      } catch (IllegalArgumentException e) {
        throw new AzureException(op + ": Failure preparing request: " + e.getMessage());
      }
      b.version(java.net.http.HttpClient.Version.HTTP_1_1);
      try {
        Map<String, List<String>> h = extra.extraHeaders();
        for (Map.Entry<String, List<String>> e : h.entrySet()) {
          for (String v : e.getValue()) {
            b.header(e.getKey(), v);
          }
        }
      } catch (IOException e) {
        throw new AzureException(op + ": " + e.getMessage());
      }
      b.setHeader("User-Agent", ua);
      b.setHeader("Authorization", "Bearer " + token);
      if (v2 && nextLink) {
        b.setHeader("Content-Type", "application/json");
      }
      if (!v2) {
        b.setHeader("Accept", "application/json");
        b.setHeader("x-ms-client-request-id", UUID.randomUUID().toString());
      }
      Http.Response r = null;
      IOException failed = null;
      try {
        r = http.send(b.build());
      } catch (IOException e) {
        failed = e;
      }
      boolean retry = failed != null || RETRY.contains(r.status());
      if (!retry || attempt == maxTries) {
        if (failed != null) {
          String m = failed.getMessage() == null ? failed.toString() : failed.getMessage();
          throw new AzureException(
              v2
                  ? op
                      + ": Failure sending request: StatusCode=0 -- Original Error: Get \""
                      + url
                      + "\": "
                      + m
                  : "GET " + url + ": " + m,
              0,
              failed);
        }
        return r;
      }
      Duration delay;
      if (v2) {
        Duration after = r == null ? Duration.ZERO : retryAfter(r, false);
        if (!after.isZero()) {
          delay = after;
        } else {
          delay = timing.autorestBackoff().multipliedBy(1L << delayCount);
        }
        delayCount++;
      } else {
        Duration after = r == null ? Duration.ZERO : retryAfter(r, true);
        if (after.isZero()) {
          double jitter = ThreadLocalRandom.current().nextDouble() / 2 + 0.8;
          delay =
              Duration.ofNanos(
                  (long) (timing.azcoreRetryDelay().toNanos() * ((1L << attempt) - 1) * jitter));
          if (delay.compareTo(timing.azcoreMaxRetryDelay()) > 0) {
            delay = timing.azcoreMaxRetryDelay();
          }
        } else if (after.compareTo(timing.azcoreMaxRetryDelay()) > 0) {
          return r; // azcore: a Retry-After beyond the cap is not waited for
        } else {
          delay = after;
        }
      }
      Thread.sleep(Math.max(0, delay.toMillis()));
    }
  }

  /**
   * The wait an answer asks for: go-autorest reads {@code Retry-After} (seconds or an RFC 1123
   * date); azcore also {@code retry-after-ms} and {@code x-ms-retry-after-ms} first.
   */
  private Duration retryAfter(Http.Response r, boolean azcore) {
    if (azcore) {
      for (String h : List.of("retry-after-ms", "x-ms-retry-after-ms")) {
        String v = r.header(h);
        if (v != null) {
          try {
            long ms = Long.parseLong(v.trim());
            if (ms > 0) {
              return Duration.ofMillis(ms);
            }
          } catch (NumberFormatException e) {
            // next
          }
        }
      }
    }
    String v = r.header("Retry-After");
    if (v == null) {
      return Duration.ZERO;
    }
    try {
      long s = Long.parseLong(v.trim());
      return s > 0 ? Duration.ofSeconds(s) : Duration.ZERO;
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime t = ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(clock.instant(), t.toInstant());
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return Duration.ZERO;
      }
    }
  }

  /** The error for a non-200 answer in the version's words, or null for a 200. */
  private String failure(Http.Response r, String url, String op, boolean next) {
    if (r.status() == 200) {
      return null;
    }
    String body = new String(r.body(), StandardCharsets.UTF_8);
    String code = "Unknown";
    String message = "Unknown service error";
    try {
      JsonNode n = JSON.readTree(r.body());
      JsonNode e = n == null ? null : n.get("error");
      if (e != null && e.isObject()) {
        code = e.path("code").asText("");
        message = e.path("message").asText("");
      }
    } catch (IOException e) {
      // not JSON: go-autorest reports an unknown service error
    }
    if (v2) {
      String what =
          next ? "Failure responding to next results request" : "Failure responding to request";
      String o =
          next
              ? op.replace("#ListAll", "#listAllNextResults").replace("#List", "#listNextResults")
              : op;
      return o
          + ": "
          + what
          + ": StatusCode="
          + r.status()
          + " -- Original Error: autorest/azure: Service returned an error. Status="
          + r.status()
          + " Code=\""
          + code
          + "\" Message=\""
          + message
          + "\"";
    }
    return "GET "
        + url
        + "\n--------------------------------------------------------------------------------\n"
        + "RESPONSE "
        + r.status()
        + "\nERROR CODE: "
        + (code.equals("Unknown") ? "UNAVAILABLE" : code)
        + "\n--------------------------------------------------------------------------------\n"
        + body.strip()
        + "\n--------------------------------------------------------------------------------";
  }

  private JsonNode parse(Http.Response r, String url, String op, boolean next)
      throws AzureException {
    try {
      JsonNode n = JSON.readTree(r.body());
      if (n == null || n.isMissingNode()) {
        return JSON.createObjectNode();
      }
      if (!n.isObject()) {
        throw new AzureException(
            (v2 ? op + ": Failure responding to request: StatusCode=200 -- Original Error: " : "")
                + "unmarshalling type: not a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      String body = new String(r.body(), StandardCharsets.UTF_8);
      if (body.length() > 200) {
        body = body.substring(0, 200) + "...";
      }
      if (v2) {
        throw new AzureException(
            (next ? op.replace("#ListAll", "#listAllNextResults") : op)
                + ": Failure responding to request: StatusCode=200 -- Original Error: Error"
                + " occurred unmarshalling JSON - Error = '"
                + e.getOriginalMessage()
                + "' JSON = '"
                + body
                + "'");
      }
      throw new AzureException("unmarshalling type: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new AzureException(e.getMessage());
    }
  }

  /** go-autorest's {@code WithBaseURL}: the query parsed and encoded again, keys sorted. */
  static String reencode(String link) {
    int q = link.indexOf('?');
    if (q < 0) {
      return link;
    }
    int hash = link.indexOf('#', q);
    String query = hash < 0 ? link.substring(q + 1) : link.substring(q + 1, hash);
    Map<String, List<String>> values = new TreeMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        k = URLDecoder.decode(k, StandardCharsets.UTF_8);
        v = URLDecoder.decode(v, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        continue; // Go drops pairs it can't unescape
      }
      values.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
    }
    StringBuilder sb = new StringBuilder(link.substring(0, q)).append('?');
    boolean first = true;
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      for (String v : e.getValue()) {
        if (!first) {
          sb.append('&');
        }
        first = false;
        sb.append(GoUrl.queryEscape(e.getKey())).append('=').append(GoUrl.queryEscape(v));
      }
    }
    return sb.toString();
  }

  /**
   * Go's {@code url.PathEscape}, which the SDKs use for path parameters: unlike {@link
   * GoUrl#pathEscape} ({@code URL.EscapedPath}) it escapes {@code /}.
   */
  static String pathEscape(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean keep =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || "-_.~$&+,;=:@".indexOf(c) >= 0;
      if (keep) {
        sb.append((char) c);
      } else {
        sb.append('%')
            .append("0123456789ABCDEF".charAt(c >> 4))
            .append("0123456789ABCDEF".charAt(c & 15));
      }
    }
    return sb.toString();
  }
}
