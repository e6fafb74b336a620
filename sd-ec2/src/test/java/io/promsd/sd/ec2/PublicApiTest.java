package io.promsd.sd.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import io.promsd.relabel.testing.PublicApi;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The public surface of io.promsd.sd.ec2: exactly the documented types, and no AWS SDK type ({@code
 * software.amazon.*}) in any public or protected signature, so the SDK can change (or be shaded)
 * without breaking users.
 */
class PublicApiTest {
  private static final Predicate<Class<?>> SDK = t -> t.getName().startsWith("software.amazon.");

  @Test
  void onlyTheConfigAndTheFactoryArePublic() {
    assertThat(PublicApi.reachableTypes(Ec2SdConfig.class))
        .containsExactly(
            "io.promsd.sd.ec2.Ec2DiscovererFactory",
            "io.promsd.sd.ec2.Ec2SdConfig",
            "io.promsd.sd.ec2.Ec2SdConfig.Filter");
  }

  @Test
  void noSdkTypeInAnyPublicSignature() {
    assertThat(PublicApi.signatureLeaks(PublicApi.reachableClasses(Ec2SdConfig.class), SDK))
        .isEmpty();
  }

  @Test
  void theCheckWouldSeeALeak() {
    assertThat(PublicApi.signatureLeaks(findTranslate(), SDK)).isNotEmpty();
  }

  private static Executable findTranslate() {
    for (Method m : SdkEc2Api.class.getDeclaredMethods()) {
      if (m.getName().equals("translate")) {
        return m;
      }
    }
    throw new AssertionError();
  }
}
