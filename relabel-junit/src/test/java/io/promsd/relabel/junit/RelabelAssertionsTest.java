package io.promsd.relabel.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.promsd.relabel.Compat;
import io.promsd.relabel.Labels;
import io.promsd.relabel.RelabelConfig;
import io.promsd.relabel.Relabeler;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class RelabelAssertionsTest {
  static final Relabeler RULES =
      Relabeler.compile(
          RelabelConfig.parseYaml(
              """
              - source_labels: [env]
                regex: production|staging
                action: keep
              - source_labels: [__address__]
                regex: '([^:]+):\\d+'
                target_label: host
              - source_labels: [datacenter]
                target_label: dc
              - regex: datacenter
                action: labeldrop
              """,
              "rules.yml",
              Compat.PROMETHEUS_3),
          Compat.PROMETHEUS_3);

  static final String KEPT_TRACE =
      """
      trace:
        input {__address__="db-1:9100", env="production"}
        #0 keep      [env] "production" =~ `production|staging` => kept
        #1 replace   [__address__] "db-1:9100" =~ `([^:]+):\\d+` => +host="db-1"
        #2 replace   [datacenter] "" =~ `(.*)` => no change
        #3 labeldrop names =~ `datacenter` => no change""";

  @Test
  void passingAssertions() {
    RelabelAssertions.assertThat(RULES)
        .given("__address__", "db-1:9100", "env", "production", "datacenter", "fra1")
        .keeps()
        .withExactly("__address__", "db-1:9100", "dc", "fra1", "env", "production", "host", "db-1")
        .withAtLeast("host", "db-1")
        .withAtLeast(Labels.of("dc", "fra1"))
        .without("datacenter", "nothing");
    assertThat(
            RelabelAssertions.assertThat(RULES)
                .given(Map.of("__address__", "db-1:9100", "env", "staging"))
                .keeps()
                .labels())
        .isEqualTo(Labels.of("__address__", "db-1:9100", "env", "staging", "host", "db-1"));
    RelabelAssertions.assertThat(RULES).given("env", "development").drops();
    RelabelAssertions.assertThat(RULES).given(Labels.of("env", "development")).dropsAtRule(0);
    assertThat(RelabelAssertions.assertThat(RULES).given("env", "dev").trace().steps()).hasSize(1);
  }

  @Test
  void keepsFailsWithTheDroppingRule() {
    assertThatThrownBy(
            () ->
                RelabelAssertions.assertThat(RULES)
                    .given("__address__", "dev-1:9100", "env", "development")
                    .keeps())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            """
            expected the target to be kept, but rule #0 (keep) dropped it
            expected: kept
            actual:   dropped by rule #0 (keep)
            trace:
              input {__address__="dev-1:9100", env="development"}
              #0 keep      [env] "development" !~ `production|staging` => dropped: regex did not match""");
  }

  @Test
  void withExactlyFailsWithTheDiff() {
    assertThatThrownBy(
            () ->
                RelabelAssertions.assertThat(RULES)
                    .given("__address__", "db-1:9100", "env", "production")
                    .keeps()
                    .withExactly("__address__", "db-1:9100", "env", "production", "host", "db"))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            """
            output differs from the expected labels
            expected: {__address__="db-1:9100", env="production", host="db"}
            actual:   {__address__="db-1:9100", env="production", host="db-1"}
            diff (expected -> actual):
              changed: host="db" -> "db-1"
            """
                + KEPT_TRACE);
  }

  @Test
  void withAtLeastAndWithoutFailWithTheDiff() {
    assertThatThrownBy(
            () ->
                RelabelAssertions.assertThat(RULES)
                    .given("__address__", "db-1:9100", "env", "production")
                    .keeps()
                    .withAtLeast("dc", "fra1"))
        .hasMessage(
            """
            output differs from the expected labels
            expected: at least {dc="fra1"}
            actual:   {__address__="db-1:9100", env="production", host="db-1"}
            diff (expected -> actual):
              removed: dc="fra1"
            """
                + KEPT_TRACE);
    assertThatThrownBy(
            () ->
                RelabelAssertions.assertThat(RULES)
                    .given("__address__", "db-1:9100", "env", "production")
                    .keeps()
                    .without("host"))
        .hasMessage(
            """
            output differs from the expected labels
            expected: kept, without host
            actual:   {__address__="db-1:9100", env="production", host="db-1"}
            diff (expected -> actual):
              added:   host="db-1"
            """
                + KEPT_TRACE);
  }

  @Test
  void dropsFailsWhenKept() {
    assertThatThrownBy(
            () ->
                RelabelAssertions.assertThat(RULES)
                    .given("__address__", "db-1:9100", "env", "production")
                    .drops())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            """
            expected the target to be dropped, but it was kept
            expected: dropped
            actual:   {__address__="db-1:9100", env="production", host="db-1"}
            """
                + KEPT_TRACE);
  }

  @Test
  void dropsAtRuleFailsOnAnotherRule() {
    assertThatThrownBy(
            () -> RelabelAssertions.assertThat(RULES).given("__address__", "x:1").dropsAtRule(1))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage(
            """
            expected rule #1 to drop the target, but rule #0 (keep) dropped it
            expected: dropped by rule #1
            actual:   dropped by rule #0 (keep)
            trace:
              input {__address__="x:1"}
              #0 keep      [env] "" !~ `production|staging` => dropped: regex did not match""");
    assertThatThrownBy(() -> RelabelAssertions.assertThat(RULES).given("env", "x").dropsAtRule(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
