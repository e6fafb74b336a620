/**
 * HTTP helpers promsd's discoverers share: Go's {@code net/url} ({@link
 * io.promsd.sd.internal.httpclient.GoUrl}) and a size-capped response body ({@link
 * io.promsd.sd.internal.httpclient.BoundedBody}).
 *
 * <p>Internal: used by promsd's discoverer modules, not API; it may change in any release.
 */
package io.promsd.sd.internal.httpclient;
