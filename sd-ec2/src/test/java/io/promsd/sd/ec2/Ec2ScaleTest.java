package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.Compat;
import io.promsd.sd.spi.TargetGroup;
import io.promsd.sd.testing.CapturedLogs;
import io.promsd.sd.testing.SdFixtures;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Scale figures, reported not asserted: 10,000 instances over 10 pages from {@link Ec2Fake},
 * refreshed by the real discoverer on the real SDK client. Prints the wall time and the bytes the
 * refreshing thread allocated per refresh (the fake's threads are not counted). Runs only with
 * {@code -Dpromsd.scale=true}:
 *
 * <pre>{@code
 * mvn -B verify -pl sd-ec2 -am -Dpromsd.scale=true -Dtest=Ec2ScaleTest -Dsurefire.failIfNoSpecifiedTests=false
 * }</pre>
 */
@EnabledIfSystemProperty(named = "promsd.scale", matches = "true")
class Ec2ScaleTest {
  static final int PAGES = 10;
  static final int PER_PAGE = 1000;

  /** One realistic VPC instance: a private and public address, one ENI with IPv6, five tags. */
  static String instance(int n) {
    String ip = "10." + (n >> 16 & 255) + "." + (n >> 8 & 255) + "." + (n & 255);
    return "<item><instanceId>i-"
        + String.format("%017x", n)
        + "</instanceId><imageId>ami-0abcdef1234567890</imageId><instanceState><code>16</code>"
        + "<name>running</name></instanceState><privateDnsName>ip-"
        + ip.replace('.', '-')
        + ".ec2.internal</privateDnsName><dnsName>ec2-198-51-100-"
        + (n & 255)
        + ".compute-1.amazonaws.com</dnsName><instanceType>m5.large</instanceType>"
        + "<placement><availabilityZone>us-east-1"
        + "abcd".charAt(n & 3)
        + "</availabilityZone><tenancy>default</tenancy></placement><subnetId>subnet-0aaa1111"
        + "</subnetId><vpcId>vpc-0a1b2c3d</vpcId><privateIpAddress>"
        + ip
        + "</privateIpAddress><ipAddress>198.51.100."
        + (n & 255)
        + "</ipAddress><architecture>x86_64</architecture><tagSet>"
        + "<item><key>Name</key><value>node-"
        + n
        + "</value></item><item><key>env</key><value>prod</value></item>"
        + "<item><key>team</key><value>team-"
        + (n % 17)
        + "</value></item><item><key>aws:autoscaling:groupName</key><value>asg-"
        + (n % 40)
        + "</value></item><item><key>k8s.io/role/node</key><value>1</value></item></tagSet>"
        + "<networkInterfaceSet><item><networkInterfaceId>eni-"
        + n
        + "</networkInterfaceId><subnetId>subnet-0aaa1111</subnetId><attachment><deviceIndex>0"
        + "</deviceIndex></attachment><ipv6AddressesSet><item><ipv6Address>2001:db8::"
        + Integer.toHexString(n)
        + "</ipv6Address><isPrimaryIpv6>true</isPrimaryIpv6></item></ipv6AddressesSet></item>"
        + "</networkInterfaceSet></item>";
  }

  static List<String> pages() {
    List<String> pages = new ArrayList<>();
    for (int p = 0; p < PAGES; p++) {
      StringBuilder items = new StringBuilder();
      for (int i = 0; i < PER_PAGE; i++) {
        items.append(instance(p * PER_PAGE + i));
      }
      String res =
          "<item><reservationId>r-"
              + p
              + "</reservationId><ownerId>123456789012</ownerId><instancesSet>"
              + items
              + "</instancesSet></item>";
      pages.add(Ec2Fake.page(res, p + 1 < PAGES ? "token-" + (p + 2) : null));
    }
    return pages;
  }

  /** Where the bytes go: the SDK call (HTTP, XML, model) versus promsd's label mapping. */
  private static void breakdown(com.sun.management.ThreadMXBean threads, long tid, Ec2SdConfig c) {
    List<Ec2Api.Reservation> all = new ArrayList<>();
    try (Ec2Api api = SdkEc2Api.create(c, "us-east-1", false)) {
      api.describeInstances(List.of(), all::addAll); // warm
      long a0 = threads.getThreadAllocatedBytes(tid);
      long t0 = System.nanoTime();
      api.describeInstances(List.of(), page -> {});
      long sdkMs = (System.nanoTime() - t0) / 1_000_000;
      long sdk = threads.getThreadAllocatedBytes(tid) - a0;
      long mapBytes = 0;
      long mapMs = 0;
      for (int round = 0; round < 3; round++) {
        a0 = threads.getThreadAllocatedBytes(tid);
        t0 = System.nanoTime();
        InstanceLabels mapping =
            new InstanceLabels("us-east-1", 80, java.util.Map.of(), c.compat());
        int n = 0;
        for (Ec2Api.Reservation r : all) {
          for (Ec2Api.Instance i : r.instances()) {
            n += mapping.of(r.ownerId(), i) == null ? 0 : 1;
          }
        }
        mapMs = (System.nanoTime() - t0) / 1_000_000;
        mapBytes = threads.getThreadAllocatedBytes(tid) - a0;
        assertThat(n).isEqualTo(PAGES * PER_PAGE);
      }
      System.out.printf(
          "  of which: SDK DescribeInstances x%d pages (HTTP, XML, SDK model, our records) %d ms,"
              + " %.1f MB; label mapping %d ms, %.1f MB (%.1f KB per instance)%n",
          PAGES, sdkMs, sdk / 1e6, mapMs, mapBytes / 1e6, mapBytes / 1024.0 / (PAGES * PER_PAGE));
    }
  }

  @Test
  void tenThousandInstancesOverTenPages() {
    var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long tid = Thread.currentThread().getId();
    CapturedLogs.enabled(false); // logging every level would distort the figures
    try (Ec2Fake fake = Ec2Fake.start()) {
      List<String> pages = pages();
      long bytes = pages.stream().mapToLong(String::length).sum();
      fake.servePages(pages);
      String yml =
          SdFixtures.prometheusYml(
              "ec2",
              "- region: us-east-1\n  endpoint: "
                  + fake.uri()
                  + "\n  access_key: AKID\n  secret_key: s\n");
      for (Compat compat : Compat.values()) {
        Ec2SdConfig c = Ec2Fixtures.parse(yml, compat, Ec2Fixtures.noRegion()).get(0);
        Ec2Discoverer d =
            new Ec2Discoverer(
                c, (cfg, r) -> SdkEc2Api.create(cfg, r, false), Ec2Fixtures.noRegion());
        long t0 = System.nanoTime();
        List<TargetGroup> first = d.refresh(); // builds the client, asks for zones too
        long firstMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(first.get(0).targets()).hasSize(PAGES * PER_PAGE);
        for (int i = 0; i < 5; i++) {
          d.refresh(); // warm-up
        }
        int runs = 10;
        long[] ms = new long[runs];
        long[] alloc = new long[runs];
        for (int i = 0; i < runs; i++) {
          long a0 = threads.getThreadAllocatedBytes(tid);
          long s0 = System.nanoTime();
          List<TargetGroup> g = d.refresh();
          ms[i] = (System.nanoTime() - s0) / 1_000_000;
          alloc[i] = threads.getThreadAllocatedBytes(tid) - a0;
          assertThat(g.get(0).targets()).hasSize(PAGES * PER_PAGE);
        }
        java.util.Arrays.sort(ms);
        java.util.Arrays.sort(alloc);
        System.out.printf(
            "ec2 scale compat=%s: %d instances, %d pages, %.1f MB of XML; first refresh (client"
                + " build) %d ms; warm refresh median %d ms (min %d, max %d); allocated per refresh"
                + " median %.1f MB (%.0f KB per instance)%n",
            compat,
            PAGES * PER_PAGE,
            PAGES,
            bytes / 1e6,
            firstMs,
            ms[runs / 2],
            ms[0],
            ms[runs - 1],
            alloc[runs / 2] / 1e6,
            alloc[runs / 2] / 1024.0 / (PAGES * PER_PAGE));
        breakdown(threads, tid, c);
      }
    } finally {
      CapturedLogs.enabled(true);
    }
  }
}
