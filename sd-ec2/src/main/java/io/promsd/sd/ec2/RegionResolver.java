package io.promsd.sd.ec2;

import java.util.function.Function;
import java.util.function.Supplier;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileFileSystemSetting;
import software.amazon.awssdk.profiles.ProfileProperty;
import software.amazon.awssdk.regions.providers.InstanceProfileRegionProvider;

/**
 * Finds the AWS region when the config names none, in the order of 3.x's {@code loadRegion} ({@code
 * discovery/aws/aws.go}): the environment ({@code AWS_REGION}, then {@code AWS_DEFAULT_REGION},
 * which the Java SDK does not read by itself), the shared config file's profile (from {@code
 * AWS_PROFILE}, else {@code default}; not the {@code profile} of the SD config, which Go's {@code
 * loadRegion} does not pass), then the EC2 instance-metadata service. 2.42 only asked the
 * instance-metadata service ({@link #instanceMetadataRegion}).
 *
 * <p>Its sources are injected so tests never touch the real environment or the network.
 * Thread-safe.
 */
final class RegionResolver {
  private final Function<String, String> env;
  private final Supplier<String> sharedConfigRegion;
  private final Supplier<String> instanceMetadataRegion;

  RegionResolver(
      Function<String, String> env,
      Supplier<String> sharedConfigRegion,
      Supplier<String> instanceMetadataRegion) {
    this.env = env;
    this.sharedConfigRegion = sharedConfigRegion;
    this.instanceMetadataRegion = instanceMetadataRegion;
  }

  /** Reads the real environment, ~/.aws/config and the instance-metadata service. */
  static RegionResolver system() {
    return new RegionResolver(
        System::getenv, RegionResolver::profileRegion, RegionResolver::imdsRegion);
  }

  /**
   * The region to use (3.x's order).
   *
   * @throws RegionException with 3.x's text, {@code could not determine AWS region: …}
   */
  String resolve(String configured) {
    if (!configured.isEmpty()) {
      return configured;
    }
    for (String name : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
      String v = env.apply(name);
      if (v != null && !v.isEmpty()) {
        return v;
      }
    }
    String fromProfile;
    try {
      fromProfile = sharedConfigRegion.get();
    } catch (RuntimeException e) {
      throw new RegionException("failed to load AWS config: " + e.getMessage(), e);
    }
    if (fromProfile != null && !fromProfile.isEmpty()) {
      return fromProfile;
    }
    String fromImds;
    try {
      fromImds = instanceMetadataRegion.get();
    } catch (RuntimeException e) {
      throw new RegionException("failed to get region from IMDS: " + e.getMessage(), e);
    }
    if (fromImds == null || fromImds.isEmpty()) {
      throw new RegionException("region not found in AWS config or IMDS", null);
    }
    return fromImds;
  }

  /** The instance-metadata service's region, or null when it can't be had (2.42's only source). */
  String instanceMetadataRegion() {
    try {
      return instanceMetadataRegion.get();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static String profileRegion() {
    String profile = ProfileFileSystemSetting.AWS_PROFILE.getStringValueOrThrow();
    return ProfileFile.defaultProfileFile()
        .profile(profile)
        .flatMap(p -> p.property(ProfileProperty.REGION))
        .orElse(null);
  }

  private static String imdsRegion() {
    // Honours AWS_EC2_METADATA_DISABLED / aws.disableEc2Metadata, as Go's SDK honours the former.
    return new InstanceProfileRegionProvider().getRegion().id();
  }

  /** The region could not be found; the message is 3.x's. */
  static final class RegionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RegionException(String detail, Throwable cause) {
      super("could not determine AWS region: " + detail, cause);
    }
  }
}
