package io.promsd.relabel.internal.config;

import com.google.re2j.Pattern;
import io.promsd.relabel.ConfigException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;
import org.yaml.snakeyaml.scanner.ScannerException;
import org.yaml.snakeyaml.scanner.ScannerImpl;
import org.yaml.snakeyaml.tokens.Token;

/**
 * Parses YAML and JSON text into {@link Node} trees, resolving scalars the way Go's yaml.v2 does.
 * Only the first YAML document is read, as Go's {@code yaml.Unmarshal} reads only the first.
 * Thread-safe.
 */
public final class Documents {
  private Documents() {}

  // yaml.v2's resolve.go float syntax, checked after the integer parses fail.
  private static final Pattern YAML_FLOAT =
      Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Resolver SNAKE_RESOLVER = new Resolver();

  /**
   * Parses the first document of {@code text}. An empty document gives a null scalar.
   *
   * @throws ConfigException for YAML syntax errors, with Go's {@code yaml: line N: ...} text
   */
  public static Node parseYaml(String text, String file) {
    try {
      return composeYaml(text, file);
    } catch (StackOverflowError | TooDeep e) {
      return DeepStack.call(
          () -> {
            checkYamlDepth(text, file);
            return composeYaml(text, file);
          });
    }
  }

  /** SnakeYAML's own nesting limit was hit: Go's limits decide (see {@link #checkYamlDepth}). */
  private static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super(null, null, false, false);
    }
  }

  // yaml.v2 scannerc.go: max_flow_level and max_indents.
  private static final int MAX_DEPTH = 10_000;

  private static Node composeYaml(String text, String file) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    options.setMaxAliasesForCollections(Integer.MAX_VALUE); // Go has no such limit
    options.setAllowRecursiveKeys(false);
    // Above what Go allows (10,000 block levels inside 10,000 flow levels): Go's own limits are
    // checked by checkYamlDepth, this one only sends a document there.
    options.setNestingDepthLimit(2 * MAX_DEPTH + 100);
    Yaml yaml = new Yaml(options);
    try {
      Iterator<org.yaml.snakeyaml.nodes.Node> docs =
          yaml.composeAll(new StringReader(text)).iterator();
      if (!docs.hasNext()) {
        return new Node(Node.Kind.SCALAR, "!!null", "", 1, 1, List.of(), List.of(), file);
      }
      org.yaml.snakeyaml.nodes.Node first = docs.next();
      if (text.indexOf('&') >= 0 && text.indexOf('*') >= 0) {
        new AliasBudget(file).walk(first, 0); // the document may use aliases
      }
      Node root = convert(first, file, new IdentityHashMap<>());
      checkSurrogateEscapes(text, root, file);
      return root;
    } catch (MarkedYAMLException e) {
      if (cutHexEscape(text, e)) {
        throw truncatedEscape(text, file);
      }
      throw goSyntaxError(e, file);
    } catch (org.yaml.snakeyaml.reader.ReaderException e) {
      // a control character in the text: libyaml's reader error, which yaml.v2 gives no line
      throw new ConfigException("yaml: control characters are not allowed", file, 0);
    } catch (NumberFormatException e) {
      throw badEscape(text, file, e);
    } catch (YAMLException e) {
      if (String.valueOf(e.getMessage()).startsWith("Nesting Depth exceeded")) {
        throw new TooDeep();
      }
      throw new ConfigException("yaml: " + e.getMessage(), file, 0);
    }
  }

  /**
   * Go's nesting limits, checked on the token stream as yaml.v2's scanner checks them: more than
   * 10,000 open block collections (the indentation stack, {@code yaml_parser_roll_indent}) or more
   * than 10,000 open flow collections ({@code yaml_parser_increase_flow_level}) is {@code exceeded
   * max depth of 10000}, on the line of the token that opened one too many. A syntax error met
   * first is left to the parser to report.
   */
  private static void checkYamlDepth(String text, String file) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(Integer.MAX_VALUE);
    int block = 0;
    int flow = 0;
    int documents = 0;
    try {
      ScannerImpl scanner = new ScannerImpl(new StreamReader(new StringReader(text)), options);
      while (!scanner.checkToken(Token.ID.StreamEnd)) {
        Token t = scanner.getToken();
        switch (t.getTokenId()) {
          case BlockMappingStart, BlockSequenceStart -> block++;
          case BlockEnd -> block--;
          case FlowMappingStart, FlowSequenceStart -> flow++;
          case FlowMappingEnd, FlowSequenceEnd -> flow--;
          case DocumentStart -> {
            if (++documents > 1) {
              return; // yaml.Unmarshal reads the first document only
            }
          }
          default -> {}
        }
        if (block > MAX_DEPTH || flow > MAX_DEPTH) {
          // A scanner error: parser.fail gives the 1-based line, or none on the first line.
          int line0 = t.getStartMark().getLine();
          String where = line0 != 0 ? "line " + (line0 + 1) + ": " : "";
          throw new ConfigException(
              "yaml: " + where + "exceeded max depth of " + MAX_DEPTH, file, line0 + 1);
        }
      }
    } catch (YAMLException | NumberFormatException e) {
      // a syntax error before any depth error: composing reports it in Go's words
    }
  }

  /**
   * SnakeYAML (2.x) throws {@link NumberFormatException} for a hexadecimal escape (u, U or x after
   * a backslash) that the end of the text cuts short (found by {@code GroupFilesFuzzTest}).
   * yaml.v2's scanner ({@code yaml_parser_scan_flow_scalar}) fails there with {@code did not find
   * expected hexdecimal number}, on the line of the escape: the last backslash of the text.
   */
  private static ConfigException badEscape(String text, String file, NumberFormatException e) {
    // SnakeYAML parses the 8 digits of \\U as an int: over 7FFFFFFF it throws; libyaml finds a
    // value over 10FFFF: "found invalid Unicode character escape code", on the escape's line.
    String m = String.valueOf(e.getMessage());
    int q = m.indexOf('"');
    int q2 = m.indexOf('"', q + 1);
    if (q >= 0 && q2 == q + 9 && m.substring(q + 1, q2).chars().allMatch(Documents::isHex)) {
      int at = text.indexOf("\\U" + m.substring(q + 1, q2));
      if (at >= 0) {
        int line0 = 0;
        for (int i = 0; i < at; i++) {
          if (text.charAt(i) == '\n') {
            line0++;
          }
        }
        String where = line0 != 0 ? "line " + (line0 + 1) + ": " : "";
        return new ConfigException(
            "yaml: " + where + "found invalid Unicode character escape code", file, line0 + 1);
      }
    }
    return truncatedEscape(text, file);
  }

  private static ConfigException truncatedEscape(String text, String file) {
    int at = Math.max(0, text.lastIndexOf('\\'));
    int line0 = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line0++;
      }
    }
    String where = line0 != 0 ? "line " + (line0 + 1) + ": " : "";
    return new ConfigException(
        "yaml: " + where + "did not find expected hexdecimal number", file, line0 + 1);
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static final com.google.re2j.Pattern CUT_HEX_ESCAPE =
      com.google.re2j.Pattern.compile("\\\\(x[0-9a-fA-F]?|u[0-9a-fA-F]{0,3}|U[0-9a-fA-F]{0,7})$");

  /**
   * Whether SnakeYAML's error is a hexadecimal escape that the end of the text cuts short, inside a
   * double-quoted scalar: it says {@code found unexpected end of stream} (or, for some {@code \U}
   * escapes, {@code found unknown escape character}); libyaml reads the digits first and says
   * {@code did not find expected hexdecimal number} (recorded: testdata/checkconfig/promtool-2.42/
   * yaml-escapes.yaml).
   */
  private static boolean cutHexEscape(String text, MarkedYAMLException e) {
    String problem = String.valueOf(e.getProblem());
    String context = String.valueOf(e.getContext());
    return context.contains("quoted scalar")
        && startsDoubleQuoted(text, e.getContextMark())
        && (problem.contains("found unexpected end of stream")
            || problem.startsWith("found unknown escape character"))
        && CUT_HEX_ESCAPE.matcher(text).find();
  }

  /** Whether the scalar at {@code m} opens with a double quote (single quotes know no escapes). */
  private static boolean startsDoubleQuoted(String text, Mark m) {
    if (m == null) {
      return false;
    }
    int at = 0;
    for (int line = 0; line < m.getLine() && at >= 0; line++) {
      at = text.indexOf('\n', at);
      at = at < 0 ? -1 : at + 1;
    }
    if (at < 0) {
      return false;
    }
    at =
        text.offsetByCodePoints(
            at, Math.min(m.getColumn(), text.codePointCount(at, text.length())));
    return at < text.length() && text.charAt(at) == '"';
  }

  private static final com.google.re2j.Pattern SURROGATE_ESCAPE =
      com.google.re2j.Pattern.compile(
          "\\\\(u[dD][89a-fA-F][0-9a-fA-F]{2}|U0000[dD][89a-fA-F][0-9a-fA-F]{2})");

  /**
   * libyaml refuses an escape that names a UTF-16 surrogate ({@code \uD800}): {@code found invalid
   * Unicode character escape code}; SnakeYAML accepts it and keeps the lone surrogate. Checked when
   * the text has such an escape and a scalar of the document holds a surrogate that did not come in
   * a well-formed pair from the UTF-8 text.
   */
  private static void checkSurrogateEscapes(String text, Node root, String file) {
    if (text.indexOf('\\') < 0) {
      return;
    }
    com.google.re2j.Matcher m = SURROGATE_ESCAPE.matcher(text);
    if (!m.find() || !holdsEscapedSurrogate(root, text)) {
      return;
    }
    int line0 = 0;
    for (int i = 0; i < m.start(); i++) {
      if (text.charAt(i) == '\n') {
        line0++;
      }
    }
    String where = line0 != 0 ? "line " + (line0 + 1) + ": " : "";
    throw new ConfigException(
        "yaml: " + where + "found invalid Unicode character escape code", file, line0 + 1);
  }

  /** Whether a scalar holds a surrogate that the text does not hold as it is. */
  private static boolean holdsEscapedSurrogate(Node n, String text) {
    if (n.kind() == Node.Kind.SCALAR) {
      String v = n.text();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (Character.isSurrogate(c)) {
          // a pair decoded from the UTF-8 text is in the text as it is
          boolean pair =
              Character.isHighSurrogate(c)
                  && i + 1 < v.length()
                  && Character.isLowSurrogate(v.charAt(i + 1));
          if (!pair || text.indexOf(v.substring(i, i + 2)) < 0) {
            return true;
          }
          i++;
        }
      }
      return false;
    }
    for (Node item : n.items()) {
      if (holdsEscapedSurrogate(item, text)) {
        return true;
      }
    }
    for (Map.Entry<Node, Node> e : n.entries()) {
      if (holdsEscapedSurrogate(e.getKey(), text) || holdsEscapedSurrogate(e.getValue(), text)) {
        return true;
      }
    }
    return false;
  }

  /**
   * A SnakeYAML syntax error in the words and numbering of go-yaml (libyaml): parser errors report
   * the 0-based line of the problem, scanner errors the 1-based one ({@code yaml.v2} {@code
   * parser.fail}).
   */
  private static ConfigException goSyntaxError(MarkedYAMLException e, String file) {
    Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    int line0 = m == null ? 0 : m.getLine();
    boolean scanner = e instanceof ScannerException;
    String problem = e.getProblem() == null ? "" : e.getProblem();
    String context = e.getContext() == null ? "" : e.getContext();
    String msg;
    if (problem.startsWith("mapping values are not allowed")) {
      msg = "mapping values are not allowed in this context";
    } else if (problem.startsWith("sequence entries are not allowed")) {
      msg = "block sequence entries are not allowed in this context";
    } else if (problem.startsWith("found character")
        && problem.contains("cannot start any token")) {
      msg = "found character that cannot start any token";
    } else if (problem.startsWith("expected ',' or ']'")) {
      msg = "did not find expected ',' or ']'";
    } else if (problem.startsWith("expected ',' or '}'")) {
      msg = "did not find expected ',' or '}'";
    } else if (problem.startsWith("expected <block end>")) {
      msg =
          context.contains("block mapping")
              ? "did not find expected key"
              : "did not find expected '-' indicator";
    } else if (problem.startsWith("could not find expected ':'")) {
      msg = "could not find expected ':'";
    } else if (problem.startsWith("found undefined alias")) {
      msg = "unknown anchor '" + problem.substring(problem.lastIndexOf(' ') + 1) + "' referenced";
    } else if (problem.startsWith("expected '<document start>'")) {
      msg = "did not find expected <document start>";
    } else if (problem.startsWith("found unknown escape character")) {
      msg = "found unknown escape character"; // SnakeYAML adds the character and its code
    } else if (problem.startsWith("expected escape sequence of")) {
      // SnakeYAML says so also for all the digits but a value that is no code point (over
      // 10FFFF); libyaml checks the digits first, then the value.
      String found = problem.substring(problem.lastIndexOf(' ') + 1);
      int want = problem.contains(" of 8 ") ? 8 : problem.contains(" of 4 ") ? 4 : 2;
      msg =
          found.length() == want && found.chars().allMatch(Documents::isHex)
              ? "found invalid Unicode character escape code"
              : "did not find expected hexdecimal number"; // libyaml's spelling
    } else if (problem.startsWith("expected the node content")) {
      msg = "did not find expected node content"; // libyaml yaml_parser_parse_node
    } else if (problem.contains("found unexpected end of stream")) {
      msg = "found unexpected end of stream";
    } else {
      msg = problem.isEmpty() ? "unknown problem parsing YAML content" : problem;
    }
    // yaml.v2 parser.fail: the problem's 0-based line (+1 for scanner errors) when it is not 0,
    // else the context's 0-based line when that is not 0, else no line at all (a problem on the
    // first line of the file has none).
    int line;
    if (e.getProblemMark() == null) {
      line = scanner ? line0 + 1 : line0;
    } else if (line0 != 0) {
      line = scanner ? line0 + 1 : line0;
    } else {
      line = e.getContextMark() == null ? 0 : e.getContextMark().getLine();
    }
    if (problem.startsWith("found undefined alias")) {
      line = 0; // yaml.v2's parser reports an unknown anchor with failf: no line
    }
    String where = line != 0 ? "line " + line + ": " : "";
    return new ConfigException("yaml: " + where + msg, file, line0 + 1);
  }

  private static Node convert(
      org.yaml.snakeyaml.nodes.Node n,
      String file,
      IdentityHashMap<org.yaml.snakeyaml.nodes.Node, Node> seen) {
    Node done = seen.get(n);
    if (done != null) {
      return done; // an alias: the same subtree again
    }
    int line = n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    int col = n.getStartMark() == null ? 0 : n.getStartMark().getColumn() + 1;
    Node out;
    if (n instanceof ScalarNode s) {
      out = scalar(s, line, col, file);
    } else if (n instanceof SequenceNode s) {
      List<Node> items = new ArrayList<>(s.getValue().size());
      for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
        items.add(convert(item, file, seen));
      }
      out = new Node(Node.Kind.SEQUENCE, "!!seq", "", line, col, items, List.of(), file);
    } else {
      MappingNode m = (MappingNode) n;
      List<Map.Entry<Node, Node>> entries = new ArrayList<>();
      for (NodeTuple t : m.getValue()) {
        Node key = convert(t.getKeyNode(), file, seen);
        Node value = convert(t.getValueNode(), file, seen);
        if (key.kind() == Node.Kind.SCALAR && key.tag().equals("!!merge")) {
          merge(entries, value);
        } else {
          entries.add(new AbstractMap.SimpleImmutableEntry<>(key, value));
        }
      }
      out =
          new Node(
              Node.Kind.MAPPING,
              "!!map",
              "",
              line,
              col,
              List.of(),
              dropMergedShadows(entries),
              file);
    }
    seen.put(n, out);
    return out;
  }

  /**
   * yaml.v2's defence against alias bombs ({@code decode.go}: {@code decoder.unmarshal}, {@code
   * allowedAliasRatio}): every node decoded counts, those decoded through an alias count as aliased
   * too, and once more than 100 aliased of more than 1,000 decoded exceed the allowed ratio (0.99
   * up to 400,000 decoded, falling to 0.10 at 4,000,000) the document is refused with {@code
   * document contains excessive aliasing}. Go counts while decoding into the config types; this
   * walk decodes every node (a merge key's mappings into the mapping that holds it, as {@code
   * decoder.merge} does), which only differs where Go stops at a type error. SnakeYAML shares an
   * aliased node: its first visit in document order is the anchor, later ones are aliases.
   */
  private static final class AliasBudget {
    private final String file;
    private final Set<org.yaml.snakeyaml.nodes.Node> defined =
        java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    private long decoded;
    private long aliased;

    AliasBudget(String file) {
      this.file = file;
    }

    void walk(org.yaml.snakeyaml.nodes.Node n, int aliasDepth) {
      if (!defined.add(n)) {
        count(aliasDepth); // the alias node itself
        aliasDepth++;
      }
      count(aliasDepth);
      if (n instanceof SequenceNode s) {
        for (org.yaml.snakeyaml.nodes.Node item : s.getValue()) {
          walk(item, aliasDepth);
        }
      } else if (n instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          org.yaml.snakeyaml.nodes.Node k = t.getKeyNode();
          org.yaml.snakeyaml.nodes.Node v = t.getValueNode();
          if (k instanceof ScalarNode sk && sk.getTag().equals(Tag.MERGE)) {
            if (v instanceof SequenceNode seq && defined.add(v)) {
              List<org.yaml.snakeyaml.nodes.Node> items = seq.getValue();
              for (int i = items.size() - 1; i >= 0; i--) {
                walk(items.get(i), aliasDepth); // earlier mappings win: Go goes backwards
              }
            } else {
              walk(v, aliasDepth);
            }
          } else {
            walk(k, aliasDepth);
            walk(v, aliasDepth);
          }
        }
      }
    }

    private void count(int aliasDepth) {
      decoded++;
      if (aliasDepth > 0) {
        aliased++;
      }
      if (aliased > 100 && decoded > 1000 && (double) aliased / decoded > allowedRatio(decoded)) {
        throw new ConfigException("yaml: document contains excessive aliasing", file, 0);
      }
    }

    private static double allowedRatio(long decoded) {
      if (decoded <= 400_000) {
        return 0.99;
      }
      if (decoded >= 4_000_000) {
        return 0.10;
      }
      return 0.99 - 0.89 * ((double) (decoded - 400_000) / 3_600_000);
    }
  }

  /** YAML merge key: the merged mapping's entries, before explicit keys that override them. */
  private static void merge(List<Map.Entry<Node, Node>> entries, Node value) {
    if (value.kind() == Node.Kind.MAPPING) {
      for (Map.Entry<Node, Node> e : value.entries()) {
        entries.add(new MergedEntry(e.getKey(), e.getValue()));
      }
    } else if (value.kind() == Node.Kind.SEQUENCE) {
      // Earlier mappings in the list win, so add them last-first and let later shadows drop.
      List<Node> items = value.items();
      for (int i = items.size() - 1; i >= 0; i--) {
        if (items.get(i).kind() == Node.Kind.MAPPING) {
          for (Map.Entry<Node, Node> e : items.get(i).entries()) {
            entries.add(new MergedEntry(e.getKey(), e.getValue()));
          }
        }
      }
    }
  }

  private static final class MergedEntry extends AbstractMap.SimpleImmutableEntry<Node, Node> {
    private static final long serialVersionUID = 1L;

    MergedEntry(Node k, Node v) {
      super(k, v);
    }
  }

  /** Merged entries give way to explicit keys and to later merged entries with the same key. */
  private static List<Map.Entry<Node, Node>> dropMergedShadows(List<Map.Entry<Node, Node>> in) {
    Set<String> explicit = new HashSet<>();
    Map<String, Integer> lastMerged = new HashMap<>();
    for (int i = 0; i < in.size(); i++) {
      String k = in.get(i).getKey().text();
      if (in.get(i) instanceof MergedEntry) {
        lastMerged.put(k, i);
      } else {
        explicit.add(k);
      }
    }
    if (lastMerged.isEmpty()) {
      return in;
    }
    List<Map.Entry<Node, Node>> out = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      Map.Entry<Node, Node> e = in.get(i);
      String k = e.getKey().text();
      if (e instanceof MergedEntry && (explicit.contains(k) || lastMerged.get(k) != i)) {
        continue;
      }
      out.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue()));
    }
    return out;
  }

  private static Node scalar(ScalarNode s, int line, int col, String file) {
    String v = s.getValue();
    if (s.getTag().equals(Tag.BINARY)) {
      return new Node(
          Node.Kind.SCALAR, "!!str", binary(v, file), line, col, List.of(), List.of(), file);
    }
    String tag;
    if (s.getScalarStyle() != org.yaml.snakeyaml.DumperOptions.ScalarStyle.PLAIN) {
      tag = explicitTag(s, "!!str");
    } else {
      Tag implicit = SNAKE_RESOLVER.resolve(NodeId.scalar, v, true);
      if (!s.getTag().equals(implicit)) {
        tag = explicitTag(s, resolvePlain(v));
      } else {
        tag = resolvePlain(v);
      }
    }
    if (tag.equals("!!null")) {
      v = "";
    }
    return new Node(Node.Kind.SCALAR, tag, v, line, col, List.of(), List.of(), file);
  }

  /**
   * A {@code !!binary} scalar as yaml.v2 hands it to a string: Go's standard base64 (padding
   * required, CR and LF skipped), the bytes taken as a Go string. Bytes that are not UTF-8 become
   * U+DC80..U+DCFF, lone surrogates that {@link GoText#quote} prints as Go's {@code \xNN} and that
   * no label name or value check accepts.
   */
  private static String binary(String text, String file) {
    String b64 = text.replace("\r", "").replace("\n", "");
    byte[] data;
    try {
      if (b64.length() % 4 != 0) {
        throw new IllegalArgumentException("padding");
      }
      data = java.util.Base64.getDecoder().decode(b64);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("yaml: !!binary value contains invalid base64 data", file, 0);
    }
    StringBuilder sb = new StringBuilder(data.length);
    int i = 0;
    while (i < data.length) {
      int n = utf8Length(data, i);
      if (n == 0) {
        sb.append((char) (0xDC00 + (data[i] & 0xFF)));
        i++;
      } else {
        sb.append(new String(data, i, n, java.nio.charset.StandardCharsets.UTF_8));
        i += n;
      }
    }
    return sb.toString();
  }

  /** The length of the valid UTF-8 sequence at {@code i} (Go's utf8.DecodeRune), or 0. */
  private static int utf8Length(byte[] b, int i) {
    int c = b[i] & 0xFF;
    if (c < 0x80) {
      return 1;
    }
    int n;
    int lo = 0x80;
    int hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      n = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80; // no overlong forms
      hi = c == 0xED ? 0x9F : 0xBF; // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      n = 4;
      lo = c == 0xF0 ? 0x90 : 0x80;
      hi = c == 0xF4 ? 0x8F : 0xBF; // nothing above U+10FFFF
    } else {
      return 0;
    }
    if (i + n > b.length) {
      return 0;
    }
    int second = b[i + 1] & 0xFF;
    if (second < lo || second > hi) {
      return 0;
    }
    for (int k = 2; k < n; k++) {
      int cont = b[i + k] & 0xFF;
      if (cont < 0x80 || cont > 0xBF) {
        return 0;
      }
    }
    return n;
  }

  private static String explicitTag(ScalarNode s, String fallback) {
    Tag t = s.getTag();
    if (t.equals(Tag.STR)) {
      return "!!str";
    }
    if (t.equals(Tag.INT)) {
      return "!!int";
    }
    if (t.equals(Tag.FLOAT)) {
      return "!!float";
    }
    if (t.equals(Tag.BOOL)) {
      return "!!bool";
    }
    if (t.equals(Tag.NULL)) {
      return "!!null";
    }
    if (t.equals(Tag.MERGE)) {
      return "!!merge";
    }
    return fallback;
  }

  /** yaml.v2's {@code resolve} for a plain scalar: its Go short tag. */
  static String resolvePlain(String in) {
    switch (in) {
      case "y",
      "Y",
      "yes",
      "Yes",
      "YES",
      "true",
      "True",
      "TRUE",
      "on",
      "On",
      "ON",
      "n",
      "N",
      "no",
      "No",
      "NO",
      "false",
      "False",
      "FALSE",
      "off",
      "Off",
      "OFF":
        return "!!bool";
      case "", "~", "null", "Null", "NULL":
        return "!!null";
      case ".nan",
      ".NaN",
      ".NAN",
      ".inf",
      ".Inf",
      ".INF",
      "+.inf",
      "+.Inf",
      "+.INF",
      "-.inf",
      "-.Inf",
      "-.INF":
        return "!!float";
      case "<<":
        return "!!merge";
      default:
        break;
    }
    char c = in.charAt(0);
    if ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.') {
      String plain = in.replace("_", "");
      if (parseGoInt(plain) != null) {
        return "!!int";
      }
      if (YAML_FLOAT.matcher(plain).matches()) {
        return "!!float";
      }
    }
    return "!!str";
  }

  /**
   * Go's {@code strconv.ParseInt(s, 0, 64)} or {@code ParseUint}, and yaml.v2's {@code 0b} binary:
   * the value, or null if {@code s} is not an integer.
   */
  public static BigInteger parseGoInt(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.startsWith("-");
      t = t.substring(1);
    }
    if (t.isEmpty()) {
      return null;
    }
    int radix = 10;
    if (t.length() > 1 && t.charAt(0) == '0') {
      char p = Character.toLowerCase(t.charAt(1));
      if (p == 'x') {
        radix = 16;
        t = t.substring(2);
      } else if (p == 'b') {
        radix = 2;
        t = t.substring(2);
      } else if (p == 'o') {
        radix = 8;
        t = t.substring(2);
      } else {
        radix = 8;
        t = t.substring(1);
      }
    }
    if (t.isEmpty()) {
      return null;
    }
    for (int i = 0; i < t.length(); i++) {
      if (Character.digit(t.charAt(i), radix) < 0) {
        return null;
      }
    }
    BigInteger v = new BigInteger(t, radix);
    if (neg) {
      v = v.negate();
    }
    if (v.bitLength() > 64 || (v.signum() < 0 && v.bitLength() > 63)) {
      return null; // out of range for int64 and uint64
    }
    return v;
  }

  /**
   * The text of a YAML file's bytes, which must be UTF-8: otherwise the error of yaml.v2's reader
   * ({@code readerc.go}, {@code yaml_parser_update_buffer}), such as {@code yaml: invalid leading
   * UTF-8 octet}; like every reader error it names no line.
   *
   * @throws ConfigException for bytes that are not UTF-8, with Go's message
   */
  public static String yamlText(byte[] bytes, String file) {
    String strict = strictUtf8(bytes);
    if (strict != null) {
      return strict;
    }
    // The reader checks character by character; the first problem wins, a control character too.
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xff;
      int width =
          b < 0x80
              ? 1
              : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
      if (width == 0) {
        throw readerError("invalid leading UTF-8 octet", file);
      }
      if (i + width > bytes.length) {
        throw readerError("incomplete UTF-8 octet sequence", file);
      }
      int value = width == 1 ? b : width == 2 ? b & 0x1F : width == 3 ? b & 0x0F : b & 0x07;
      for (int k = 1; k < width; k++) {
        int t = bytes[i + k] & 0xff;
        if ((t & 0xC0) != 0x80) {
          throw readerError("invalid trailing UTF-8 octet", file);
        }
        value = (value << 6) | (t & 0x3F);
      }
      if ((width == 2 && value < 0x80)
          || (width == 3 && value < 0x800)
          || (width == 4 && value < 0x10000)) {
        throw readerError("invalid length of a UTF-8 sequence", file);
      }
      if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
        throw readerError("invalid Unicode character", file);
      }
      boolean printable =
          value == 0x09
              || value == 0x0A
              || value == 0x0D
              || (value >= 0x20 && value <= 0x7E)
              || value == 0x85
              || (value >= 0xA0 && value <= 0xD7FF)
              || (value >= 0xE000 && value <= 0xFFFD)
              || (value >= 0x10000 && value <= 0x10FFFF);
      if (!printable && !(i == 0 && value == 0xFEFF)) {
        throw readerError("control characters are not allowed", file);
      }
      i += width;
    }
    throw new IllegalStateException("not UTF-8, yet no invalid sequence found");
  }

  private static ConfigException readerError(String problem, String file) {
    return new ConfigException("yaml: " + problem, file, 0);
  }

  /**
   * The text of a JSON file's bytes as Go's {@code encoding/json} reads them: each byte that does
   * not start a valid UTF-8 sequence becomes U+FFFD ({@code utf8.DecodeRune} returns {@code
   * RuneError, 1}), as Go does in strings, so a bad byte in a label value keeps its target.
   */
  public static String jsonText(byte[] bytes) {
    String strict = strictUtf8(bytes);
    if (strict != null) {
      return strict;
    }
    StringBuilder sb = new StringBuilder(bytes.length);
    int i = 0;
    while (i < bytes.length) {
      int b = bytes[i] & 0xff;
      int width =
          b < 0x80
              ? 1
              : b >= 0xC2 && b <= 0xDF
                  ? 2
                  : b >= 0xE0 && b <= 0xEF ? 3 : b >= 0xF0 && b <= 0xF4 ? 4 : 0;
      int cp = -1;
      if (width == 1) {
        cp = b;
      } else if (width > 1 && i + width <= bytes.length) {
        int value = width == 2 ? b & 0x1F : width == 3 ? b & 0x0F : b & 0x07;
        boolean ok = true;
        for (int k = 1; k < width && ok; k++) {
          int t = bytes[i + k] & 0xff;
          ok = (t & 0xC0) == 0x80;
          value = (value << 6) | (t & 0x3F);
        }
        boolean shortest = width == 2 || (width == 3 ? value >= 0x800 : value >= 0x10000);
        if (ok && shortest && !(value >= 0xD800 && value <= 0xDFFF) && value <= 0x10FFFF) {
          cp = value;
        }
      }
      if (cp < 0) {
        sb.append('\uFFFD');
        i++;
      } else {
        sb.appendCodePoint(cp);
        i += width;
      }
    }
    return sb.toString();
  }

  /** The bytes decoded as UTF-8, or null when they are not valid UTF-8. */
  private static String strictUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  /**
   * Parses JSON text into a node tree (strings are {@code !!str}, numbers {@code !!int} or {@code
   * !!float} with their text, and so on), with Go's {@code encoding/json} syntax errors.
   *
   * @throws ConfigException for malformed JSON, with Go's message
   */
  public static Node parseJson(String text, String file) {
    return GoJson.parse(text, file);
  }
}
