package io.promsd.sd.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * resolv.conf reading and the name list, with expectations taken from miekg/dns v1.1.50 ({@code
 * clientconfig.go} {@code ClientConfigFromReader}, {@code NameList}; {@code defaults.go} {@code
 * IsFqdn}; {@code labels.go} {@code CountLabel}); the recorded cases cover the same paths through
 * the real promtool.
 */
class ResolvConfTest {
  @Test
  void defaultsWhenEmpty() {
    ResolvConf c = ResolvConf.parse("");
    assertThat(c.servers()).isEmpty();
    assertThat(c.search()).isEmpty();
    assertThat(c.ndots()).isEqualTo(1);
    assertThat(c.timeout()).isEqualTo(5);
    assertThat(c.attempts()).isEqualTo(2);
  }

  @Test
  void readsServersSearchAndOptions() {
    ResolvConf c =
        ResolvConf.parse(
            "nameserver 10.0.0.1\n"
                + "nameserver\n" // no address: ignored
                + "\tnameserver   ::1   extra\r\n"
                + "search a.test b.test\n"
                + "domain c.test\n" // replaces the search list
                + "search d.test e.test\n" // and is replaced in turn
                + "options ndots:3 timeout:0 attempts:-4 rotate\n");
    assertThat(c.servers()).containsExactly("10.0.0.1", "::1");
    assertThat(c.search()).containsExactly("d.test", "e.test");
    assertThat(c.ndots()).isEqualTo(3);
    assertThat(c.timeout()).isEqualTo(1);
    assertThat(c.attempts()).isEqualTo(1);
  }

  @ParameterizedTest
  @CsvSource({
    "ndots:0, 0",
    "ndots:15, 15",
    "ndots:16, 15",
    "ndots:-1, 0",
    "ndots:x, 0",
    "ndots:+2, 2",
    "ndots:, 0",
    "ndots:99999999999999999999999, 15",
    "ndots:2 ndots:4, 4",
  })
  void ndotsIsClampedAndMalformedReadsAsZero(String options, int ndots) {
    assertThat(ResolvConf.parse("options " + options + "\n").ndots()).isEqualTo(ndots);
  }

  @Test
  void emptyDomainAndSearchClearTheList() {
    assertThat(ResolvConf.parse("search a.test\ndomain\n").search()).isEmpty();
    assertThat(ResolvConf.parse("search a.test\nsearch\n").search()).isEmpty();
  }

  @Test
  void commentsAndUnknownKeywordsAreIgnored() {
    ResolvConf c =
        ResolvConf.parse("#nameserver 1.1.1.1\n; x\nsortlist 1.2.3.4\nnameserver 2.2.2.2 # c\n");
    assertThat(c.servers()).containsExactly("2.2.2.2");
  }

  @Test
  void aLineTooLongForBufioScannerEndsTheFile() {
    String text = "nameserver 1.1.1.1\n#" + "x".repeat(70_000) + "\nnameserver 2.2.2.2\n";
    assertThat(ResolvConf.parse(text).servers()).containsExactly("1.1.1.1");
  }

  static Stream<Arguments> nameLists() {
    return Stream.of(
        Arguments.of("web.svc.test.", List.of("x.test"), 1, List.of("web.svc.test.")),
        Arguments.of(
            "web.svc.test", List.of("x.test"), 1, List.of("web.svc.test.", "web.svc.test.x.test.")),
        Arguments.of(
            "web", List.of("x.test", "y.test."), 1, List.of("web.x.test.", "web.y.test.", "web.")),
        Arguments.of("a.b", List.of("x.test"), 2, List.of("a.b.x.test.", "a.b.")),
        Arguments.of("web", List.of(), 0, List.of("web.")),
        Arguments.of("web", List.of("x.test"), 0, List.of("web.", "web.x.test.")),
        // An escaped final dot is not a final dot.
        Arguments.of("web\\.", List.of(), 1, List.of("web\\..")),
        Arguments.of("web\\\\.", List.of(), 1, List.of("web\\\\.")),
        // miekg counts the bytes of the last rune: "é." is not fully qualified.
        Arguments.of("caf\u00e9.", List.of(), 5, List.of("caf\u00e9..")));
  }

  @ParameterizedTest
  @MethodSource("nameLists")
  void nameListFollowsMiekg(String name, List<String> search, int ndots, List<String> want) {
    ResolvConf c = new ResolvConf(List.of("127.0.0.1"), search, ndots, 5, 2);
    assertThat(c.nameList(name)).isEqualTo(want);
  }

  @ParameterizedTest
  @CsvSource({"., 0", "a, 1", "a., 1", "a.b, 2", "a.b., 2", "a\\.b, 1", "'', 1", "a..b, 3"})
  void countsLabelsAsMiekg(String name, int labels) {
    assertThat(DnsNames.countLabels(name)).isEqualTo(labels);
  }

  /** Seeded random names and search lists: NameList's shape holds for every one. */
  static IntStream seeds() {
    return IntStream.range(0, 200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void nameListShape(int seed) {
    Random r = new Random(seed);
    String name = randomName(r);
    List<String> search = new ArrayList<>();
    for (int i = r.nextInt(4); i > 0; i--) {
      search.add(randomName(r));
    }
    int ndots = r.nextInt(5);
    List<String> list = new ResolvConf(List.of(), search, ndots, 5, 2).nameList(name);
    assertThat(list).allMatch(DnsNames::isFqdn);
    if (name.endsWith(".")) {
      assertThat(list).containsExactly(name);
      return;
    }
    String fqdn = name + ".";
    assertThat(list).hasSize(search.size() + 1).contains(fqdn);
    boolean first = name.split("\\.", -1).length > ndots;
    assertThat(list.indexOf(fqdn)).isEqualTo(first ? 0 : search.size());
    List<String> suffixed = new ArrayList<>(list);
    suffixed.remove(fqdn);
    for (int i = 0; i < search.size(); i++) {
      assertThat(suffixed.get(i)).startsWith(fqdn + search.get(i));
    }
  }

  private static String randomName(Random r) {
    int labels = 1 + r.nextInt(5);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < labels; i++) {
      if (i > 0) {
        sb.append('.');
      }
      int len = 1 + r.nextInt(6);
      for (int j = 0; j < len; j++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
    }
    if (r.nextInt(4) == 0) {
      sb.append('.');
    }
    return sb.toString();
  }
}
