/**
 * The HTTP client settings that scrape configs and HTTP-based SD configs inline, after
 * prometheus/common's {@code config/http_config.go}: {@link
 * io.promsd.sd.httpclient.HttpClientConfig} (authentication, TLS, proxy, redirects, HTTP/2, extra
 * headers) decoded and validated as Prometheus does, {@link io.promsd.sd.httpclient.Secret}s that
 * never print, and what a client needs at run time to honour the settings: a {@link
 * java.net.http.HttpClient.Builder}, a {@link io.promsd.sd.httpclient.HttpClientConfig.TlsContext}
 * for other client libraries, and the {@link io.promsd.sd.httpclient.RequestHeaders} of each
 * request (credential files read afresh).
 */
package io.promsd.sd.httpclient;
