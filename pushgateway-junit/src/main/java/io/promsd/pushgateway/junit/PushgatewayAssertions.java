package io.promsd.pushgateway.junit;

import static java.util.Objects.requireNonNull;

import io.promsd.pushgateway.PushedGroup;
import io.promsd.pushgateway.Pushgateway;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoublePredicate;
import org.opentest4j.AssertionFailedError;

/**
 * Fluent assertions on what a gateway holds. Failures are {@link AssertionFailedError}s that show
 * the group's pushed metrics in the text format.
 */
public final class PushgatewayAssertions {
  private PushgatewayAssertions() {}

  /** Assertions on the extension's gateway. */
  public static GatewayAssert assertThat(PushgatewayExtension extension) {
    return new GatewayAssert(extension.gateway());
  }

  /** Assertions on a gateway. */
  public static GatewayAssert assertThat(Pushgateway gateway) {
    return new GatewayAssert(requireNonNull(gateway, "gateway"));
  }

  /** Assertions on a whole gateway. */
  public static final class GatewayAssert {
    private final Pushgateway gw;

    private GatewayAssert(Pushgateway gw) {
      this.gw = gw;
    }

    /**
     * The group with exactly these grouping labels, given as name, value pairs ({@code "job",
     * "backup", "instance", "db1"}); fails when the gateway holds none.
     */
    public GroupAssert group(String... labelPairs) {
      Map<String, String> labels = pairs(labelPairs);
      PushedGroup g =
          gw.group(labels)
              .orElseThrow(
                  () ->
                      new AssertionFailedError(
                          "expected a group " + labels + " but the gateway holds " + gw.groups()));
      return new GroupAssert(gw, g);
    }

    /** Fails when a group with these labels exists. */
    public GatewayAssert hasNoGroup(String... labelPairs) {
      Map<String, String> labels = pairs(labelPairs);
      if (gw.group(labels).isPresent()) {
        throw new AssertionFailedError(
            "expected no group "
                + labels
                + " but one was pushed:\n"
                + gw.groupText(labels).orElse(""));
      }
      return this;
    }

    /** Fails unless the gateway holds exactly this many groups. */
    public GatewayAssert hasGroupCount(int n) {
      List<Map<String, String>> groups = gw.groups();
      if (groups.size() != n) {
        throw new AssertionFailedError(
            "expected " + n + " groups but the gateway holds " + groups.size() + ": " + groups,
            n,
            groups.size());
      }
      return this;
    }
  }

  /** Assertions on one group. */
  public static final class GroupAssert {
    private final Pushgateway gw;
    private final PushedGroup group;

    private GroupAssert(Pushgateway gw, PushedGroup group) {
      this.gw = gw;
      this.group = group;
    }

    /** The group as the assertions saw it. */
    public PushedGroup group() {
      return group;
    }

    private String shown() {
      return "\nin group " + group.labels() + ":\n" + gw.groupText(group.labels()).orElse("");
    }

    /** Fails unless the last push to the group succeeded. */
    public GroupAssert lastPushSucceeded() {
      if (group.failureTimeSeconds() > group.pushTimeSeconds()) {
        throw new AssertionFailedError(
            "expected the last push to succeed, but it failed" + shown());
      }
      return this;
    }

    /** Fails unless a family of this name and type {@code gauge} was pushed. */
    public SampleAssert hasGauge(String name) {
      return has(name, "gauge");
    }

    /** Fails unless a family of this name and type {@code counter} was pushed. */
    public SampleAssert hasCounter(String name) {
      return has(name, "counter");
    }

    /** Fails unless a family of this name (any type) was pushed. */
    public SampleAssert hasFamily(String name) {
      return has(name, null);
    }

    /** Fails when a family of this name was pushed. */
    public GroupAssert hasNoFamily(String name) {
      if (group.family(name).isPresent()) {
        throw new AssertionFailedError("expected no family " + name + shown());
      }
      return this;
    }

    private SampleAssert has(String name, String type) {
      PushedGroup.Family f =
          group
              .family(name)
              .orElseThrow(() -> new AssertionFailedError("expected a family " + name + shown()));
      if (type != null && !f.type().equals(type)) {
        throw new AssertionFailedError(
            "expected " + name + " to be a " + type + " but it is a " + f.type() + shown(),
            type,
            f.type());
      }
      return new SampleAssert(this, f);
    }
  }

  /** Assertions on the samples of one family. */
  public static final class SampleAssert {
    private final GroupAssert group;
    private final PushedGroup.Family family;
    private final Map<String, String> labels = new LinkedHashMap<>();

    private SampleAssert(GroupAssert group, PushedGroup.Family family) {
      this.group = group;
      this.family = family;
    }

    /** Narrows to the samples carrying these labels (name, value pairs) besides the grouping. */
    public SampleAssert withLabels(String... labelPairs) {
      labels.putAll(pairs(labelPairs));
      return this;
    }

    /** Fails unless one selected sample of the family's own name has exactly this value. */
    public SampleAssert withValue(double expected) {
      return matching(v -> Double.compare(v, expected) == 0, "the value " + expected);
    }

    /** Fails unless one selected sample's value satisfies the condition. */
    public SampleAssert withValueMatching(DoublePredicate condition, String description) {
      return matching(condition, description);
    }

    private SampleAssert matching(DoublePredicate condition, String description) {
      for (PushedGroup.Sample s : family.samples()) {
        if (s.name().equals(family.name())
            && s.labels().entrySet().containsAll(labels.entrySet())
            && condition.test(s.value())) {
          return this;
        }
      }
      throw new AssertionFailedError(
          "expected "
              + family.name()
              + (labels.isEmpty() ? "" : " " + labels)
              + " with "
              + description
              + group.shown());
    }

    /** Back to the group, for more families. */
    public GroupAssert and() {
      return group;
    }
  }

  private static Map<String, String> pairs(String... labelPairs) {
    if (labelPairs.length % 2 != 0) {
      throw new IllegalArgumentException("label names and values must come in pairs");
    }
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      m.put(labelPairs[i], labelPairs[i + 1]);
    }
    return m;
  }
}
