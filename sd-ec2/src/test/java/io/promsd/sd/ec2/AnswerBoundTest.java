package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * An EC2 answer body has a bound (issue 17): past it the call fails with an error naming the bound,
 * not an OutOfMemoryError, and the discoverer keeps its last targets as for any failed refresh.
 */
class AnswerBoundTest {
  private static final Ec2SdConfig CONFIG =
      Ec2Fixtures.parse(
              "scrape_configs:\n- job_name: e\n  ec2_sd_configs:\n  - region: us-east-1\n"
                  + "    access_key: AKIAEXAMPLE\n    secret_key: s3cr3t\n"
                  + "    endpoint: http://127.0.0.1:1\n",
              Compat.PROMETHEUS_3,
              Ec2Fixtures.noRegion())
          .get(0);

  /** A DescribeInstances answer that never ends: an opening, then tags without end. */
  private static InputStream endless() {
    byte[] head =
        ("<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                + "<reservationSet><item><instancesSet><item><tagSet>")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tag = "<item><key>k</key><value>v</value></item>".getBytes(StandardCharsets.UTF_8);
    return new InputStream() {
      private long at;

      @Override
      public int read() {
        long i = at++;
        return i < head.length ? head[(int) i] : tag[(int) ((i - head.length) % tag.length)];
      }
    };
  }

  @org.junit.jupiter.api.Test
  void anOversizedAnswerIsAnErrorNamingTheBound() {
    FakeSdkHttp http = new FakeSdkHttp(200, AnswerBoundTest::endless);
    try (Ec2Api api =
        SdkEc2Api.create(CONFIG, "us-east-1", AwsRetryStrategy.doNotRetry(), http, 1 << 20)) {
      List<Ec2Api.Instance> seen = new ArrayList<>();
      assertThatThrownBy(
              () ->
                  api.describeInstances(
                      List.of(), page -> page.forEach(r -> seen.addAll(r.instances()))))
          .isInstanceOf(Ec2ApiException.class)
          .hasMessageContaining("answer larger than 1048576 bytes");
      assertThat(seen).isEmpty();
    }
  }
}
