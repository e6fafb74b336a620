package io.promsd.bench;

import io.promsd.relabel.Compat;
import io.promsd.sd.openstack.OpenStackBenchAccess;
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
 * One OpenStack SD refresh (role instance) of 5,000 servers over 5 pages of 1,000 against an
 * in-process fake Keystone + Nova (+ Neutron for 3.x) on loopback: the token request, the floating
 * IPs and the server pages, as Prometheus makes them every refresh. Time and, with {@code -prof
 * gc}, allocation per refresh.
 *
 * <pre>{@code
 * java -jar bench/target/benchmarks.jar OpenStackRefreshBenchmark -prof gc
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgs = {"-Xmx1g"})
@State(Scope.Benchmark)
public class OpenStackRefreshBenchmark {
  @Param({"PROMETHEUS_2", "PROMETHEUS_3"})
  public String compat;

  @Param({"5000"})
  public int servers;

  private OpenStackBenchAccess openstack;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    openstack = new OpenStackBenchAccess(servers, 1000, Compat.valueOf(compat));
    if (openstack.refresh() != servers) {
      throw new IllegalStateException("expected " + servers + " targets");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    openstack.close();
  }

  @Benchmark
  public int refresh() throws Exception {
    return openstack.refresh();
  }
}
