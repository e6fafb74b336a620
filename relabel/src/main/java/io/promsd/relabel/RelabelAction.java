package io.promsd.relabel;

import io.promsd.relabel.internal.config.GoText;

/** The eleven relabel actions of Prometheus ({@code model/relabel/relabel.go}). */
public enum RelabelAction {
  /** Writes the expansion of {@code replacement} to the (expanded) {@code target_label}. */
  REPLACE("replace"),
  /** Drops the target unless {@code regex} matches the joined source value. */
  KEEP("keep"),
  /** Drops the target if {@code regex} matches the joined source value. */
  DROP("drop"),
  /** Drops the target unless the value of {@code target_label} equals the joined source value. */
  KEEPEQUAL("keepequal"),
  /** Drops the target if the value of {@code target_label} equals the joined source value. */
  DROPEQUAL("dropequal"),
  /** Sets {@code target_label} to the MD5 of the source value modulo {@code modulus}. */
  HASHMOD("hashmod"),
  /** Copies every label whose name matches {@code regex} to the name {@code replacement}. */
  LABELMAP("labelmap"),
  /** Deletes every label whose name matches {@code regex}. */
  LABELDROP("labeldrop"),
  /** Deletes every label whose name does not match {@code regex}. */
  LABELKEEP("labelkeep"),
  /** Sets {@code target_label} to the source value in lower case. */
  LOWERCASE("lowercase"),
  /** Sets {@code target_label} to the source value in upper case. */
  UPPERCASE("uppercase");

  private final String yamlName;

  RelabelAction(String yamlName) {
    this.yamlName = yamlName;
  }

  /** The name used in configuration files, e.g. {@code labelmap}. */
  public String yamlName() {
    return yamlName;
  }

  /**
   * The action named {@code s}, compared case-insensitively as Prometheus does, or null if there is
   * none.
   */
  public static RelabelAction fromYaml(String s) {
    String lower = GoText.toLower(s);
    for (RelabelAction a : values()) {
      if (a.yamlName.equals(lower)) {
        return a;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return yamlName;
  }
}
