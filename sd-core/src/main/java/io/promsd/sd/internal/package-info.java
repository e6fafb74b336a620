/**
 * Plumbing shared by promsd's command line and servers: {@link io.promsd.sd.internal.ScrapeJob},
 * the per-job view of a loaded config that the CLI and {@code promsd serve} run discovery from.
 *
 * <p>Internal: not API; it may change in any release.
 */
package io.promsd.sd.internal;
