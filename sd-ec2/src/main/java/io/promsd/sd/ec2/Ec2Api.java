package io.promsd.sd.ec2;

import java.util.List;
import java.util.Map;

/**
 * The two EC2 calls discovery makes, with the SDK hidden behind it, as Prometheus hides its client
 * behind the unexported {@code ec2Client} interface in {@code discovery/aws/ec2.go}. {@link
 * SdkEc2Api} is the real one; tests use fakes.
 *
 * <p>The records mirror the API's fields; a {@code null} means the element was absent (Go's nil
 * pointer), which matters for some labels. Implementations are used by one thread at a time.
 */
interface Ec2Api extends AutoCloseable {

  /**
   * {@code DescribeAvailabilityZones} without filters: zone name to zone id.
   *
   * @throws Ec2ApiException when the call fails
   */
  Map<String, String> availabilityZoneIds();

  /**
   * {@code DescribeInstances} with {@code filters}, following {@code NextToken} until it is absent
   * or empty; each page goes to {@code pages} as it arrives.
   *
   * @throws Ec2ApiException when a call fails (pages before it have been handed over)
   */
  void describeInstances(List<Ec2SdConfig.Filter> filters, PageConsumer pages);

  /** Releases the client's resources; idempotent. */
  @Override
  void close();

  /** Receives one page of {@code DescribeInstances}. */
  @FunctionalInterface
  interface PageConsumer {
    void accept(List<Reservation> page);
  }

  /** Builds an {@link Ec2Api} for a config and its resolved region. */
  @FunctionalInterface
  interface Factory {
    Ec2Api create(Ec2SdConfig config, String region);
  }

  /** A reservation: the instances launched together, and the owning account. */
  record Reservation(String ownerId, List<Instance> instances) {
    public Reservation {
      instances = List.copyOf(instances);
    }
  }

  /** The fields of an instance that discovery reads. */
  record Instance(
      String instanceId,
      String imageId,
      String state,
      String instanceType,
      String availabilityZone,
      String privateIpAddress,
      String privateDnsName,
      String publicIpAddress,
      String publicDnsName,
      String platform,
      String instanceLifecycle,
      String architecture,
      String vpcId,
      String subnetId,
      List<NetworkInterface> networkInterfaces,
      List<Tag> tags) {
    public Instance {
      networkInterfaces = List.copyOf(networkInterfaces);
      tags = List.copyOf(tags);
    }
  }

  /**
   * A network interface: its subnet (null when absent), its attachment's device index (null when
   * absent), its IPv6 addresses.
   */
  record NetworkInterface(String subnetId, Integer deviceIndex, List<Ipv6Address> ipv6Addresses) {
    public NetworkInterface {
      ipv6Addresses = List.copyOf(ipv6Addresses);
    }
  }

  /** An IPv6 address of a network interface. */
  record Ipv6Address(String address, boolean primary) {}

  /** A tag; key or value is null when the element was absent. */
  record Tag(String key, String value) {}
}
