package io.promsd.sd.openstack;

import io.promsd.relabel.internal.config.GoText;

/**
 * Go's {@code time.Time.UnmarshalJSON} (Go 1.19, {@code time/time.go} and {@code time/format.go}
 * {@code Parse}) for the one layout it uses, {@code "2006-01-02T15:04:05Z07:00"} with its quotes,
 * reduced to its verdict: null or a valid time is fine, anything else is Go's {@code ParseError}
 * text. gophercloud decodes every server's {@code created} and {@code updated} this way, so a bad
 * time fails the page.
 */
final class GoTime {
  private static final String LAYOUT = "\"2006-01-02T15:04:05Z07:00\"";

  private GoTime() {}

  /**
   * Checks {@code raw}, the JSON text of the value.
   *
   * @return null if Go accepts it, else Go's error text
   */
  static String check(String raw) {
    if (raw.equals("null")) {
      return null;
    }
    String v = raw;
    int month;
    int day;
    int year;
    // literal ", 2006, -, 01, -, 02, T, 15, :, 04, :, 05, Z07:00, literal "
    String rest = v;
    if (!rest.startsWith("\"")) {
      return cannot(raw, rest, "\"");
    }
    rest = rest.substring(1);
    if (rest.length() < 4 || !digits(rest, 4)) {
      return cannot(raw, rest, "2006");
    }
    year = Integer.parseInt(rest.substring(0, 4));
    rest = rest.substring(4);
    if (!rest.startsWith("-")) {
      return cannot(raw, rest, "-");
    }
    rest = rest.substring(1);
    if (!digits(rest, 2)) {
      return cannot(raw, rest, "01");
    }
    month = Integer.parseInt(rest.substring(0, 2));
    if (month < 1 || month > 12) {
      return range(raw, "month");
    }
    rest = rest.substring(2);
    if (!rest.startsWith("-")) {
      return cannot(raw, rest, "-");
    }
    rest = rest.substring(1);
    if (!digits(rest, 2)) {
      return cannot(raw, rest, "02");
    }
    day = Integer.parseInt(rest.substring(0, 2));
    rest = rest.substring(2);
    if (!rest.startsWith("T")) {
      return cannot(raw, rest, "T");
    }
    rest = rest.substring(1);
    // "15" takes one or two digits
    int n = digits(rest, 2) ? 2 : digits(rest, 1) ? 1 : 0;
    if (n == 0) {
      return cannot(raw, rest, "15");
    }
    if (Integer.parseInt(rest.substring(0, n)) >= 24) {
      return range(raw, "hour");
    }
    rest = rest.substring(n);
    for (String[] part : new String[][] {{"04", "minute"}, {"05", "second"}}) {
      if (!rest.startsWith(":")) {
        return cannot(raw, rest, ":");
      }
      rest = rest.substring(1);
      if (!digits(rest, 2)) {
        return cannot(raw, rest, part[0]);
      }
      if (Integer.parseInt(rest.substring(0, 2)) >= 60) {
        return range(raw, part[1]);
      }
      rest = rest.substring(2);
    }
    // fractional seconds after "05", though the layout has none
    if (rest.length() >= 2
        && (rest.charAt(0) == '.' || rest.charAt(0) == ',')
        && Character.isDigit(rest.charAt(1))) {
      int i = 1;
      while (i < rest.length() && Character.isDigit(rest.charAt(i))) {
        i++;
      }
      rest = rest.substring(i);
    }
    if (rest.startsWith("Z")) {
      rest = rest.substring(1);
    } else if (rest.length() >= 6
        && (rest.charAt(0) == '+' || rest.charAt(0) == '-')
        && rest.charAt(3) == ':'
        && digits(rest.substring(1), 2)
        && digits(rest.substring(4), 2)) {
      rest = rest.substring(6);
    } else {
      return cannot(raw, rest, "Z07:00");
    }
    if (!rest.startsWith("\"")) {
      return cannot(raw, rest, "\"");
    }
    rest = rest.substring(1);
    if (!rest.isEmpty()) {
      return "parsing time " + GoText.quote(raw) + ": extra text: " + GoText.quote(rest);
    }
    if (day < 1 || day > daysIn(month, year)) {
      return range(raw, "day");
    }
    return null;
  }

  private static boolean digits(String s, int n) {
    if (s.length() < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static int daysIn(int month, int year) {
    return java.time.YearMonth.of(year, month).lengthOfMonth();
  }

  private static String cannot(String value, String rest, String elem) {
    return "parsing time "
        + GoText.quote(value)
        + " as "
        + GoText.quote(LAYOUT)
        + ": cannot parse "
        + GoText.quote(rest)
        + " as "
        + GoText.quote(elem);
  }

  private static String range(String value, String what) {
    return "parsing time " + GoText.quote(value) + ": " + what + " out of range";
  }
}
