package io.promsd.bench;

import io.promsd.relabel.BenchAccess;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Relabeling time and allocation per target on the perf workload ({@code testdata/perf}: 10,000
 * Kubernetes pod targets, 13 {@code kubernetes-pods}-style rules). One invocation relabels every
 * target once; scores are per target.
 *
 * <p>Figures (ns and bytes per target, {@code apply}; medians of 3 rounds interleaved with Go in
 * one sitting by {@code bench/sitting.py}; Debian 12 VM, 2 vCPUs AMD EPYC, shared, load 1.1-3.5;
 * OpenJDK 17.0.15, JMH 1.37, 1 fork, 6x2 s warm-up, 5x2 s measurement; 2026-11-25, commit c6498ec;
 * "before" is the engine of commit 65cdabb):
 *
 * <pre>
 *                        compat 2             compat 3
 * Go 2.42 relabel.Process 25,657 ns  3,258 B   (same sitting, median of 6 runs)
 * before, fast paths off  33,724 ns  4,180 B   30,898 ns  4,180 B
 * before, fast paths on    4,861 ns    833 B    4,489 ns    833 B
 * after,  fast paths off  29,827 ns  3,664 B   33,006 ns  3,664 B
 * after,  fast paths on    1,516 ns    175 B    1,443 ns    175 B   promsd/Go = 0.06
 * noop (11 rules), after   1,402 ns      0 B      926 ns      0 B
 * </pre>
 *
 * <p>Command: {@code java -jar bench/target/benchmarks.jar RelabelBenchmark -prof gc -prof
 * io.promsd.bench.CpuTimeProfiler} from the checkout root; {@code bench/README.md} has the full
 * tables, CPU times and the method.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class RelabelBenchmark {
  /** The workload's size; {@link OperationsPerInvocation} needs it as a constant. */
  static final int TARGETS = 10_000;

  /**
   * Rules that touch every target and change nothing: a literal keep, an alternation drop, a
   * whole-value copy onto itself, a constant equal to the current value, a labelmap and a labeldrop
   * that match no name, a labelkeep that keeps every name, a lowercase of a lowercase value, a
   * dropequal of two different labels, a keep on two joined labels, and an address rewrite with
   * groups (the backtracking matcher) whose result is the current address.
   */
  static final String NOOP_RULES =
      """
      - source_labels: [job]
        regex: j
        action: keep
      - source_labels: [__meta_kubernetes_pod_phase]
        regex: Failed|Succeeded|Unknown
        action: drop
      - source_labels: [__address__]
        target_label: __address__
      - source_labels: [__scheme__]
        regex: http
        target_label: __scheme__
        replacement: http
      - action: labelmap
        regex: __meta_kubernetes_service_label_(.+)
      - action: labeldrop
        regex: (pod_template_hash|controller_revision_hash)
      - action: labelkeep
        regex: (.*)
      - source_labels: [__metrics_path__]
        target_label: __metrics_path__
        action: lowercase
      - source_labels: [job]
        target_label: __address__
        action: dropequal
      - source_labels: [__scheme__, job]
        regex: http;j
        action: keep
      - source_labels: [__address__, job]
        regex: ([^:]+):(\\d+);j
        target_label: __address__
        replacement: $1:$2
      """;

  @Param({"PROMETHEUS_2", "PROMETHEUS_3"})
  public Compat compat;

  @Param({"true", "false"})
  public boolean fastPaths;

  private Labels[] targets;
  private Relabeler workload;
  private Relabeler noop;
  private Relabeler noopToo; // the same rules compiled again: a second relabeler on the thread

  @Setup
  public void setUp() {
    Workload w = Workload.load(compat);
    if (w.targets.length != TARGETS) {
      throw new IllegalStateException("expected " + TARGETS + " targets: " + w.targets.length);
    }
    targets = w.targets;
    workload = BenchAccess.compile(w.rules, compat, fastPaths);
    List<RelabelConfig> noopRules = RelabelConfig.parseYaml(NOOP_RULES, "noop", compat);
    noop = BenchAccess.compile(noopRules, compat, fastPaths);
    noopToo = BenchAccess.compile(noopRules, compat, fastPaths);
    check(w.rules);
  }

  /** Fails the trial if the engines disagree or the no-op rules change anything. */
  private void check(List<RelabelConfig> rules) {
    Relabeler other = BenchAccess.compile(rules, compat, !fastPaths);
    int kept = 0;
    for (Labels t : targets) {
      Labels a = workload.apply(t);
      if (!Objects.equals(a, other.apply(t))) {
        throw new IllegalStateException("fast paths on and off disagree on " + t);
      }
      kept += a == null ? 0 : 1;
      if (noop.apply(t) != t) {
        throw new IllegalStateException("no-op rules changed " + t);
      }
    }
    System.out.println("# " + compat + " fastPaths=" + fastPaths + ": kept " + kept + " targets");
  }

  /** {@link Relabeler#apply}: the kept labels, or null. */
  @Benchmark
  @OperationsPerInvocation(TARGETS)
  public void apply(Blackhole bh) {
    for (Labels t : targets) {
      bh.consume(workload.apply(t));
    }
  }

  /** {@link Relabeler#process}: as apply, wrapped in a result naming the dropping rule. */
  @Benchmark
  @OperationsPerInvocation(TARGETS)
  public void process(Blackhole bh) {
    for (Labels t : targets) {
      bh.consume(workload.process(t));
    }
  }

  /**
   * Two relabelers taking turns target by target (as when one thread serves several jobs): still
   * nothing allocated.
   */
  @Benchmark
  @OperationsPerInvocation(TARGETS)
  public void noopAlternating(Blackhole bh) {
    for (int i = 0; i < targets.length; i++) {
      bh.consume((i & 1) == 0 ? noop.apply(targets[i]) : noopToo.apply(targets[i]));
    }
  }

  /** Rules that change nothing: must allocate nothing ({@code -prof gc}). */
  @Benchmark
  @OperationsPerInvocation(TARGETS)
  public void noop(Blackhole bh) {
    for (Labels t : targets) {
      bh.consume(noop.apply(t));
    }
  }
}
