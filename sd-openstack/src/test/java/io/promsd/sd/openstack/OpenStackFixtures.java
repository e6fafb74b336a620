package io.promsd.sd.openstack;

import com.fasterxml.jackson.databind.JsonNode;
import io.promsd.relabel.Compat;
import io.promsd.relabel.testing.TestData;
import io.promsd.sd.spi.SdConfig;
import io.promsd.sd.testing.SdFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Paths and parsing helpers for the fixtures in {@code testdata/openstack}. */
final class OpenStackFixtures {
  /** Short waits for tests. */
  static final Timing FAST = new Timing(Duration.ofSeconds(20), Duration.ofMillis(20));

  private OpenStackFixtures() {}

  static Path testdata() {
    return TestData.root();
  }

  static Path openstack() {
    return testdata().resolve("openstack");
  }

  static Path payload(String name) {
    return openstack().resolve("payloads").resolve(name + ".json");
  }

  /** A YAML fixture as a JSON tree (plain SnakeYAML: the recordings are simple block YAML). */
  static JsonNode yaml(Path file) {
    try {
      Object doc =
          new Yaml(new SafeConstructor(new LoaderOptions()))
              .load(Files.readString(file, StandardCharsets.UTF_8));
      return OpenStackFake.JSON.valueToTree(doc);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static OpenStackSdConfig one(String prometheusYml, Compat compat) {
    List<SdConfig> all = SdFixtures.sdConfigs(prometheusYml, compat);
    if (all.size() != 1) {
      throw new AssertionError("expected one config, got " + all);
    }
    return (OpenStackSdConfig) all.get(0);
  }
}
