package io.promsd.relabel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Go's regexp limits are checked before re2j compiles (issue 17, item 1): a pattern whose nested
 * counted repeats re2j would expand into millions of instructions is refused at once, with Go's
 * text. Expected texts were printed by promtool 2.42 ({@code check config} with the pattern as a
 * relabel rule's regex), recorded with the same inputs in {@code
 * testdata/e2e/promtool-2.42/reliability.yaml} by {@code testdata/e2e/gen/record.py}.
 */
class RegexLimitsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "((((a{100}){100}){100}){100}) | error parsing regexp: invalid repeat count: `{100}`",
        "(?P<x>a)(?P<x>(b{100}){100})   | error parsing regexp: invalid repeat count: `{100}`",
        "(a{2}){501}                    | error parsing regexp: invalid repeat count: `{501}`",
        "(a{1000}){2}x{1001}            | error parsing regexp: invalid repeat count: `{2}`",
        // Go meets the nested repeat before the later syntax error, and reports it.
        "((a{10}){10}){11}(             | error parsing regexp: invalid repeat count: `{11}`",
        "((a{10}){10}){11}\\q           | error parsing regexp: invalid repeat count: `{11}`",
        "(x{2}){501})                   | error parsing regexp: invalid repeat count: `{501}`",
        // ... but a syntax error before it wins.
        "((a{10}){10}){10}(             | error parsing regexp: missing closing ): `^(?:((a{10}){10}){10}()$`",
      })
  void refusedWithGoTextBeforeCompiling(String regex, String goText) {
    for (Compat compat : Compat.values()) {
      String expected = compat.dotMatchesNewline() ? goText.replace("^(?:", "^(?s:") : goText;
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () ->
              assertThatThrownBy(() -> Regex.compile(regex, compat))
                  .isInstanceOf(Regex.SyntaxException.class)
                  .hasMessage(expected));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"(a{2}){500}", "[a-z]{1000}[0-9]{1000}(x{10}){100}"})
  void withinTheLimitsCompiles(String regex) {
    // promtool 2.42 accepts both (same recording).
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> assertThat(Regex.compile(regex, Compat.PROMETHEUS_3).source()).isEqualTo(regex));
  }
}
