/**
 * Live discovery for embedders: {@link io.promsd.sd.DiscoveryManager} runs the discoverers of a
 * loaded config and publishes immutable {@link io.promsd.sd.TargetSet} snapshots (per job: active,
 * dropped and failed {@link io.promsd.sd.ScrapeTarget}s) to {@link
 * io.promsd.sd.TargetSetListener}s; {@link io.promsd.sd.internal.ScrapeJob} is Prometheus's target
 * population for one job.
 */
package io.promsd.sd;
