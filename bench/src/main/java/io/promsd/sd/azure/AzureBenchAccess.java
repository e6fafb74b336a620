package io.promsd.sd.azure;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.Secret;
import io.promsd.sd.spi.TargetGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * The benchmarks' way in to the package-private {@link AzureDiscoverer}, aimed at an in-process
 * fake Resource Manager: this class ships only in the benchmarks jar. The fake serves {@code vms}
 * VMs over pages of {@code pageSize} (each with 5 tags and one NIC with a private and a public IP),
 * no scale sets, and every NIC; tokens are accepted without checks.
 */
public final class AzureBenchAccess implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUB = "11111111-2222-3333-4444-555555555555";

  private final HttpServer server;
  private final List<byte[]> pages = new java.util.ArrayList<>();
  private final Map<String, byte[]> nics = new HashMap<>();
  private final AzureDiscoverer discoverer;

  /** Starts the fake and a discoverer for {@code compat} aimed at it. */
  public AzureBenchAccess(int vms, int pageSize, Compat compat) throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(
        Executors.newFixedThreadPool(
            8,
            r -> {
              Thread t = new Thread(r, "promsd-bench-azure-fake");
              t.setDaemon(true);
              return t;
            }));
    int port = server.getAddress().getPort();
    String base = "http://127.0.0.1:" + port;
    int npages = (vms + pageSize - 1) / pageSize;
    for (int p = 0; p < npages; p++) {
      ObjectNode page = JSON.createObjectNode();
      ArrayNode value = page.putArray("value");
      for (int i = p * pageSize; i < Math.min(vms, (p + 1) * pageSize); i++) {
        String rg = "rg-" + (i % 20);
        String name = "vm-" + i;
        String nicId =
            "/subscriptions/"
                + SUB
                + "/resourceGroups/"
                + rg
                + "/providers/Microsoft.Network/networkInterfaces/"
                + name
                + "-nic";
        ObjectNode vm = value.addObject();
        vm.put(
            "id",
            "/subscriptions/"
                + SUB
                + "/resourceGroups/"
                + rg
                + "/providers/Microsoft.Compute/virtualMachines/"
                + name);
        vm.put("name", name);
        vm.put("type", "Microsoft.Compute/virtualMachines");
        vm.put("location", "westeurope");
        ObjectNode tags = vm.putObject("tags");
        tags.put("env", i % 3 == 0 ? "prod" : "staging");
        tags.put("team", "team-" + (i % 7));
        tags.put("app.kubernetes.io/name", "svc-" + (i % 50));
        tags.put("cost-center", Integer.toString(1000 + i % 13));
        tags.put("owner", "owner" + (i % 11) + "@example.com");
        ObjectNode props = vm.putObject("properties");
        props.putObject("hardwareProfile").put("vmSize", "Standard_D2s_v3");
        props.putObject("storageProfile").putObject("osDisk").put("osType", "Linux");
        props.putObject("osProfile").put("computerName", name);
        props
            .putObject("networkProfile")
            .putArray("networkInterfaces")
            .addObject()
            .put("id", nicId);
        ObjectNode nic = JSON.createObjectNode();
        nic.put("id", nicId);
        nic.put("name", name + "-nic");
        ObjectNode np = nic.putObject("properties");
        np.put("primary", true);
        ObjectNode ipc = np.putArray("ipConfigurations").addObject();
        ipc.put("name", "ipconfig1");
        ObjectNode ipp = ipc.putObject("properties");
        ipp.put(
            "privateIPAddress", "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255));
        ipp.putObject("publicIPAddress")
            .put("id", nicId + "-pip")
            .putObject("properties")
            .put("ipAddress", "203.0." + (i >> 8 & 255) + "." + (i & 255));
        nics.put(
            nicId.toLowerCase(java.util.Locale.ROOT),
            nic.toString().getBytes(StandardCharsets.UTF_8));
      }
      if (p + 1 < npages) {
        page.put(
            "nextLink",
            base
                + "/arm/subscriptions/"
                + SUB
                + "/providers/Microsoft.Compute/virtualMachines?api-version=x&%24skiptoken="
                + (p + 1));
      }
      pages.add(page.toString().getBytes(StandardCharsets.UTF_8));
    }
    server.createContext("/", this::handle);
    server.start();
    AzureSdConfig cfg =
        new AzureSdConfig(
            "AzurePublicCloud",
            9100,
            SUB,
            "tenant",
            "client",
            Secret.of("bench-secret"),
            Duration.ofMinutes(5),
            "OAuth",
            "",
            HttpClientConfig.defaults(compat),
            compat);
    Cloud cloud =
        new Cloud(
            "bench",
            base + "/aad/",
            base + "/arm" + (compat == Compat.PROMETHEUS_2 ? "/" : ""),
            compat == Compat.PROMETHEUS_2
                ? base + "/arm/"
                : "https://management.core.windows.net/");
    discoverer =
        new AzureDiscoverer(
            cfg, (n, c) -> cloud, Timing.PROMETHEUS, name -> null, base + "/no-imds");
    discoverer.open(Clock.systemUTC());
  }

  /** One refresh; returns the number of targets. */
  public int refresh() throws Exception {
    List<TargetGroup> groups = discoverer.refresh();
    return groups.get(0).targets().size();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      String query = ex.getRequestURI().getRawQuery();
      byte[] body;
      int status = 200;
      if (path.startsWith("/aad/")) {
        body =
            ("{\"token_type\":\"Bearer\",\"expires_in\":\"3599\",\"expires_on\":\""
                    + (System.currentTimeMillis() / 1000 + 3599)
                    + "\",\"access_token\":\"bench-token\"}")
                .getBytes(StandardCharsets.UTF_8);
      } else if (path.endsWith("/virtualMachines")) {
        int p = 0;
        if (query != null && query.contains("skiptoken=")) {
          String rest = query.substring(query.indexOf("skiptoken=") + 10);
          int amp = rest.indexOf('&');
          p = Integer.parseInt(amp < 0 ? rest : rest.substring(0, amp));
        }
        body = pages.get(p);
      } else if (path.endsWith("/virtualMachineScaleSets")) {
        body = "{\"value\":[]}".getBytes(StandardCharsets.UTF_8);
      } else {
        body = nics.get(path.substring(4).toLowerCase(java.util.Locale.ROOT));
        if (body == null) {
          status = 404;
          body =
              "{\"error\":{\"code\":\"NotFound\",\"message\":\"no\"}}"
                  .getBytes(StandardCharsets.UTF_8);
        }
      }
      ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      ex.sendResponseHeaders(status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  @Override
  public void close() {
    discoverer.close();
    server.stop(0);
  }
}
