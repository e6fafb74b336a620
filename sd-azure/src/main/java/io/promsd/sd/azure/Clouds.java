package io.promsd.sd.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.relabel.internal.config.GoText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves {@code environment} to endpoints, as each Prometheus does when discovery runs.
 *
 * <p>2.42 uses go-autorest's {@code EnvironmentFromName} (autorest/azure/environments.go at
 * autorest/v0.11.28): five names, case-insensitive, plus {@code AzureStackCloud}, whose endpoints
 * come from the JSON file named by {@code AZURE_ENVIRONMENT_FILEPATH}. 3.x uses {@code
 * CloudConfigurationFromName} in discovery/azure/azure.go: a fixed table of azcore clouds in which
 * the German cloud maps to the public one, and no custom endpoints.
 */
interface Clouds {
  /**
   * The cloud named {@code name}.
   *
   * @throws AzureException with Prometheus's text when there is none
   */
  Cloud resolve(String name, Compat compat) throws AzureException;

  /** Reads {@code AZURE_ENVIRONMENT_FILEPATH} from the process environment. */
  static Clouds system() {
    return of(System::getenv);
  }

  /** Reads environment variables through {@code env}. */
  static Clouds of(Function<String, String> env) {
    return (name, compat) -> compat == Compat.PROMETHEUS_2 ? autorest(name, env) : azcore(name);
  }

  Map<String, Cloud> AUTOREST =
      Map.of(
          "AZURECHINACLOUD",
          new Cloud(
              "AzureChinaCloud",
              "https://login.chinacloudapi.cn/",
              "https://management.chinacloudapi.cn/",
              "https://management.chinacloudapi.cn/"),
          "AZUREGERMANCLOUD",
          new Cloud(
              "AzureGermanCloud",
              "https://login.microsoftonline.de/",
              "https://management.microsoftazure.de/",
              "https://management.microsoftazure.de/"),
          "AZURECLOUD",
          new Cloud(
              "AzurePublicCloud",
              "https://login.microsoftonline.com/",
              "https://management.azure.com/",
              "https://management.azure.com/"),
          "AZUREPUBLICCLOUD",
          new Cloud(
              "AzurePublicCloud",
              "https://login.microsoftonline.com/",
              "https://management.azure.com/",
              "https://management.azure.com/"),
          "AZUREUSGOVERNMENT",
          new Cloud(
              "AzureUSGovernmentCloud",
              "https://login.microsoftonline.us/",
              "https://management.usgovcloudapi.net/",
              "https://management.usgovcloudapi.net/"),
          "AZUREUSGOVERNMENTCLOUD",
          new Cloud(
              "AzureUSGovernmentCloud",
              "https://login.microsoftonline.us/",
              "https://management.usgovcloudapi.net/",
              "https://management.usgovcloudapi.net/"));

  Cloud PUBLIC_3 =
      new Cloud(
          "AzurePublic",
          "https://login.microsoftonline.com/",
          "https://management.azure.com",
          "https://management.core.windows.net/");
  Cloud CHINA_3 =
      new Cloud(
          "AzureChina",
          "https://login.chinacloudapi.cn/",
          "https://management.chinacloudapi.cn",
          "https://management.core.chinacloudapi.cn/");
  Cloud GOVERNMENT_3 =
      new Cloud(
          "AzureGovernment",
          "https://login.microsoftonline.us/",
          "https://management.usgovcloudapi.net",
          "https://management.core.usgovcloudapi.net/");

  /** discovery/azure/azure.go {@code environments} (3.x). */
  Map<String, Cloud> AZCORE =
      Map.of(
          "AZURECHINACLOUD", CHINA_3,
          "AZURECLOUD", PUBLIC_3,
          "AZUREGERMANCLOUD", PUBLIC_3,
          "AZUREPUBLICCLOUD", PUBLIC_3,
          "AZUREUSGOVERNMENT", GOVERNMENT_3,
          "AZUREUSGOVERNMENTCLOUD", GOVERNMENT_3);

  private static Cloud autorest(String name, Function<String, String> env) throws AzureException {
    if (name.equalsIgnoreCase("AZURESTACKCLOUD")) {
      return fromFile(env.apply("AZURE_ENVIRONMENT_FILEPATH"));
    }
    String upper = GoText.toUpper(name);
    Cloud c = AUTOREST.get(upper);
    if (c == null) {
      throw new AzureException(
          "autorest/azure: There is no cloud environment matching the name " + GoText.quote(upper));
    }
    return c;
  }

  private static Cloud azcore(String name) throws AzureException {
    String upper = GoText.toUpper(name);
    Cloud c = AZCORE.get(upper);
    if (c == null) {
      throw new AzureException(
          "there is no cloud configuration matching the name " + GoText.quote(upper));
    }
    return c;
  }

  /** go-autorest {@code EnvironmentFromFile}: a JSON environment, missing fields empty. */
  private static Cloud fromFile(String location) throws AzureException {
    String path = location == null ? "" : location;
    if (path.isEmpty()) {
      throw new AzureException("open : no such file or directory");
    }
    byte[] data;
    try {
      data = Files.readAllBytes(Path.of(path));
    } catch (NoSuchFileException e) {
      throw new AzureException("open " + path + ": no such file or directory");
    } catch (IOException | RuntimeException e) {
      throw new AzureException("open " + path + ": " + e.getMessage());
    }
    JsonNode n;
    try {
      n = new ObjectMapper().readTree(data);
    } catch (IOException e) {
      throw new AzureException("invalid environment file " + path + ": " + e.getMessage());
    }
    if (n == null || !n.isObject()) {
      throw new AzureException("invalid environment file " + path);
    }
    String rm = n.path("resourceManagerEndpoint").asText("");
    return new Cloud(
        n.path("name").asText(""), n.path("activeDirectoryEndpoint").asText(""), rm, rm);
  }
}
