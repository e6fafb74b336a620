package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The label mapping on seam records (no SDK, no HTTP): the corners the recorded cases can't reach
 * because real EC2 (and so promtool) never sends them.
 */
class InstanceLabelsTest {

  private static Ec2Api.Instance instance(
      String privateIp, String vpc, List<Ec2Api.NetworkInterface> enis, List<Ec2Api.Tag> tags) {
    return new Ec2Api.Instance(
        "i-1",
        "ami-1",
        "running",
        "t3.micro",
        "us-east-1a",
        privateIp,
        null,
        null,
        null,
        null,
        null,
        null,
        vpc,
        vpc == null ? null : "subnet-1",
        enis,
        tags);
  }

  @Test
  void missingFieldsThatGoWouldCrashOnAreLeftOut() {
    Ec2Api.Instance bare =
        new Ec2Api.Instance(
            "i-1",
            null,
            null,
            null,
            null,
            "10.0.0.1",
            null,
            "192.0.2.1",
            null,
            null,
            null,
            null,
            "vpc-1",
            null,
            List.of(),
            List.of(new Ec2Api.Tag("k", null), new Ec2Api.Tag(null, "v")));
    Labels l = new InstanceLabels("r", 80, Map.of(), Compat.PROMETHEUS_3).of(null, bare);
    assertThat(l.asMap())
        .containsOnlyKeys(
            "__address__",
            "__meta_ec2_instance_id",
            "__meta_ec2_region",
            "__meta_ec2_private_ip",
            "__meta_ec2_public_ip",
            "__meta_ec2_vpc_id",
            "__meta_ec2_subnet_id");
    assertThat(l.get("__meta_ec2_subnet_id")).isEqualTo(",,");
  }

  @Test
  void ipv6OnlyInstanceDependsOnCompat() {
    Ec2Api.Instance i =
        instance(
            null,
            "vpc-1",
            List.of(
                new Ec2Api.NetworkInterface(
                    "subnet-1", 1, List.of(new Ec2Api.Ipv6Address("2001:db8::1", true)))),
            List.of());
    assertThat(new InstanceLabels("r", 9100, null, Compat.PROMETHEUS_2).of("o", i)).isNull();
    Labels l = new InstanceLabels("r", 9100, null, Compat.PROMETHEUS_3).of("o", i);
    assertThat(l.get("__address__")).isEqualTo("[2001:db8::1]:9100");
    assertThat(l.get("__meta_ec2_primary_ipv6_addresses")).isEqualTo(",,2001:db8::1,");
    assertThat(l.get("__meta_ec2_availability_zone_id")).isEmpty(); // no zone map yet
  }

  @Test
  void aPrimaryWithoutDeviceIndexIsNotPlaced() {
    // Go dereferences attachment.deviceIndex and would crash; EC2 always sends it.
    Ec2Api.Instance i =
        instance(
            "10.0.0.1",
            "vpc-1",
            List.of(
                new Ec2Api.NetworkInterface(
                    "subnet-1", null, List.of(new Ec2Api.Ipv6Address("2001:db8::1", true)))),
            List.of());
    Labels l = new InstanceLabels("r", 80, null, Compat.PROMETHEUS_3).of("o", i);
    assertThat(l.has("__meta_ec2_primary_ipv6_addresses")).isFalse();
    assertThat(l.get("__meta_ec2_default_ipv6_address")).isEqualTo("2001:db8::1");
  }

  @Test
  void theLaterOfTwoCollidingTagsWins() {
    // Tags are a list, applied in order (discovery/aws/ec2.go refresh), so this is stable.
    Ec2Api.Instance i =
        instance(
            "10.0.0.1",
            null,
            List.of(),
            List.of(new Ec2Api.Tag("a.b", "first"), new Ec2Api.Tag("a_b", "second")));
    InstanceLabels mapping = new InstanceLabels("r", 80, null, Compat.PROMETHEUS_3);
    assertThat(mapping.of("o", i).get("__meta_ec2_tag_a_b")).isEqualTo("second");
  }
}
