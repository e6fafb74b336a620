package io.promsd.sd.ec2;

import io.promsd.relabel.Compat;
import io.promsd.sd.httpclient.HttpClientConfig;
import io.promsd.sd.httpclient.HttpClientConfig.TlsContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InstanceIpv6Address;
import software.amazon.awssdk.services.ec2.model.InstanceNetworkInterface;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.utils.SdkAutoCloseable;

// The SDK's Instance, Reservation and Tag are written out in full: Ec2Api's records of the same
// names are in scope here.

/**
 * {@link Ec2Api} on the AWS SDK for Java v2, as {@code EC2Discovery.ec2Client} builds its client in
 * Prometheus's {@code discovery/aws/ec2.go}: the resolved region; static credentials only when both
 * keys are set (2.42: when either is), else the SDK's default chain with the configured profile; an
 * STS assume-role provider over them when {@code role_arn} is set (with the external id, 3.x); the
 * configured endpoint for EC2 only (STS keeps AWS's). HTTP goes through the small URL-connection
 * client. Throttling and 5xx answers are retried by the SDK's standard strategy.
 *
 * <p>Building one costs about 0.8 s on a cold JVM, so {@link Ec2Discoverer} builds it lazily.
 */
final class SdkEc2Api implements Ec2Api {
  private final SdkHttpClient http;
  private final Ec2Client ec2;
  private final StsClient sts; // null without role_arn
  private final StsAssumeRoleCredentialsProvider assumeRole; // null without role_arn
  private final AwsCredentialsProvider base;

  private SdkEc2Api(
      SdkHttpClient http,
      Ec2Client ec2,
      StsClient sts,
      StsAssumeRoleCredentialsProvider role,
      AwsCredentialsProvider base) {
    this.http = http;
    this.ec2 = ec2;
    this.sts = sts;
    this.assumeRole = role;
    this.base = base;
  }

  /** The client Prometheus would build, with the SDK's standard retries. */
  static Ec2Api create(Ec2SdConfig config, String region) {
    return create(config, region, true);
  }

  /**
   * As {@link #create(Ec2SdConfig, String)}; {@code retries} false makes every call a single
   * attempt (tests of failures).
   */
  static Ec2Api create(Ec2SdConfig config, String region, boolean retries) {
    return create(config, region, retries ? null : AwsRetryStrategy.doNotRetry());
  }

  /** As {@link #create(Ec2SdConfig, String)} with another retry strategy (null: the SDK's). */
  static Ec2Api create(Ec2SdConfig config, String region, RetryStrategy retryStrategy) {
    SdkHttpClient http;
    try {
      http = httpClient(config.httpClient());
    } catch (IOException e) {
      throw new Ec2ApiException(e.getMessage(), "", e);
    }
    return create(config, region, retryStrategy, http, MAX_ANSWER_BYTES);
  }

  /**
   * An answer body (one DescribeInstances page, at most 1,000 instances of a few KB each) may be
   * this long; a longer one fails the call ({@code answer larger than 134217728 bytes}) and the
   * refresh keeps the last targets. The Go SDK reads answers without a bound; this one is generous.
   */
  static final long MAX_ANSWER_BYTES = 128L << 20;

  /**
   * As {@link #create(Ec2SdConfig, String, RetryStrategy)} over a given HTTP client (closed with
   * the API), with a bound on every answer body.
   */
  static Ec2Api create(
      Ec2SdConfig config,
      String region,
      RetryStrategy retryStrategy,
      SdkHttpClient http,
      long maxAnswerBytes) {
    try {
      Region r = Region.of(region);
      ClientOverrideConfiguration.Builder override =
          ClientOverrideConfiguration.builder()
              .addExecutionInterceptor(new BoundedAnswers(maxAnswerBytes));
      if (retryStrategy != null) {
        override.retryStrategy(retryStrategy);
      }
      AwsCredentialsProvider base = baseCredentials(config);
      StsClient sts = null;
      StsAssumeRoleCredentialsProvider role = null;
      AwsCredentialsProvider credentials = base;
      if (!config.roleArn().isEmpty()) {
        sts =
            StsClient.builder()
                .region(r)
                .httpClient(http)
                .credentialsProvider(base)
                .overrideConfiguration(override.build())
                .build();
        String externalId =
            config.compat() == Compat.PROMETHEUS_3 && !config.externalId().isEmpty()
                ? config.externalId()
                : null;
        String session = "promsd-" + Instant.now().toEpochMilli();
        role =
            StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(
                    req ->
                        req.roleArn(config.roleArn())
                            .roleSessionName(session)
                            .externalId(externalId))
                .build();
        credentials = role;
      }
      var builder =
          Ec2Client.builder()
              .region(r)
              .httpClient(http)
              .credentialsProvider(credentials)
              .overrideConfiguration(override.build());
      if (!config.endpoint().isEmpty()) {
        builder.endpointOverride(URI.create(config.endpoint()));
      }
      return new SdkEc2Api(http, builder.build(), sts, role, base);
    } catch (RuntimeException e) {
      http.close();
      throw new Ec2ApiException("could not create aws config: " + e.getMessage(), "", e);
    }
  }

