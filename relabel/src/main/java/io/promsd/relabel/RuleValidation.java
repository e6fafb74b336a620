package io.promsd.relabel;

import static io.promsd.relabel.RelabelAction.DROPEQUAL;
import static io.promsd.relabel.RelabelAction.HASHMOD;
import static io.promsd.relabel.RelabelAction.KEEPEQUAL;
import static io.promsd.relabel.RelabelAction.LABELDROP;
import static io.promsd.relabel.RelabelAction.LABELKEEP;
import static io.promsd.relabel.RelabelAction.LABELMAP;
import static io.promsd.relabel.RelabelAction.LOWERCASE;
import static io.promsd.relabel.RelabelAction.REPLACE;
import static io.promsd.relabel.RelabelAction.UPPERCASE;

import com.google.re2j.Pattern;
import io.promsd.relabel.internal.config.GoText;
import java.util.EnumSet;
import java.util.Set;

/**
 * Prometheus's load-time checks of one relabel rule, in Prometheus's order and words: {@code
 * Config.UnmarshalYAML} in 2.42, {@code Config.Validate} in 3.x ({@code model/relabel/relabel.go}).
 */
final class RuleValidation {
  private RuleValidation() {}

  /**
   * Prometheus's {@code relabelTarget} (2.42) / {@code relabelTargetLegacy} (3.x): legacy name
   * characters with {@code $1}, {@code ${name}} templates mixed in.
   */
  private static final Pattern TEMPLATE_TARGET =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  private static final Set<RelabelAction> NEED_TARGET =
      EnumSet.of(REPLACE, HASHMOD, LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL);
  private static final Set<RelabelAction> PLAIN_TARGET =
      EnumSet.of(LOWERCASE, UPPERCASE, KEEPEQUAL, DROPEQUAL);

  /** Whether {@code s} matches the template-target pattern. */
  static boolean isTemplateTarget(String s) {
    return TEMPLATE_TARGET.matches(s);
  }

  /** The error message for {@code c}, or null if Prometheus accepts it. */
  static String check(RelabelConfig c, Compat compat, NameValidation scheme) {
    RelabelAction a = c.action();
    if (a == null) {
      return "relabel action cannot be empty";
    }
    if (c.modulus() == 0 && a == HASHMOD) {
      return "relabel configuration for hashmod requires non-zero modulus";
    }
    String target = c.targetLabel();
    if (NEED_TARGET.contains(a) && target.isEmpty()) {
      return "relabel configuration for " + a + " action requires 'target_label' value";
    }
    String msg = compat == Compat.PROMETHEUS_2 ? names2(c, a) : names3(c, a, scheme);
    if (msg != null) {
      return msg;
    }
    if ((a == DROPEQUAL || a == KEEPEQUAL)
        && (c.regexPresent()
            || c.modulus() != 0
            || !c.separator().equals(RelabelConfig.DEFAULT_SEPARATOR)
            || !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
      return a + " action requires only 'source_labels' and `target_label`, and no other fields";
    }
    if ((a == LABELDROP || a == LABELKEEP)
        && (c.sourceLabelsPresent()
            || !target.isEmpty()
            || c.modulus() != 0
            || !c.separator().equals(RelabelConfig.DEFAULT_SEPARATOR)
            || !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT))) {
      return a + " action requires only 'regex', and no other fields";
    }
    return null;
  }

  /** 2.42: targets and labelmap replacements checked against the template pattern. */
  private static String names2(RelabelConfig c, RelabelAction a) {
    String target = c.targetLabel();
    if ((a == REPLACE || PLAIN_TARGET.contains(a)) && !isTemplateTarget(target)) {
      return invalidTarget(target, a);
    }
    if (PLAIN_TARGET.contains(a) && !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
      return "'replacement' can not be set for " + a + " action";
    }
    if (a == LABELMAP && !isTemplateTarget(c.replacement())) {
      return GoText.quote(c.replacement()) + " is invalid 'replacement' for " + a + " action";
    }
    if (a == HASHMOD && !NameValidation.isLegacyName(target)) {
      return invalidTarget(target, a);
    }
    return null;
  }

  /** 3.x: the rule's name validation scheme decides. */
  private static String names3(RelabelConfig c, RelabelAction a, NameValidation scheme) {
    String target = c.targetLabel();
    boolean templated = Template.hasDollar(target);
    if (a == REPLACE && !templated && !scheme.isValid(target)) {
      return invalidTarget(target, a);
    }
    if (a == REPLACE && templated && !validWithTemplates(target, scheme)) {
      return invalidTarget(target, a);
    }
    if (PLAIN_TARGET.contains(a) && !scheme.isValid(target)) {
      return invalidTarget(target, a);
    }
    if (PLAIN_TARGET.contains(a) && !c.replacement().equals(RelabelConfig.DEFAULT_REPLACEMENT)) {
      return "'replacement' can not be set for " + a + " action";
    }
    if (a == LABELMAP && !validWithTemplates(c.replacement(), scheme)) {
      return GoText.quote(c.replacement()) + " is invalid 'replacement' for " + a + " action";
    }
    if (a == HASHMOD && !scheme.isValid(target)) {
      return invalidTarget(target, a);
    }
    return null;
  }

  private static boolean validWithTemplates(String s, NameValidation scheme) {
    return scheme == NameValidation.UTF8 ? scheme.isValid(s) : isTemplateTarget(s);
  }

  private static String invalidTarget(String target, RelabelAction a) {
    return GoText.quote(target) + " is invalid 'target_label' for " + a + " action";
  }
}
