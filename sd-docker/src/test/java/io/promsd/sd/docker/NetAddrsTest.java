package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Go's address parsing and printing: {@code net/netip} ParseAddr, Addr.String and ParsePrefix
 * ({@code netip.go}), {@code net.ParseCIDR} with {@code IP.String} ({@code ip.go}), and {@code
 * net.ParseMAC} ({@code mac.go}), with Go's messages.
 */
class NetAddrsTest {
  static Stream<Arguments> addresses() {
    return Stream.of(
        Arguments.of("1.2.3.4", "1.2.3.4"),
        Arguments.of("0.0.0.0", "0.0.0.0"),
        Arguments.of("::", "::"),
        Arguments.of("::1", "::1"),
        Arguments.of("2001:DB8::1", "2001:db8::1"),
        Arguments.of("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),
        Arguments.of("2001:db8:0:1:0:0:0:1", "2001:db8:0:1::1"),
        Arguments.of("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"),
        Arguments.of("1:0:3:4:5:6:7:8", "1:0:3:4:5:6:7:8"),
        Arguments.of("::ffff:1.2.3.4", "::ffff:1.2.3.4"),
        Arguments.of("::FFFF:0102:0304", "::ffff:1.2.3.4"),
        Arguments.of("::1.2.3.4", "::102:304"),
        Arguments.of("fe80::1%eth0", "fe80::1%eth0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("addresses")
  void addressesPrintAsNetipPrintsThem(String in, String out) throws Exception {
    assertThat(NetAddrs.parseAddr(in)).isEqualTo(out);
  }

  static Stream<Arguments> badAddresses() {
    return Stream.of(
        Arguments.of("x", "ParseAddr(\"x\"): unable to parse IP"),
        Arguments.of("300.1.2.3", "ParseAddr(\"300.1.2.3\"): IPv4 field has value >255"),
        Arguments.of("1.2.3", "ParseAddr(\"1.2.3\"): IPv4 address too short"),
        Arguments.of("1.2.3.4.5", "ParseAddr(\"1.2.3.4.5\"): IPv4 address too long"),
        Arguments.of("01.2.3.4", "ParseAddr(\"01.2.3.4\"): IPv4 field has octet with leading zero"),
        Arguments.of(
            "1..2.3",
            "ParseAddr(\"1..2.3\"): IPv4 field must have at least one digit (at \".2.3\")"),
        Arguments.of("1.2.3.a", "ParseAddr(\"1.2.3.a\"): unexpected character (at \"a\")"),
        Arguments.of("%eth0", "ParseAddr(\"%eth0\"): missing IPv6 address"),
        Arguments.of("fe80::1%", "ParseAddr(\"fe80::1%\"): zone must be a non-empty string"),
        Arguments.of("1::2::3", "ParseAddr(\"1::2::3\"): multiple :: in address (at \":3\")"),
        Arguments.of("1:2", "ParseAddr(\"1:2\"): address string too short"),
        Arguments.of(
            "12345::",
            "ParseAddr(\"12345::\"): each group must have 4 or less digits (at \"12345::\")"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badAddresses")
  void badAddressesFailWithGosMessage(String in, String message) {
    assertThatThrownBy(() -> NetAddrs.parseAddr(in)).hasMessage(message);
  }

  @Test
  void theEmptyAddressIsTheZeroAddr() throws Exception {
    assertThat(NetAddrs.parseAddr("")).isEqualTo("");
  }

  @Test
  void prefixes() throws Exception {
    assertThat(NetAddrs.parsePrefix("10.0.0.5/24")).isEqualTo("10.0.0.5/24");
    assertThat(NetAddrs.parsePrefix("2001:DB8::5/64")).isEqualTo("2001:db8::5/64");
    assertThat(NetAddrs.parsePrefix("")).isEqualTo("invalid Prefix");
    assertThatThrownBy(() -> NetAddrs.parsePrefix("10.0.0.5"))
        .hasMessage("netip.ParsePrefix(\"10.0.0.5\"): no '/'");
    assertThatThrownBy(() -> NetAddrs.parsePrefix("10.0.0.5/33"))
        .hasMessage("netip.ParsePrefix(\"10.0.0.5/33\"): prefix length out of range");
    assertThatThrownBy(() -> NetAddrs.parsePrefix("fe80::1%eth0/64"))
        .hasMessage(
            "netip.ParsePrefix(\"fe80::1%eth0/64\"): IPv6 zones cannot be present in a prefix");
  }

  @Test
  void cidrAddressesAsParseCidrAndIpStringGiveThem() throws Exception {
    assertThat(NetAddrs.cidrIp("10.0.0.5/24")).isEqualTo("10.0.0.5");
    assertThat(NetAddrs.cidrIp("::ffff:10.0.0.5/120")).isEqualTo("10.0.0.5");
    assertThat(NetAddrs.cidrIp("2001:db8:0::5/64")).isEqualTo("2001:db8::5");
    assertThat(NetAddrs.cidrIp("10.0.0.5/024")).isEqualTo("10.0.0.5");
    for (String bad : new String[] {"10.0.0.5", "10.0.0.5/33", "invalid Prefix", "", "x/8"}) {
      assertThatThrownBy(() -> NetAddrs.cidrIp(bad)).hasMessage("invalid CIDR address: " + bad);
    }
  }

  @Test
  void macAddressesAsParseMacAcceptsThem() throws Exception {
    assertThat(NetAddrs.parseMac("02:42:ac:11:00:02")).isEqualTo("02:42:ac:11:00:02");
    assertThat(NetAddrs.parseMac("02-42-AC-11-00-02")).isEqualTo("02-42-AC-11-00-02");
    assertThat(NetAddrs.parseMac("0242.ac11.0002")).isEqualTo("0242.ac11.0002");
    assertThat(NetAddrs.parseMac("")).isEqualTo("");
    assertThatThrownBy(() -> NetAddrs.parseMac("02:42:ac"))
        .hasMessage("address 02:42:ac: invalid MAC address");
  }
}
