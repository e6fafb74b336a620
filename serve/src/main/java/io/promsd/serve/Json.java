package io.promsd.serve;

import io.promsd.relabel.Labels;
import io.promsd.relabel.internal.config.GoText;

/**
 * A compact JSON writer that escapes strings as Go's {@code encoding/json} does (Prometheus answers
 * through it), so that promsd's answers are byte-compatible where the values agree. Not
 * thread-safe.
 */
final class Json {
  private final StringBuilder sb;
  private final java.io.Writer sink;
  private final boolean shortBf;
  // Whether the container at each depth already holds a value (so the next needs a comma).
  private long[] filled = new long[1];
  private int depth;
  private boolean afterName;

  /**
   * @param shortBf Go 1.22+'s {@code \b} and {@code \f} (Prometheus 3.x) rather than {@code \u0008}
   *     and {@code \u000c} (2.42, Go 1.19)
   */
  Json(StringBuilder sb, boolean shortBf) {
    this.sb = sb;
    this.sink = null;
    this.shortBf = shortBf;
  }

  /** A writer that streams to {@code sink} (call {@link #flush()} at the end). */
  Json(java.io.Writer sink, boolean shortBf) {
    this.sb = new StringBuilder(1 << 16);
    this.sink = sink;
    this.shortBf = shortBf;
  }

  /** Hands what is buffered to the sink once there is enough of it. */
  Json maybeFlush() throws java.io.IOException {
    if (sink != null && sb.length() >= 1 << 15) {
      flush();
    }
    return this;
  }

  /** Hands everything buffered to the sink. */
  void flush() throws java.io.IOException {
    if (sink != null) {
      sink.append(sb);
      sb.setLength(0);
    }
  }

  /** Appends JSON text as it is (a value already encoded). */
  Json raw(String json) {
    comma();
    sb.append(json);
    return this;
  }

  private void comma() {
    if (afterName) {
      afterName = false;
      return;
    }
    if (depth > 0) {
      int word = depth >>> 6;
      long bit = 1L << (depth & 63);
      if ((filled[word] & bit) != 0) {
        sb.append(',');
      } else {
        filled[word] |= bit;
      }
    }
  }

  private void open(char c) {
    comma();
    sb.append(c);
    depth++;
    int word = depth >>> 6;
    if (word >= filled.length) {
      filled = java.util.Arrays.copyOf(filled, filled.length * 2);
    }
    filled[word] &= ~(1L << (depth & 63));
  }

  Json beginObject() {
    open('{');
    return this;
  }

  Json endObject() {
    depth--;
    sb.append('}');
    return this;
  }

  Json beginArray() {
    open('[');
    return this;
  }

  Json endArray() {
    depth--;
    sb.append(']');
    return this;
  }

  Json name(String name) {
    comma();
    GoText.appendJsonString(sb, name, shortBf);
    sb.append(':');
    afterName = true;
    return this;
  }

  Json string(String value) {
    comma();
    GoText.appendJsonString(sb, value, shortBf);
    return this;
  }

  Json number(long value) {
    comma();
    sb.append(value);
    return this;
  }

  Json bool(boolean value) {
    comma();
    sb.append(value);
    return this;
  }

  Json nul() {
    comma();
    sb.append("null");
    return this;
  }

  /** Labels as Prometheus marshals them: an object, names in order. */
  Json labels(Labels labels) {
    beginObject();
    for (int i = 0; i < labels.size(); i++) {
      name(labels.name(i)).string(labels.value(i));
    }
    return endObject();
  }

  Json field(String name, String value) {
    return name(name).string(value);
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
