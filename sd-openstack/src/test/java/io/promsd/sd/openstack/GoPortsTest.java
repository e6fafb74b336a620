package io.promsd.sd.openstack;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The small Go behaviours sd-openstack reproduces, each against the rule it follows: {@code
 * fmt.Sprintf} with no arguments (Go's fmt package documentation, "Format errors": {@code
 * %!d(MISSING)}, {@code %!(NOVERB)}), which 2.42 uses to build the group source, and gophercloud's
 * {@code utils.BaseEndpoint} ({@code openstack/utils/base_endpoint.go}: query and fragment dropped,
 * the path cut before the first {@code v[0-9.]+/?}).
 */
class GoPortsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "OS_RegionOne|OS_RegionOne",
        "OS_a%%b|OS_a%b",
        "OS_a%b|OS_a%!b(MISSING)",
        "OS_%5d|OS_%!d(MISSING)",
        "OS_a%|OS_a%!(NOVERB)",
        "OS_é%s|OS_é%!s(MISSING)"
      })
  void sprintfWithoutArguments(String format, String printed) {
    assertThat(OpenStackDiscoverer.sprintfNoArgs(format)).isEqualTo(printed);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "http://127.0.0.1:5000/v3|http://127.0.0.1:5000/",
        "http://h/identity/v3/|http://h/identity/",
        "http://h/identity|http://h/identity",
        "https://h:5000/v2.0?x=1#f|https://h:5000/",
        "http://h/keystone-v3/v3|http://h/keystone-",
        "http://h|http://h"
      })
  void baseEndpoint(String endpoint, String base) {
    assertThat(Keystone.baseEndpoint(endpoint)).isEqualTo(base);
  }

  /**
   * Go 1.19's {@code time.Parse} with layout {@code "\"2006-01-02T15:04:05Z07:00\""} ({@code
   * time/format.go}: literal chunks, {@code getnum} for two-digit fields and one or two for the
   * hour, fractional seconds after {@code 05}, range checks, {@code extra text}); the {@code
   * yesterday} case is also recorded from promtool ({@code server-bad-time}).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "OK",
      value = {
        "\"2014-09-25T13:04:49Z\"|OK",
        "\"2014-09-25T3:04:49.123456+02:00\"|OK",
        "null|OK",
        "\"yesterday\"|parsing time \"\\\"yesterday\\\"\" as"
            + " \"\\\"2006-01-02T15:04:05Z07:00\\\"\": cannot parse \"yesterday\\\"\" as \"2006\"",
        "\"2014-13-01T00:00:00Z\"|parsing time \"\\\"2014-13-01T00:00:00Z\\\"\": month out of range",
        "\"2014-02-30T00:00:00Z\"|parsing time \"\\\"2014-02-30T00:00:00Z\\\"\": day out of range",
        "\"2014-09-25T13:04:49Zabc\"|parsing time \"\\\"2014-09-25T13:04:49Zabc\\\"\" as"
            + " \"\\\"2006-01-02T15:04:05Z07:00\\\"\": cannot parse \"abc\\\"\" as \"\\\"\"",
        "\"2014-09-25T13:04:49Z\"x|parsing time \"\\\"2014-09-25T13:04:49Z\\\"x\": extra text: \"x\""
      })
  void goTime(String raw, String error) {
    assertThat(GoTime.check(raw)).isEqualTo(error);
  }
}
