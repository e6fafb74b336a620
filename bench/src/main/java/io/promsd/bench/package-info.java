/**
 * JMH benchmarks of promsd's relabel engine on the shared perf workload ({@code testdata/perf}):
 * {@link io.promsd.bench.RelabelBenchmark} measures time and allocation per target. Built only with
 * {@code mvn -Pbench}; see {@code bench/README.md} for the commands and the figures.
 */
package io.promsd.bench;
