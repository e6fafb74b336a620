/**
 * Amazon EC2 service discovery ({@code ec2_sd_configs}), as Prometheus's {@code
 * discovery/aws/ec2.go}: one target per instance with the {@code __meta_ec2_*} labels.
 *
 * <p>{@link io.promsd.sd.ec2.Ec2DiscovererFactory} parses the config into an {@link
 * io.promsd.sd.ec2.Ec2SdConfig}; the discoverer behind it polls EC2 through the AWS SDK for Java v2
 * (with its small URL-connection HTTP client), which stays out of every public signature.
 */
package io.promsd.sd.ec2;
