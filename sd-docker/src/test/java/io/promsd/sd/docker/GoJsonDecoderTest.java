package io.promsd.sd.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The decoder answers as Go's {@code encoding/json} (go1.19, as Debian's promtool 2.42 was built):
 * the syntax error texts of its scanner, the {@code json: cannot unmarshal} texts with their error
 * context, and its unmarshalling rules. Texts not recorded from promtool come from Go's {@code
 * encoding/json/scanner.go} ({@code stateBeginValue} ... {@code quoteChar}) and {@code decode.go}
 * ({@code UnmarshalTypeError.Error}, {@code addErrorContext}, {@code literalStore}).
 */
class GoJsonDecoderTest {
  private static final GoType CONTAINERS_2 = EngineTypes.V2.containers();
  private static final GoType CONTAINERS_3 = EngineTypes.V3.containers();

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("", "EOF"),
        Arguments.of(" \n\t ", "EOF"),
        Arguments.of("[", "unexpected EOF"),
        Arguments.of("[1,", "unexpected EOF"),
        Arguments.of("[{\"Id\":\"x\"", "unexpected EOF"),
        Arguments.of("nul", "unexpected EOF"),
        Arguments.of("garbage", "invalid character 'g' looking for beginning of value"),
        Arguments.of("[}", "invalid character '}' looking for beginning of value"),
        Arguments.of("{\"a\" 1}", "invalid character '1' after object key"),
        Arguments.of("{\"a\":1 2}", "invalid character '2' after object key:value pair"),
        Arguments.of("[1 2]", "invalid character '2' after array element"),
        Arguments.of("[01]", "invalid character '1' after array element"),
        Arguments.of("{1:2}", "invalid character '1' looking for beginning of object key string"),
        Arguments.of("[\"a\nb\"]", "invalid character '\\n' in string literal"),
        Arguments.of("[\"\\x\"]", "invalid character 'x' in string escape code"),
        Arguments.of("[\"\\u12g4\"]", "invalid character 'g' in \\u hexadecimal character escape"),
        Arguments.of("[-a]", "invalid character 'a' in numeric literal"),
        Arguments.of("[1.a]", "invalid character 'a' after decimal point in numeric literal"),
        Arguments.of("[1ea]", "invalid character 'a' in exponent of numeric literal"),
        Arguments.of("[trUe]", "invalid character 'U' in literal true (expecting 'u')"),
        Arguments.of("[nulL]", "invalid character 'L' in literal null (expecting 'l')"),
        Arguments.of("['a']", "invalid character '\\'' looking for beginning of value"),
        Arguments.of("[\"a\"\"b\"]", "invalid character '\"' after array element"),
        Arguments.of("\u00e9", "invalid character '\u00c3' looking for beginning of value"),
        // a syntax error anywhere wins over a type error before it: Go reads the value first
        Arguments.of("[{\"Id\":5}, x]", "invalid character 'x' looking for beginning of value"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("syntaxErrors")
  void syntaxErrorsHaveGosWords(String json, String message) {
    assertThatThrownBy(() -> decode(json, CONTAINERS_2)).hasMessage(message);
  }

  static Stream<Arguments> typeErrors() {
    return Stream.of(
        Arguments.of("{}", "json: cannot unmarshal object into Go value of type []types.Container"),
        Arguments.of(
            "\"x\"", "json: cannot unmarshal string into Go value of type []types.Container"),
        Arguments.of("5", "json: cannot unmarshal number into Go value of type []types.Container"),
        Arguments.of("true", "json: cannot unmarshal bool into Go value of type []types.Container"),
        Arguments.of("[5]", "json: cannot unmarshal number into Go value of type types.Container"),
        Arguments.of(
            "[{\"Ports\":{}}]",
            "json: cannot unmarshal object into Go struct field Container.Ports of type"
                + " []types.Port"),
        Arguments.of(
            "[{\"Id\":5}]",
            "json: cannot unmarshal number into Go struct field Container.Id of type string"),
        Arguments.of(
            "[{\"Ports\":[{\"PrivatePort\":-1}]}]",
            "json: cannot unmarshal number -1 into Go struct field Port.Ports.PrivatePort of type"
                + " uint16"),
        Arguments.of(
            "[{\"Ports\":[{\"PrivatePort\":1.5}]}]",
            "json: cannot unmarshal number 1.5 into Go struct field Port.Ports.PrivatePort of type"
                + " uint16"),
        Arguments.of(
            "[{\"Ports\":[{\"PrivatePort\":1e2}]}]",
            "json: cannot unmarshal number 1e2 into Go struct field Port.Ports.PrivatePort of type"
                + " uint16"),
        Arguments.of(
            "[{\"HostConfig\":{\"NetworkMode\":1}}]",
            "json: cannot unmarshal number into Go struct field .HostConfig.NetworkMode of type"
                + " string"),
        Arguments.of(
            "[{\"HostConfig\":[]}]",
            "json: cannot unmarshal array into Go struct field Container.HostConfig of type struct {"
                + " NetworkMode string \"json:\\\",omitempty\\\"\" }"),
        Arguments.of(
            "[{\"NetworkSettings\":{\"Networks\":{\"n\":{\"IPAddress\":true}}}}]",
            "json: cannot unmarshal bool into Go struct field"
                + " EndpointSettings.NetworkSettings.Networks.IPAddress of type string"),
        Arguments.of(
            "[{\"Labels\":{\"a\":[]}}]",
            "json: cannot unmarshal array into Go struct field Container.Labels of type string"),
        // the first type error is the one reported
        Arguments.of(
            "[{\"Names\":5,\"Id\":5}]",
            "json: cannot unmarshal number into Go struct field Container.Names of type []string"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("typeErrors")
  void typeErrorsNameTheGoStructField(String json, String message) {
    assertThatThrownBy(() -> decode(json, CONTAINERS_2)).hasMessage(message);
  }

  @Test
  void compat3NamesTheMobyTypes() {
    assertThatThrownBy(() -> decode("[{\"Ports\":[{\"PrivatePort\":\"x\"}]}]", CONTAINERS_3))
        .hasMessage(
            "json: cannot unmarshal string into Go struct field PortSummary.Ports.PrivatePort of"
                + " type uint16");
    assertThatThrownBy(() -> decode("{}", EngineTypes.V3.networks()))
        .hasMessage("json: cannot unmarshal object into Go value of type []network.Summary");
  }

  @Test
  void compat3DecodesAddressesAsNetip() throws Exception {
    Object[] c =
        first(
            decode(
                "[{\"Ports\":[{\"IP\":\"::FFFF:1.2.3.4\",\"PrivatePort\":80}],"
                    + "\"NetworkSettings\":{\"Networks\":{\"n\":{\"IPAddress\":\"\","
                    + "\"GlobalIPv6Address\":\"2001:DB8:0:0:0:0:0:1\"}}}}]",
                CONTAINERS_3));
    Object[] port = (Object[]) EngineTypes.list(c, EngineTypes.C_PORTS).get(0);
    assertThat(EngineTypes.str(port, EngineTypes.P_IP)).isEqualTo("::ffff:1.2.3.4");
    Object[] n =
        (Object[])
            EngineTypes.mapOf(
                    EngineTypes.obj(c, EngineTypes.C_NETWORK_SETTINGS), EngineTypes.NS_NETWORKS)
                .get("n");
    assertThat(EngineTypes.str(n, EngineTypes.EP_IP)).isEmpty();
    assertThat(EngineTypes.str(n, EngineTypes.EP_IPV6)).isEqualTo("2001:db8::1");
  }

  @Test
  void aTextUnmarshalersErrorEndsTheDecodeAndWinsOverEarlierTypeErrors() {
    assertThatThrownBy(
            () -> decode("[{\"Id\":5,\"Ports\":[{\"IP\":\"x\"},{\"IP\":\"y\"}]}]", CONTAINERS_3))
        .hasMessage("ParseAddr(\"x\"): unable to parse IP");
    assertThatThrownBy(() -> decode("[{\"Ports\":[{\"IP\":\"x\"}]}, q]", CONTAINERS_3))
        .hasMessage("invalid character 'q' looking for beginning of value");
  }

  @Test
  void keysMatchExactlyThenCaseInsensitively() throws Exception {
    Object[] c = first(decode("[{\"id\":\"a\",\"NAMES\":[\"/x\"],\"Id\":\"b\"}]", CONTAINERS_2));
    assertThat(EngineTypes.str(c, EngineTypes.C_ID)).isEqualTo("b");
    assertThat(EngineTypes.list(c, EngineTypes.C_NAMES)).containsExactly("/x");
    assertThat(GoType.equalFold("State", "\u017ftate")).isTrue(); // long s folds to s
    assertThat(GoType.equalFold("Kind", "\u212aind")).isTrue(); // Kelvin sign folds to k
    assertThat(GoType.equalFold("State", "Stat")).isFalse();
  }

  @Test
  void repeatedKeysDecodeIntoTheSameValueAsGoDoes() throws Exception {
    Object[] c =
        first(
            decode(
                "[{\"Labels\":{\"a\":\"1\"},\"Labels\":{\"b\":\"2\"},"
                    + "\"Names\":[\"/a\"],\"Names\":[\"/b\"],"
                    + "\"HostConfig\":{\"NetworkMode\":\"m\"},\"HostConfig\":{}}]",
                CONTAINERS_2));
    assertThat(EngineTypes.mapOf(c, EngineTypes.C_LABELS))
        .containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(EngineTypes.list(c, EngineTypes.C_NAMES)).containsExactly("/b");
    assertThat(EngineTypes.str(EngineTypes.obj(c, EngineTypes.C_HOST_CONFIG), 0)).isEqualTo("m");
    Object[] d =
        first(decode("[{\"Labels\":{\"a\":\"1\"},\"Labels\":null,\"Id\":null}]", CONTAINERS_2));
    assertThat(d[EngineTypes.C_LABELS]).isNull();
    assertThat(EngineTypes.str(d, EngineTypes.C_ID)).isEmpty();
  }

  @Test
  void stringsAreUnquotedAsGoUnquotes() throws Exception {
    byte[] bad =
        "[{\"Id\":\"a\u0000b\\ud83d\\ude00\\ud83d!\\ude00\"}]".getBytes(StandardCharsets.UTF_8);
    bad[9] = (byte) 0xff; // an invalid UTF-8 byte where the NUL was
    Object[] c = first(GoJsonDecoder.decode(bad, bad.length, CONTAINERS_2));
    assertThat(EngineTypes.str(c, EngineTypes.C_ID)).isEqualTo("a\uFFFDb\uD83D\uDE00\uFFFD!\uFFFD");
  }

  @Test
  void onlyTheFirstValueIsRead() throws Exception {
    assertThat(decode("[] trailing garbage", CONTAINERS_2)).isEqualTo(List.of());
    assertThat(decode("null", CONTAINERS_2)).isNull();
  }

  @Test
  void unmarshalWantsExactlyOneValue() {
    GoType t =
        GoType.struct(
            "types.ErrorResponse",
            "ErrorResponse",
            List.of(GoType.field("message", GoType.STRING, 0)));
    assertThatThrownBy(() -> GoJsonDecoder.unmarshal(new byte[0], 0, t))
        .hasMessage("unexpected end of JSON input");
    byte[] b = "{} x".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> GoJsonDecoder.unmarshal(b, b.length, t))
        .hasMessage("invalid character 'x' after top-level value");
    byte[] m = "{\"message\":5}".getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> GoJsonDecoder.unmarshal(m, m.length, t))
        .hasMessage(
            "json: cannot unmarshal number into Go struct field ErrorResponse.message of type"
                + " string");
  }

  static Stream<Arguments> seeds() {
    return LongStream.range(0, 300).mapToObj(Arguments::of);
  }

  /**
   * Random cuts of a valid document end in {@code unexpected EOF} or decode; never anything else.
   */
  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void aCutDocumentIsUnexpectedEof(long seed) throws Exception {
    byte[] doc =
        java.nio.file.Files.readAllBytes(
            DockerFixtures.payloads().resolve("basic").resolve("containers.json"));
    int cut = new SplittableRandom(seed).nextInt(1, doc.length - 2);
    int end = cut;
    while (end > 0 && Character.isWhitespace(doc[end - 1])) {
      end--;
    }
    int n = end;
    if (n == 0) {
      return;
    }
    assertThatThrownBy(() -> GoJsonDecoder.decode(doc, n, CONTAINERS_2))
        .hasMessage("unexpected EOF");
  }

  private static Object decode(String json, GoType type) throws GoJsonDecoder.JsonException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    return GoJsonDecoder.decode(b, b.length, type);
  }

  @SuppressWarnings("unchecked")
  private static Object[] first(Object list) {
    return (Object[]) ((List<Object>) list).get(0);
  }
}
