package io.promsd.serve;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.JobTargets;
import io.promsd.sd.ScrapeSettings;
import io.promsd.sd.ScrapeTarget;
import io.promsd.sd.TargetSet;
import io.promsd.sd.config.ConfigLoader;
import io.promsd.sd.config.PrometheusConfig;
import io.promsd.sd.internal.ScrapeJob;
import io.promsd.sd.spi.TargetGroup;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shard property: for any job and any {@code N}, the {@code N} shards of {@code /sd/JOB} are
 * disjoint, their union is the whole job, and each target sits in the shard Prometheus's {@code
 * hashmod} gives its {@code __address__} ({@code model/relabel/relabel.go}, {@code relabel}: MD5 of
 * the value, bytes 8..15 as a big-endian unsigned integer, modulo {@code N}), computed here with
 * the JDK's MD5 as an independent oracle.
 */
class ShardPropertyTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Arguments> jobs() {
    return LongStream.range(0, 200)
        .mapToObj(
            seed -> {
              SplittableRandom rnd = new SplittableRandom(seed);
              int n = rnd.nextInt(0, 60);
              List<Labels> targets = new ArrayList<>();
              for (int i = 0; i < n; i++) {
                String addr =
                    switch (rnd.nextInt(4)) {
                      case 0 ->
                          "10."
                              + rnd.nextInt(256)
                              + "."
                              + rnd.nextInt(256)
                              + ".1:"
                              + rnd.nextInt(1, 65536);
                      case 1 -> "host-" + rnd.nextInt(1000) + ".example:9100";
                      case 2 -> "[2001:db8::" + Integer.toHexString(rnd.nextInt(65536)) + "]:80";
                      default -> "ünï-" + rnd.nextInt(100) + ".example"; // non-ASCII, no port
                    };
                targets.add(Labels.of("__address__", addr, "i", Integer.toString(i)));
              }
              return Arguments.of(seed, targets, rnd.nextInt(1, 9));
            });
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("jobs")
  void shardsAreDisjointAndCoverTheJob(long seed, List<Labels> targets, int shards)
      throws Exception {
    PrometheusConfig config =
        ConfigLoader.parse(
            "scrape_configs:\n  - job_name: j\n", Path.of("prometheus.yml"), Compat.PROMETHEUS_3);
    ScrapeJob job = ScrapeJob.of(config.scrapeConfigs().get(0), Compat.PROMETHEUS_3);
    List<ScrapeTarget> results = job.targets(new TargetGroup("g", Labels.empty(), targets));
    List<ScrapeTarget> active = results.stream().filter(ScrapeTarget::isActive).toList();
    ServeView view =
        new ServeView(
            config,
            "",
            Map.of("j", job),
            new TargetSet(
                1,
                Instant.EPOCH,
                Map.of(
                    "j",
                    new JobTargets(
                        "j",
                        active,
                        List.of(),
                        List.of(),
                        ScrapeSettings.of(config.scrapeConfigs().get(0), Compat.PROMETHEUS_3),
                        true))));
    HttpSd sd = new HttpSd();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < shards; i++) {
      for (JsonNode g : JSON.readTree(sd.render(view, "j", i, shards).bytes())) {
        String addr = g.get("targets").get(0).asText();
        String key = addr + "#" + g.get("labels").get("i").asText();
        assertThat(seen.put(key, i)).as("%s in two shards", key).isNull();
        assertThat(i).as("shard of %s", addr).isEqualTo(hashmod(addr, shards));
      }
    }
    List<String> all = new ArrayList<>();
    for (JsonNode g : JSON.readTree(sd.render(view, "j", 0, 0).bytes())) {
      all.add(g.get("targets").get(0).asText() + "#" + g.get("labels").get("i").asText());
    }
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(all);
    assertThat(all).hasSize(active.size());
  }

  private static int hashmod(String value, int modulus) throws Exception {
    byte[] d = MessageDigest.getInstance("MD5").digest(value.getBytes(StandardCharsets.UTF_8));
    byte[] low = new byte[9]; // leading zero: unsigned
    System.arraycopy(d, 8, low, 1, 8);
    return new BigInteger(low).mod(BigInteger.valueOf(modulus)).intValueExact();
  }
}
