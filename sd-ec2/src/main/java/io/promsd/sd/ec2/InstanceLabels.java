package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.sd.spi.GoNet;
import io.promsd.sd.spi.LabelNames;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one EC2 instance into a target's labels, as the loop body of {@code EC2Discovery.refresh}
 * in Prometheus's {@code discovery/aws/ec2.go} does (3.x; 2.42 under {@link Compat#PROMETHEUS_2}).
 * One instance per refresh; not thread-safe (it caches tag label names).
 */
final class InstanceLabels {
  static final String PREFIX = "__meta_ec2_";
  static final String AMI = PREFIX + "ami";
  static final String AZ = PREFIX + "availability_zone";
  static final String AZ_ID = PREFIX + "availability_zone_id";
  static final String ARCH = PREFIX + "architecture";
  static final String IPV6_ADDRESSES = PREFIX + "ipv6_addresses";
  static final String INSTANCE_ID = PREFIX + "instance_id";
  static final String LIFECYCLE = PREFIX + "instance_lifecycle";
  static final String STATE = PREFIX + "instance_state";
  static final String TYPE = PREFIX + "instance_type";
  static final String OWNER_ID = PREFIX + "owner_id";
  static final String PLATFORM = PREFIX + "platform";
  static final String DEFAULT_IPV6 = PREFIX + "default_ipv6_address";
  static final String PRIMARY_IPV6 = PREFIX + "primary_ipv6_addresses";
  static final String PRIMARY_SUBNET_ID = PREFIX + "primary_subnet_id";
  static final String PRIVATE_DNS = PREFIX + "private_dns_name";
  static final String PRIVATE_IP = PREFIX + "private_ip";
  static final String PUBLIC_DNS = PREFIX + "public_dns_name";
  static final String PUBLIC_IP = PREFIX + "public_ip";
  static final String REGION = PREFIX + "region";
  static final String SUBNET_ID = PREFIX + "subnet_id";
  static final String TAG = PREFIX + "tag_";
  static final String VPC_ID = PREFIX + "vpc_id";
  static final String ADDRESS = "__address__";

  private final String region;
  private final String port;
  private final Map<String, String> azIds; // null when DescribeAvailabilityZones never succeeded
  private final boolean v3;
  private final Map<String, String> tagLabelNames = new HashMap<>();

  InstanceLabels(String region, int port, Map<String, String> azIds, Compat compat) {
    this.region = region;
    this.port = Integer.toString(port);
    this.azIds = azIds;
    this.v3 = compat == Compat.PROMETHEUS_3;
  }