  /**
   * The SDK's URL-connection client with the config's TLS (CA, client certificate, server_name,
   * insecure_skip_verify), proxy and redirect settings, as Prometheus hands its own HTTP client to
   * the Go SDK. Its authentication settings are left out: Prometheus's round trippers only add an
   * Authorization header when the request has none, and the SDK's SigV4 header is always there. Not
   * applied either: http_headers, TLS min/max versions, HTTP/2 (HttpURLConnection speaks HTTP/1.1).
   */
  static SdkHttpClient httpClient(HttpClientConfig config) throws IOException {
    if (config.isDefault()) {
      return UrlConnectionHttpClient.builder().build();
    }
    TlsContext tls = config.newTlsContext();
    ProxySelector proxies = config.newProxySelector();
    // The trust manager checks server_name itself, and insecure_skip_verify means no check.
    boolean ownHostCheck =
        config.tlsConfig().insecureSkipVerify() || !config.tlsConfig().serverName().isEmpty();
    boolean redirects = config.followRedirects();
    return UrlConnectionHttpClient.create(
        uri -> {
          Proxy proxy = Proxy.NO_PROXY;
          if (proxies != null) {
            List<Proxy> list = proxies.select(uri);
            if (!list.isEmpty()) {
              proxy = list.get(0);
            }
          }
          try {
            // Through a proxy HttpURLConnection sends the absolute URL as it is, so an endpoint
            // without a path would go out as "POST http://host HTTP/1.1"; Go sends "/".
            URI target =
                uri.getRawPath() == null || uri.getRawPath().isEmpty() ? uri.resolve("/") : uri;
            HttpURLConnection c = (HttpURLConnection) target.toURL().openConnection(proxy);
            if (c instanceof HttpsURLConnection https) {
              https.setSSLSocketFactory(tls.sslContext().getSocketFactory());
              if (ownHostCheck) {
                https.setHostnameVerifier((host, session) -> true);
              }
            }
            c.setInstanceFollowRedirects(redirects);
            c.setConnectTimeout(CONNECT_TIMEOUT_MS);
            c.setReadTimeout(READ_TIMEOUT_MS);
            return c;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  // Go's dialer gives up connecting after 30 s; the read bound keeps cancellation bounded.
  private static final int CONNECT_TIMEOUT_MS = 30_000;
  private static final int READ_TIMEOUT_MS = 60_000;

  private static AwsCredentialsProvider baseCredentials(Ec2SdConfig config) {
    boolean hasAccess = !config.accessKey().isEmpty();
    boolean hasSecret = !config.secretKey().isEmpty();
    boolean useStatic =
        config.compat() == Compat.PROMETHEUS_3 ? hasAccess && hasSecret : hasAccess || hasSecret;
    if (useStatic) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(config.accessKey(), config.secretKey().reveal()));
    }
    DefaultCredentialsProvider.Builder chain = DefaultCredentialsProvider.builder();
    if (!config.profile().isEmpty()) {
      chain.profileName(config.profile());
    }
    return chain.build();
  }

  @Override
  public Map<String, String> availabilityZoneIds() {
    try {
      Map<String, String> out = new HashMap<>();
      for (AvailabilityZone az : ec2.describeAvailabilityZones().availabilityZones()) {
        if (az.zoneName() != null && az.zoneId() != null) {
          out.put(az.zoneName(), az.zoneId());
        }
      }
      return out;
    } catch (SdkException e) {
      throw translate(e);
    }
  }

  @Override
  public void describeInstances(List<Ec2SdConfig.Filter> filters, PageConsumer pages) {
    List<Filter> sdkFilters = new ArrayList<>(filters.size());
    for (Ec2SdConfig.Filter f : filters) {
      sdkFilters.add(Filter.builder().name(f.name()).values(f.values()).build());
    }
    DescribeInstancesRequest.Builder req = DescribeInstancesRequest.builder();
    if (!sdkFilters.isEmpty()) {
      req.filters(sdkFilters);
    }
    try {
      for (DescribeInstancesResponse page : ec2.describeInstancesPaginator(req.build())) {
        pages.accept(convert(page));
      }
    } catch (SdkException e) {
      throw translate(e);
    }
  }

  private static List<Ec2Api.Reservation> convert(DescribeInstancesResponse page) {
    List<Ec2Api.Reservation> out = new ArrayList<>(page.reservations().size());
    for (software.amazon.awssdk.services.ec2.model.Reservation r : page.reservations()) {
      List<Ec2Api.Instance> instances = new ArrayList<>(r.instances().size());
      for (software.amazon.awssdk.services.ec2.model.Instance i : r.instances()) {
        instances.add(convert(i));
      }
      out.add(new Ec2Api.Reservation(r.ownerId(), instances));
    }
    return out;
  }

  private static Ec2Api.Instance convert(software.amazon.awssdk.services.ec2.model.Instance i) {
    List<Ec2Api.NetworkInterface> enis = List.of();
    if (i.hasNetworkInterfaces() && !i.networkInterfaces().isEmpty()) {
      enis = new ArrayList<>(i.networkInterfaces().size());
      for (InstanceNetworkInterface n : i.networkInterfaces()) {
        List<Ec2Api.Ipv6Address> v6 = List.of();
        if (n.hasIpv6Addresses() && !n.ipv6Addresses().isEmpty()) {
          v6 = new ArrayList<>(n.ipv6Addresses().size());
          for (InstanceIpv6Address a : n.ipv6Addresses()) {
            v6.add(new Ec2Api.Ipv6Address(a.ipv6Address(), Boolean.TRUE.equals(a.isPrimaryIpv6())));
          }
        }
        Integer device = n.attachment() == null ? null : n.attachment().deviceIndex();
        enis.add(new Ec2Api.NetworkInterface(n.subnetId(), device, v6));
      }
    }
    List<Ec2Api.Tag> tags = List.of();
    if (i.hasTags() && !i.tags().isEmpty()) {
      tags = new ArrayList<>(i.tags().size());
      for (software.amazon.awssdk.services.ec2.model.Tag t : i.tags()) {
        tags.add(new Ec2Api.Tag(t.key(), t.value()));
      }
    }
    // *AsString(): enum values the SDK does not know pass through verbatim, as in Go.
    return new Ec2Api.Instance(
        i.instanceId(),
        i.imageId(),
        i.state() == null ? null : i.state().nameAsString(),
        i.instanceTypeAsString(),
        i.placement() == null ? null : i.placement().availabilityZone(),
        i.privateIpAddress(),
        i.privateDnsName(),
        i.publicIpAddress(),
        i.publicDnsName(),
        i.platformAsString(),
        i.instanceLifecycleAsString(),
        i.architectureAsString(),
        i.vpcId(),
        i.subnetId(),
        enis,
        tags);
  }

  private static Ec2ApiException translate(SdkException e) {
    AnswerTooLarge large = tooLarge(e);
    if (large != null) { // the SDK's own text ("Could not parse XML response") hides it
      return new Ec2ApiException(large.getMessage(), "", e);
    }
    String code = "";
    int status = 0;
    if (e instanceof AwsServiceException ase) {
      status = ase.statusCode();
      if (ase.awsErrorDetails() != null && ase.awsErrorDetails().errorCode() != null) {
        code = ase.awsErrorDetails().errorCode();
      }
    }
    // Go's smithy errors read "api error <Code>: <message>"; the SDK's message lacks the code.
    String message = code.isEmpty() ? e.getMessage() : "api error " + code + ": " + e.getMessage();
    return new Ec2ApiException(message, code, status, e);
  }

  /** The bound's error somewhere among the causes (the XML reader keeps it as nested). */
  private static AnswerTooLarge tooLarge(Throwable e) {
    for (int depth = 0; e != null && depth < 20; depth++) {
      if (e instanceof AnswerTooLarge a) {
        return a;
      }
      if (e instanceof javax.xml.stream.XMLStreamException x
          && x.getNestedException() instanceof AnswerTooLarge a) {
        return a;
      }
      e = e.getCause();
    }
    return null;
  }

  /** An answer body longer than the bound. */
  static final class AnswerTooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    AnswerTooLarge(long max) {
      super("answer larger than " + max + " bytes");
    }
  }

  /** Cuts every answer body off after a number of bytes, with an error naming the bound. */
  static final class BoundedAnswers implements ExecutionInterceptor {
    private final long max;

    BoundedAnswers(long max) {
      this.max = max;
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(
        Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
      return context.responseBody().map(in -> new Bounded(in, max));
    }
  }

  private static final class Bounded extends FilterInputStream {
    private final long max;
    private long read;

    Bounded(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    private int counted(int n) throws IOException {
      if (n > 0) {
        read += n;
        if (read > max) {
          throw new AnswerTooLarge(max);
        }
      }
      return n;
    }

    @Override
    public int read() throws IOException {
      int c = super.read();
      if (c >= 0) {
        counted(1);
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return counted(super.read(b, off, len));
    }

    @Override
    public long skip(long n) throws IOException {
      long k = super.skip(n);
      counted((int) Math.min(k, Integer.MAX_VALUE));
      return k;
    }
  }

  @Override
  public void close() {
    try {
      ec2.close();
      if (assumeRole != null) {
        assumeRole.close();
      }
      if (sts != null) {
        sts.close();
      }
      if (base instanceof SdkAutoCloseable c) {
        c.close();
      }
    } finally {
      http.close();
    }
  }
}
