package io.promsd.sd.config;

import io.promsd.sd.internal.httpclient.GoUrl;
import java.util.regex.Pattern;

/**
 * The checks {@code scw.NewClient} (scaleway-sdk-go, as vendored by Prometheus 2.42) runs on the
 * profile that {@code discovery/scaleway/scaleway.go} builds from a {@code scaleway_sd_configs}
 * entry: formats of the access key, secret key, project ID and zone, and the API URL, in that
 * order. Texts recorded from promtool 2.42 ({@code testdata/checkconfig/promtool-2.42}). Stateless.
 */
final class ScalewayProfile {
  private ScalewayProfile() {}

  private static final Pattern ACCESS_KEY = Pattern.compile("SCW[A-Z0-9]{17}");
  private static final Pattern UUID =
      Pattern.compile(
          "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern ZONE = Pattern.compile("[a-z]{2}-[a-z]{3}-[1-9]");
  private static final String ZONES =
      "fr-par-1, fr-par-2, fr-par-3, nl-ams-1, nl-ams-2, pl-waw-1, pl-waw-2";
  private static final String PREFIX = "scaleway-sdk-go: ";

  /**
   * The first problem, or null.
   *
   * @param secretKey the configured secret key; empty when it is read from {@code secret_key_file}
   *     (Prometheus then hands the SDK a placeholder UUID)
   */
  static String error(
      String accessKey, String secretKey, String projectId, String zone, String apiUrl) {
    if (!ACCESS_KEY.matcher(accessKey).matches()) {
      return PREFIX
          + "invalid access key format '"
          + accessKey
          + "', expected SCWXXXXXXXXXXXXXXXXX format";
    }
    if (!secretKey.isEmpty() && !UUID.matcher(secretKey).matches()) {
      return PREFIX
          + "invalid secret key format '"
          + secretKey
          + "', expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    }
    if (!UUID.matcher(projectId).matches()) {
      return PREFIX
          + "invalid project ID format '"
          + projectId
          + "', expected a UUID: xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    }
    if (zone.isEmpty()) {
      return PREFIX + "default zone cannot be empty";
    }
    if (!ZONE.matcher(zone).matches()) {
      return PREFIX + "invalid default zone format '" + zone + "', available zones are: " + ZONES;
    }
    try {
      GoUrl.parse(apiUrl);
    } catch (GoUrl.ParseException e) {
      return PREFIX + "invalid url " + apiUrl;
    }
    return null;
  }
}
