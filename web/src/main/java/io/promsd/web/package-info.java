/**
 * The HTTP plumbing promsd's servers share: {@link io.promsd.web.WebServer} (Jetty 12 core) with Go
 * listen addresses, an httprouter-style {@link io.promsd.web.Router}, Go's path cleaning and error
 * answers, {@link io.promsd.web.WebConfig} (exporter-toolkit's {@code --web.config.file}: TLS and
 * bcrypt basic auth), {@link io.promsd.web.WebLimits}, {@link io.promsd.web.RoutePrefix} for {@code
 * --web.route-prefix} and {@code --web.external-url}, and {@link io.promsd.web.RequestObserver} for
 * request metrics. Knows nothing of discovery or of the Push Gateway.
 */
package io.promsd.web;
