/**
 * Go's {@code net/url} as the discoverers need it: {@link io.promsd.sd.internal.httpclient.GoUrl}.
 *
 * <p>Internal: used by promsd's discoverer modules, not API; it may change in any release.
 */
package io.promsd.sd.internal.httpclient;
