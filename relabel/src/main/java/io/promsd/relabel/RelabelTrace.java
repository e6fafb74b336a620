package io.promsd.relabel;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The rule-by-rule record of one relabeling: the input, one {@link RelabelStep} per rule that ran
 * (a dropping rule is the last), and the result. {@link #format} gives its readable text, the one
 * {@code promsd targets --explain} and {@code promsd test relabel} print, for logging why a target
 * was dropped:
 *
 * <pre>
 * trace:
 *   input {__address__="db-2:9100", env="staging"}
 *   #0 keep      [env] "staging" !~ `production` =&gt; dropped: regex did not match
 * </pre>
 *
 * <p>Reading a line: the rule index and action; the source labels and their joined value; {@code
 * =~} when the regex (a Go raw string, as written in YAML) matched and {@code !~} when it did not
 * ({@code ==}/{@code !=} and the target label's value for {@code keepequal}/{@code dropequal},
 * {@code mod N} for {@code hashmod}, {@code names =~} for the actions on label names); after {@code
 * =>} what the rule did: {@code +name="value"} added, {@code -name="value"} removed, {@code
 * ~name="old" -> "new"} changed, {@code kept} or {@code no change}, or {@code dropped:} and why.
 *
 * @param input the labels before the first rule
 * @param steps the steps, in rule order
 * @param result the outcome, the same as {@link Relabeler#process} gives
 */
public record RelabelTrace(Labels input, List<RelabelStep> steps, RelabelResult result) {
  /** Copies the steps. */
  public RelabelTrace {
    requireNonNull(input, "input");
    requireNonNull(result, "result");
    steps = List.copyOf(steps);
  }

  /**
   * The readable text: a {@code trace:} line, the input, then one line per step, each line starting
   * with {@code indent} (the steps two spaces further) and ending in a newline.
   */
  public String format(String indent) {
    return format(indent, false);
  }

  /** As {@link #format(String)}, with ANSI colour (added green, removed and drops red) if asked. */
  public String format(String indent, boolean ansiColor) {
    requireNonNull(indent, "indent");
    StringBuilder sb = new StringBuilder();
    (ansiColor ? TraceText.COLOR : TraceText.PLAIN).append(sb, this, indent);
    return sb.toString();
  }
}
