package io.promsd.bench;

import io.promsd.relabel.Compat;
import io.promsd.sd.azure.AzureBenchAccess;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One Azure SD refresh of 5,000 VMs over 5 pages of 1,000 against an in-process fake Resource
 * Manager on loopback (token request, the VM and scale-set lists, one NIC per VM): time and, with
 * {@code -prof gc}, allocation per refresh. Under {@code PROMETHEUS_3} the NIC cache is warm after
 * the first refresh, as it is in a running Prometheus, so a refresh makes 7 requests instead of
 * 5,007.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar AzureRefreshBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class AzureRefreshBenchmark {
  @Param({"PROMETHEUS_2", "PROMETHEUS_3"})
  public String compat;

  @Param({"5000"})
  public int vms;

  private AzureBenchAccess azure;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    azure = new AzureBenchAccess(vms, 1000, Compat.valueOf(compat));
    if (azure.refresh() != vms) {
      throw new IllegalStateException("expected " + vms + " targets");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    azure.close();
  }

  @Benchmark
  public int refresh() throws Exception {
    return azure.refresh();
  }
}
