package io.promsd.sd.http;

import io.promsd.sd.testing.ScriptedHttpConformance;
import io.promsd.sd.testing.ScriptedHttpServer;

/**
 * Replays {@code testdata/http/promtool-2.42} (recorded from promtool 2.42 against the scripted
 * fake) under {@code --compat=2}, and {@code testdata/http/prometheus-3} (written from the 3.x
 * source) under {@code --compat=3}. A discovery case serves the same answers from {@link
 * ScriptedHttpServer}, parses the same {@code http_sd_configs} through the real loader, runs one
 * refresh of the real discoverer, and compares the targets with promtool's {@code discoveredLabels}
 * (without the job's defaults), the requests with what promtool sent (the Debian {@code +ds} suffix
 * of the user agent dropped), and the refresh error with promtool's {@code err}. A config case
 * compares the loader's verdict and message with {@code promtool check config}'s.
 */
class HttpConformanceTest extends ScriptedHttpConformance {
  HttpConformanceTest() {
    super("http");
  }
}
