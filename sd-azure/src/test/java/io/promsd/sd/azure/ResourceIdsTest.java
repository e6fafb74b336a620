package io.promsd.sd.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Resource id parsing: 2.42's part count and lower-casing, 3.x's arm.ParseResourceID. */
class ResourceIdsTest {
  @Test
  void version2WantsNineOrElevenPartsAndLowerCases() throws Exception {
    assertThat(ResourceIds.parse2("/subscriptions/S/resourceGroups/RG/providers/P/T/Name"))
        .isEqualTo(new ResourceIds.Parsed("rg", "name"));
    assertThat(ResourceIds.parse2("/subscriptions/S/resourceGroups/RG/providers/P/T/N/T2/Child"))
        .isEqualTo(new ResourceIds.Parsed("rg", "n"));
    assertThatThrownBy(() -> ResourceIds.parse2("/subscriptions/S/resourceGroups/RG"))
        .hasMessage(
            "invalid ID '/subscriptions/S/resourceGroups/RG'. Refusing to create azureResource");
  }

  @Test
  void version3KeepsCaseAndAcceptsATrailingType() throws Exception {
    // discovery/azure/azure_test.go TestNewAzureResourceFromID
    assertThat(
            ResourceIds.parse3(
                "/subscriptions/SUBSCRIPTION_ID/resourceGroups/group/providers/PROVIDER/TYPE/name"))
        .isEqualTo(new ResourceIds.Parsed("group", "name"));
    assertThat(
            ResourceIds.parse3(
                "/subscriptions/SUBSCRIPTION_ID/resourceGroups/group/providers/PROVIDER/TYPE/name/TYPE/h"))
        .isEqualTo(new ResourceIds.Parsed("group", "h"));
    assertThat(ResourceIds.parse3("/subscriptions/S/resourceGroups/Rg/providers/P/T/n/extra"))
        .isEqualTo(new ResourceIds.Parsed("Rg", ""));
    assertThatThrownBy(() -> ResourceIds.parse3("test"))
        .hasMessage(
            "invalid ID 'test': invalid resource ID: resource id 'test' must start with '/'");
    assertThatThrownBy(() -> ResourceIds.parse3("/foo/bar"))
        .hasMessage("invalid ID '/foo/bar': invalid resource ID: /foo/bar");
  }

  @Test
  void goPathEscapeAndNextLinkReencoding() {
    assertThat(ArmClient.pathEscape("rg a/b:c@d")).isEqualTo("rg%20a%2Fb:c@d");
    assertThat(ArmClient.reencode("http://h/p?b=2&a=1&%24skiptoken=x%2Fy"))
        .isEqualTo("http://h/p?%24skiptoken=x%2Fy&a=1&b=2");
  }
}
