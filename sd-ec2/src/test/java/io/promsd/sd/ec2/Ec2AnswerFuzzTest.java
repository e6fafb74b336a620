package io.promsd.sd.ec2;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.promsd.relabel.Compat;
import java.util.Arrays;
import java.util.Map;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;

/**
 * Coverage-guided fuzzing (Jazzer) of the EC2 answer decoder (issue 17): a DescribeInstances answer
 * body, as the SDK unmarshals it and {@link InstanceLabels} maps it, gives targets or an {@link
 * Ec2ApiException}, never another exception. The first byte picks the HTTP status (even: 200, odd:
 * 400, so that the SDK's error decoder is fuzzed too), the rest is the body. Without {@code
 * JAZZER_FUZZ=1} this replays the committed inputs under {@code
 * src/test/resources/io/promsd/sd/ec2/Ec2AnswerFuzzTestInputs/}; see testdata/fuzz/README.md.
 */
class Ec2AnswerFuzzTest {
  private static final Ec2SdConfig CONFIG =
      Ec2Fixtures.parse(
              "scrape_configs:\n- job_name: e\n  ec2_sd_configs:\n  - region: us-east-1\n"
                  + "    access_key: AKIAEXAMPLE\n    secret_key: s3cr3t\n"
                  + "    endpoint: http://127.0.0.1:1\n",
              Compat.PROMETHEUS_3,
              Ec2Fixtures.noRegion())
          .get(0);

  @FuzzTest(maxDuration = "5m")
  void describeInstances(byte[] input) {
    if (input.length == 0) {
      return;
    }
    int status = (input[0] & 1) == 0 ? 200 : 400;
    byte[] body = Arrays.copyOfRange(input, 1, input.length);
    try (Ec2Api api =
        SdkEc2Api.create(
            CONFIG,
            "us-east-1",
            AwsRetryStrategy.doNotRetry(),
            new FakeSdkHttp(status, body),
            SdkEc2Api.MAX_ANSWER_BYTES)) {
      InstanceLabels labels = new InstanceLabels("us-east-1", 80, Map.of(), Compat.PROMETHEUS_3);
      api.describeInstances(
          java.util.List.of(),
          page -> {
            for (Ec2Api.Reservation r : page) {
              for (Ec2Api.Instance i : r.instances()) {
                labels.of(r.ownerId(), i);
              }
            }
          });
    } catch (Ec2ApiException refused) {
      if (refused.getMessage() == null) {
        throw new AssertionError("an Ec2ApiException without a message", refused);
      }
    }
  }
}