  /** The target's labels, or null when Prometheus skips the instance (no usable address). */
  Labels of(String ownerId, Ec2Api.Instance inst) {
    Ipv6 ipv6 = v3 ? Ipv6.of(inst) : null;
    String privateIp = inst.privateIpAddress();
    if (privateIp == null && (ipv6 == null || ipv6.defaultAddress == null)) {
      return null; // 2.42 needs a private IPv4; 3.x (since 3.12) also takes a default IPv6
    }
    Labels.Builder b = Labels.builder();
    set(b, INSTANCE_ID, inst.instanceId());
    b.set(REGION, region);
    set(b, OWNER_ID, ownerId);
    if (ipv6 != null && ipv6.defaultAddress != null) {
      b.set(DEFAULT_IPV6, ipv6.defaultAddress);
    }
    if (privateIp != null) {
      b.set(PRIVATE_IP, privateIp);
      b.set(ADDRESS, GoNet.joinHostPort(privateIp, port));
    } else {
      b.set(ADDRESS, GoNet.joinHostPort(ipv6.defaultAddress, port));
    }
    set(b, PRIVATE_DNS, inst.privateDnsName());
    set(b, PLATFORM, inst.platform());
    if (inst.publicIpAddress() != null) {
      b.set(PUBLIC_IP, inst.publicIpAddress());
      set(b, PUBLIC_DNS, inst.publicDnsName());
    }
    if (ipv6 != null && !ipv6.primaries.isEmpty()) {
      b.set(PRIMARY_IPV6, wrap(ipv6.primaries));
    }
    set(b, AMI, inst.imageId());
    String az = inst.availabilityZone();
    set(b, AZ, az);
    // Always set, empty when unknown (an empty value is the same as no label).
    if (azIds != null && az != null) {
      set(b, AZ_ID, azIds.get(az));
    }
    set(b, STATE, inst.state());
    set(b, TYPE, inst.instanceType());
    set(b, LIFECYCLE, inst.instanceLifecycle());
    set(b, ARCH, inst.architecture());
    if (inst.vpcId() != null) {
      b.set(VPC_ID, inst.vpcId());
      set(b, PRIMARY_SUBNET_ID, inst.subnetId());
      // Distinct subnets of the interfaces in API order; ",," when none has one.
      Set<String> subnets = new LinkedHashSet<>();
      List<String> ipv6Addresses = v3 ? null : new ArrayList<>();
      for (Ec2Api.NetworkInterface eni : inst.networkInterfaces()) {
        if (eni.subnetId() == null) {
          continue;
        }
        subnets.add(eni.subnetId());
        if (ipv6Addresses != null) {
          for (Ec2Api.Ipv6Address a : eni.ipv6Addresses()) {
            if (a.address() != null) {
              ipv6Addresses.add(a.address());
            }
          }
        }
      }
      b.set(SUBNET_ID, wrap(subnets));
      if (ipv6Addresses != null && !ipv6Addresses.isEmpty()) {
        b.set(IPV6_ADDRESSES, wrap(ipv6Addresses));
      }
    }
    if (ipv6 != null && !ipv6.all.isEmpty()) {
      b.set(IPV6_ADDRESSES, wrap(ipv6.all));
    }
    for (Ec2Api.Tag t : inst.tags()) {
      if (t.key() == null || t.value() == null) {
        continue;
      }
      // A later tag wins over an earlier one whose key sanitises to the same name.
      b.set(tagLabelNames.computeIfAbsent(t.key(), k -> TAG + LabelNames.sanitize(k)), t.value());
    }
    return b.build();
  }

  private static void set(Labels.Builder b, String name, String value) {
    if (value != null) {
      b.set(name, value);
    }
  }

  private static String wrap(Iterable<String> parts) {
    StringBuilder sb = new StringBuilder(",");
    for (String p : parts) {
      sb.append(p).append(',');
    }
    return sb.length() == 1 ? ",," : sb.toString();
  }

  /**
   * The IPv6 facts of 3.x's {@code getInstanceIPv6Addresses}: for VPC instances, from interfaces
   * with a subnet, every address in order, the primary ones by attachment device index (gaps stay
   * empty), and the default: the first primary, else the first address.
   */
  static final class Ipv6 {
    final List<String> all = new ArrayList<>(2);
    final List<String> primaries = new ArrayList<>(2);
    String defaultAddress;

    static Ipv6 of(Ec2Api.Instance inst) {
      Ipv6 r = new Ipv6();
      if (inst.vpcId() == null) {
        return r;
      }
      for (Ec2Api.NetworkInterface eni : inst.networkInterfaces()) {
        if (eni.subnetId() == null) {
          continue;
        }
        for (Ec2Api.Ipv6Address a : eni.ipv6Addresses()) {
          if (a.address() == null) {
            continue;
          }
          r.all.add(a.address());
          Integer index = eni.deviceIndex();
          if (a.primary() && index != null && index >= 0) {
            while (r.primaries.size() <= index) {
              r.primaries.add("");
            }
            r.primaries.set(index, a.address());
          }
        }
      }
      for (String a : r.primaries) {
        if (!a.isEmpty()) {
          r.defaultAddress = a;
          return r;
        }
      }
      for (String a : r.all) {
        if (!a.isEmpty()) {
          r.defaultAddress = a;
          return r;
        }
      }
      return r;
    }
  }
}
