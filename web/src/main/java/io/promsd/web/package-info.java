/**
 * The limits a promsd server puts on its clients ({@link io.promsd.web.WebLimits}), as the servers'
 * builders take them. The servers' HTTP plumbing itself is in {@code io.promsd.web.internal}, which
 * is not API.
 */
package io.promsd.web;
