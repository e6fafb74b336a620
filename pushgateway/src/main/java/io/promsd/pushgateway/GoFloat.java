package io.promsd.pushgateway;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Go's float formatting: {@code strconv.FormatFloat(f, 'g', -1, 64)} (the text exposition, the
 * protobuf text of error messages) and {@code fmt.Sprint(f)} (the JSON API), both with the shortest
 * digits that read back as the same double.
 */
final class GoFloat {
  private GoFloat() {}

  /**
   * {@code strconv.FormatFloat(f, 'g', -1, 64)}, which {@code fmt.Sprint(f)} also gives: exponent
   * form when the decimal exponent is below -4 or at least 6 ({@code 1e+06}, {@code 1e-05}).
   */
  static String g(double f) {
    if (Double.isNaN(f)) {
      return "NaN";
    }
    if (Double.isInfinite(f)) {
      return f > 0 ? "+Inf" : "-Inf";
    }
    if (f == 0) {
      return Double.doubleToRawLongBits(f) < 0 ? "-0" : "0";
    }
    String sign = f < 0 ? "-" : "";
    double a = Math.abs(f);
    String digits;
    int exp; // decimal exponent of the first digit
    if (a == Math.rint(a) && a < 1e15) {
      long l = (long) a;
      String s = Long.toString(l);
      int end = s.length();
      while (end > 1 && s.charAt(end - 1) == '0') {
        end--;
      }
      digits = s.substring(0, end);
      exp = s.length() - 1;
    } else {
      BigDecimal d = shortest(a);
      String u = d.unscaledValue().toString();
      int end = u.length();
      while (end > 1 && u.charAt(end - 1) == '0') {
        end--;
      }
      digits = u.substring(0, end);
      exp = u.length() - 1 - d.scale();
    }
    // strconv/ftoa.go: "if precision was the shortest possible, use precision 6 for this decision"
    if (exp < -4 || exp >= 6) {
      StringBuilder sb = new StringBuilder(sign);
      sb.append(digits.charAt(0));
      if (digits.length() > 1) {
        sb.append('.').append(digits, 1, digits.length());
      }
      sb.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        sb.append('0');
      }
      sb.append(ae);
      return sb.toString();
    }
    StringBuilder sb = new StringBuilder(sign);
    if (exp < 0) {
      sb.append("0.");
      for (int i = -1; i > exp; i--) {
        sb.append('0');
      }
      sb.append(digits);
    } else if (digits.length() <= exp + 1) {
      sb.append(digits);
      for (int i = digits.length(); i <= exp; i++) {
        sb.append('0');
      }
    } else {
      sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return sb.toString();
  }

  /**
   * The shortest decimal that reads back as {@code a} (positive, finite), the nearest one among
   * equally short. Java 17's {@code Double.toString} is never shorter than the shortest but is
   * sometimes longer (JDK-4511638), so its digit count is an upper bound to walk down from.
   */
  private static BigDecimal shortest(double a) {
    BigDecimal exact = new BigDecimal(a);
    BigDecimal best = new BigDecimal(Double.toString(a)).stripTrailingZeros();
    int p = best.precision();
    while (p > 1) {
      BigDecimal c = exact.round(new MathContext(p - 1, RoundingMode.HALF_EVEN));
      if (c.doubleValue() != a) {
        break;
      }
      best = c;
      p--;
    }
    return best;
  }
}
