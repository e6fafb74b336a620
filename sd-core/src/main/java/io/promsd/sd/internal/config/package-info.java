/**
 * Config types promsd's own modules share: {@link io.promsd.sd.internal.config.TargetGroups}
 * (target groups as static_configs and file SD files hold them) and {@link
 * io.promsd.sd.internal.config.UnavailableSdConfig} (an SD config whose module is not on the class
 * path).
 *
 * <p>Internal: not API; it may change in any release.
 */
package io.promsd.sd.internal.config;
