/**
 * Loading configuration the way Prometheus loads it: {@link io.promsd.sd.config.Secret}s that never
 * print, Prometheus {@link io.promsd.sd.config.PromDuration durations}, and the HTTP client
 * settings that HTTP-based SD configs inline ({@link io.promsd.sd.config.HttpClientConfig} and its
 * parts, after prometheus/common's {@code config/http_config.go}), with what a discoverer needs at
 * run time to honour them: a {@link java.net.http.HttpClient.Builder}, a {@link
 * io.promsd.sd.config.TlsContext} and the {@link io.promsd.sd.config.RequestHeaders} of each
 * request.
 */
package io.promsd.sd.config;
