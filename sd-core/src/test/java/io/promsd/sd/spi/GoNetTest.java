package io.promsd.sd.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Go's net.JoinHostPort and net.SplitHostPort (net/ipsock.go). */
class GoNetTest {
  @Test
  void joinHostPortBracketsIpv6() {
    assertThat(GoNet.joinHostPort("10.0.0.1", "80")).isEqualTo("10.0.0.1:80");
    assertThat(GoNet.joinHostPort("::1", "80")).isEqualTo("[::1]:80");
    assertThat(GoNet.joinHostPort("", "80")).isEqualTo(":80");
  }

  @Test
  void splitHostPortAcceptsWhatGoAccepts() {
    assertThat(GoNet.splitsHostPort("a:1")).isTrue();
    assertThat(GoNet.splitsHostPort("[::1]:1")).isTrue();
    assertThat(GoNet.splitsHostPort(":1")).isTrue();
    assertThat(GoNet.splitsHostPort("a")).isFalse(); // missing port in address
    assertThat(GoNet.splitsHostPort("::1")).isFalse(); // too many colons
    assertThat(GoNet.splitsHostPort("[::1]")).isFalse();
    assertThat(GoNet.splitsHostPort("[a]b:1")).isFalse();
    assertThat(GoNet.splitsHostPort("a]:1")).isFalse();
  }
}
