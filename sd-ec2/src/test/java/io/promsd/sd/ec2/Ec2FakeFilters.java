package io.promsd.sd.ec2;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * EC2 filter evaluation for {@link Ec2Fake}, by the rules of {@code gen/fake_ec2.py}: several
 * filters are ANDed, several values ORed; {@code *} matches any run of characters, {@code ?} one.
 */
final class Ec2FakeFilters {
  private Ec2FakeFilters() {}

  private static final Set<String> NAMES =
      Set.of(
          "instance-state-name",
          "instance-id",
          "instance-type",
          "availability-zone",
          "vpc-id",
          "subnet-id",
          "architecture",
          "owner-id",
          "tag-key",
          "tag-value");

  static boolean known(String name) {
    return NAMES.contains(name) || name.startsWith("tag:");
  }

  static boolean matches(
      List<Map.Entry<String, List<String>>> filters, Element reservation, Element instance) {
    for (Map.Entry<String, List<String>> f : filters) {
      boolean any = false;
      for (String candidate : candidates(f.getKey(), reservation, instance)) {
        for (String pattern : f.getValue()) {
          if (candidate != null && glob(pattern).matcher(candidate).matches()) {
            any = true;
          }
        }
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  private static List<String> candidates(String name, Element res, Element inst) {
    List<String> out = new ArrayList<>();
    if (name.startsWith("tag:")) {
      String key = name.substring(4);
      for (Element t : tags(inst)) {
        if (key.equals(Ec2Fake.text(t, "key"))) {
          out.add(Ec2Fake.text(t, "value"));
        }
      }
      return out;
    }
    switch (name) {
      case "instance-state-name" -> out.add(Ec2Fake.text(inst, "instanceState", "name"));
      case "instance-id" -> out.add(Ec2Fake.text(inst, "instanceId"));
      case "instance-type" -> out.add(Ec2Fake.text(inst, "instanceType"));
      case "availability-zone" -> out.add(Ec2Fake.text(inst, "placement", "availabilityZone"));
      case "vpc-id" -> out.add(Ec2Fake.text(inst, "vpcId"));
      case "subnet-id" -> out.add(Ec2Fake.text(inst, "subnetId"));
      case "architecture" -> out.add(Ec2Fake.text(inst, "architecture"));
      case "owner-id" -> out.add(Ec2Fake.text(res, "ownerId"));
      case "tag-key" -> tags(inst).forEach(t -> out.add(Ec2Fake.text(t, "key")));
      case "tag-value" -> tags(inst).forEach(t -> out.add(Ec2Fake.text(t, "value")));
      default -> throw new IllegalArgumentException(name);
    }
    return out;
  }

  private static List<Element> tags(Element inst) {
    return Ec2Fake.children(Ec2Fake.child(inst, "tagSet"), "item");
  }

  static Pattern glob(String pattern) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '*') {
        sb.append(".*");
      } else if (c == '?') {
        sb.append('.');
      } else {
        sb.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(sb.toString(), Pattern.DOTALL);
  }
}
