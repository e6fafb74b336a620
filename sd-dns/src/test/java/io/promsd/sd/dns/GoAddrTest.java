package io.promsd.sd.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's IP text form: the exact strings come from the recorded cases ({@code aaaa-records}, {@code
 * aaaa-text-forms}); this checks, for seeded random addresses rich in zero groups, the rules those
 * cases follow (RFC 5952 as Go's {@code net.IP.String} applies it).
 */
class GoAddrTest {
  static IntStream seeds() {
    return IntStream.range(0, 300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void ipv6TextRoundTripsAndCompressesTheLongestFirstRun(int seed) throws Exception {
    Random r = new Random(seed);
    byte[] ip = new byte[16];
    for (int g = 0; g < 8; g++) {
      if (r.nextInt(3) != 0) {
        int v = r.nextInt(4) == 0 ? r.nextInt(16) : r.nextInt(65536);
        ip[2 * g] = (byte) (v >>> 8);
        ip[2 * g + 1] = (byte) v;
      }
    }
    String text = GoAddr.ip(ip);
    byte[] back = InetAddress.getByName(text).getAddress();
    boolean mapped = isMapped(ip);
    if (mapped) {
      assertThat(text).matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
      assertThat(back).containsExactly(java.util.Arrays.copyOfRange(ip, 12, 16));
      return;
    }
    assertThat(back).containsExactly(ip);
    assertThat(text).isEqualTo(text.toLowerCase(java.util.Locale.ROOT)).doesNotContain(":::");
    assertThat(text.split("::", -1).length).isLessThanOrEqualTo(2);
    int[] run = longestRun(ip);
    if (run[1] - run[0] >= 2) {
      assertThat(text).contains("::");
      // The groups before "::" are exactly those before the run.
      String head = text.substring(0, text.indexOf("::"));
      assertThat(head.isEmpty() ? 0 : head.split(":").length).isEqualTo(run[0]);
    } else {
      assertThat(text).doesNotContain("::");
      assertThat(text.split(":")).hasSize(8).allMatch(g -> g.equals("0") || !g.startsWith("0"));
    }
  }

  private static boolean isMapped(byte[] ip) {
    for (int i = 0; i < 10; i++) {
      if (ip[i] != 0) {
        return false;
      }
    }
    return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
  }

  /** The first longest run of zero groups, as group indexes [start, end). */
  private static int[] longestRun(byte[] ip) {
    int best0 = 0;
    int best1 = 0;
    for (int g = 0; g < 8; ) {
      int e = g;
      while (e < 8 && ip[2 * e] == 0 && ip[2 * e + 1] == 0) {
        e++;
      }
      if (e - g > best1 - best0) {
        best0 = g;
        best1 = e;
      }
      g = e == g ? g + 1 : e;
    }
    return new int[] {best0, best1};
  }
}
