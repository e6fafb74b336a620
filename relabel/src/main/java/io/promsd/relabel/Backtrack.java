package io.promsd.relabel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bit-state backtracking matcher for a small subset of RE2 syntax, after Go's {@code
 * regexp/backtrack.go} (the engine Go itself picks for small programs and short inputs). It runs
 * the anchored pattern in priority order and returns the first match it finds, which is RE2's
 * leftmost-first answer, submatches included; the visited set of (instruction, position) pairs
 * keeps it linear in the input.
 *
 * <p>The subset: literal characters, {@code .}, ASCII punctuation escapes, {@code \d \D \w \W \s
 * \S}, bracket classes of characters, ranges and those escapes (negated or not), capturing,
 * non-capturing and named groups, alternation, and {@code * + ?} (greedy or lazy) on operands that
 * cannot match the empty string. Anything else ({@code {n,m}}, flags, anchors, Unicode classes,
 * POSIX classes, {@code \pL}, {@code \x41}...) makes {@link #analyze} give up, and re2j runs
 * instead. {@code RegexFastPathTest} holds this engine to re2j's answers on generated patterns.
 *
 * <p>Immutable and thread-safe; the working memory comes from a {@link Scratch}.
 */
final class Backtrack extends FastMatcher {
  // Go bounds the visited set of its backtracker the same way (maxBacktrackVector).
  private static final int MAX_VISITED_BITS = 256 * 1024;
  private static final int MAX_PROGRAM = 500;

  private static final int RUNE = 0; // one code point: arg
  private static final int CLASS = 1; // classes[pc]
  private static final int ANY = 2; // any code point
  private static final int ANY_NOT_NL = 3; // any code point but \n
  private static final int SPLIT = 4; // try out, then arg
  private static final int SAVE = 5; // caps[arg] = position
  private static final int MATCH = 6; // accept at the end of the input

  private final int[] op;
  private final int[] out;
  private final int[] arg;
  private final CharClass[] classes;
  private final int start;
  private final int groups;
  private final int maxLength; // longest input the visited set is sized for

  private Backtrack(int[] op, int[] out, int[] arg, CharClass[] classes, int start, int groups) {
    this.op = op;
    this.out = out;
    this.arg = arg;
    this.classes = classes;
    this.start = start;
    this.groups = groups;
    this.maxLength = MAX_VISITED_BITS / op.length - 1;
  }

  /** The matcher for the unanchored pattern text, or null outside the subset. */
  static Backtrack analyze(String re, boolean dotNl) {
    Node root;
    Parser p = new Parser(re);
    try {
      root = p.parseAlternation();
      if (p.i != re.length()) {
        return null; // an unmatched ")": not ours
      }
    } catch (GiveUp e) {
      return null;
    }
    Compiler c = new Compiler(dotNl);
    int match = c.emit(MATCH, -1, 0, null);
    int entry = c.compile(root, match);
    if (c.op.size() > MAX_PROGRAM) {
      return null;
    }
    return new Backtrack(
        c.op.stream().mapToInt(Integer::intValue).toArray(),
        c.out.stream().mapToInt(Integer::intValue).toArray(),
        c.arg.stream().mapToInt(Integer::intValue).toArray(),
        c.classes.toArray(new CharClass[0]),
        entry,
        p.groups);
  }

  @Override
  int groupCount() {
    return groups;
  }

  @Override
  boolean handles(CharSequence s) {
    return s.length() <= maxLength;
  }

  @Override
  boolean matches(CharSequence s, Scratch sc) {
    return run(s, sc == null ? new Scratch() : sc, false);
  }

  @Override
  boolean submatch(CharSequence s, Scratch sc) {
    return run(s, sc, true);
  }

  /**
   * Depth-first search in priority order from (start, 0); the first MATCH at the end of the input
   * wins. The stack holds pending branches (pc, pos) and capture restores (-1 - slot, old value).
   */
  private boolean run(CharSequence s, Scratch sc, boolean wantCaps) {
    int n = s.length();
    int stride = n + 1;
    long[] visited = sc.visited((op.length * stride + 63) >>> 6);
    int[] caps = sc.caps(2 * (groups + 1));
    int[] stack = sc.stack;
    int sp = 0;
    stack[sp++] = start;
    stack[sp++] = 0;
    while (sp > 0) {
      int pos = stack[--sp];
      int pc = stack[--sp];
      if (pc < 0) {
        caps[-1 - pc] = pos; // undo a SAVE on the way back
        continue;
      }
      while (true) {
        int bit = pc * stride + pos;
        long mask = 1L << bit;
        if ((visited[bit >>> 6] & mask) != 0) {
          break;
        }
        visited[bit >>> 6] |= mask;
        int o = op[pc];
        if (o <= ANY_NOT_NL) {
          if (pos >= n) {
            break;
          }
          char ch = s.charAt(pos);
          int cp = ch;
          int width = 1;
          if (Character.isHighSurrogate(ch)
              && pos + 1 < n
              && Character.isLowSurrogate(s.charAt(pos + 1))) {
            cp = Character.toCodePoint(ch, s.charAt(pos + 1));
            width = 2;
          }
          boolean ok =
              switch (o) {
                case RUNE -> cp == arg[pc];
                case CLASS -> classes[pc].contains(cp);
                case ANY -> true;
                default -> cp != '\n';
              };
          if (!ok) {
            break;
          }
          pos += width;
          pc = out[pc];
        } else if (o == SPLIT) {
          if (sp + 2 > stack.length) {
            stack = sc.growStack();
          }
          stack[sp++] = arg[pc];
          stack[sp++] = pos;
          pc = out[pc];
        } else if (o == SAVE) {
          if (wantCaps) {
            if (sp + 2 > stack.length) {
              stack = sc.growStack();
            }
            int slot = arg[pc];
            stack[sp++] = -1 - slot;
            stack[sp++] = caps[slot];
            caps[slot] = pos;
          }
          pc = out[pc];
        } else { // MATCH
          if (pos != n) {
            break;
          }
          caps[0] = 0;
          caps[1] = n;
          return true;
        }
      }
    }
    return false;
  }

  /** Thrown by the parser when the pattern leaves the subset. */
  private static final class GiveUp extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final GiveUp INSTANCE = new GiveUp();

    private GiveUp() {
      super(null, null, false, false);
    }
  }

  private sealed interface Node permits Empty, Rune, Cls, Any, Cat, Alt, Repeat, Group {}

  private record Empty() implements Node {}

  private record Rune(int cp) implements Node {}

  private record Cls(CharClass cc) implements Node {}

  private record Any() implements Node {}

  private record Cat(List<Node> items) implements Node {}

  private record Alt(List<Node> items) implements Node {}

  private record Repeat(Node sub, char kind, boolean greedy) implements Node {}

  private record Group(int index, Node sub) implements Node {}

  private static boolean nullable(Node n) {
    if (n instanceof Empty) {
      return true;
    }
    if (n instanceof Cat c) {
      return c.items.stream().allMatch(Backtrack::nullable);
    }
    if (n instanceof Alt a) {
      return a.items.stream().anyMatch(Backtrack::nullable);
    }
    if (n instanceof Repeat r) {
      return r.kind != '+' || nullable(r.sub);
    }
    if (n instanceof Group g) {
      return nullable(g.sub);
    }
    return false;
  }

  /** Recursive descent over the subset; throws {@link GiveUp} on anything else. */
  private static final class Parser {
    private static final int MAX_DEPTH = 100; // keeps the recursion here and in compile shallow

    private final String re;
    int i;
    int groups;
    private int depth;

    Parser(String re) {
      this.re = re;
    }

    private boolean at(char c) {
      return i < re.length() && re.charAt(i) == c;
    }

    Node parseAlternation() {
      List<Node> alts = new ArrayList<>();
      alts.add(parseConcat());
      while (at('|')) {
        i++;
        alts.add(parseConcat());
      }
      return alts.size() == 1 ? alts.get(0) : new Alt(alts);
    }

    private Node parseConcat() {
      List<Node> items = new ArrayList<>();
      while (i < re.length() && !at('|') && !at(')')) {
        items.add(parseRepeat());
      }
      if (items.isEmpty()) {
        return new Empty();
      }
      return items.size() == 1 ? items.get(0) : new Cat(items);
    }

    private Node parseRepeat() {
      Node atom = parseAtom();
      if (i < re.length() && "*+?".indexOf(re.charAt(i)) >= 0) {
        char kind = re.charAt(i++);
        boolean greedy = true;
        if (at('?')) {
          greedy = false;
          i++;
        }
        if (i < re.length() && "*+?{".indexOf(re.charAt(i)) >= 0) {
          throw GiveUp.INSTANCE; // nested repetition: Go's error, leave it to re2j
        }
        if (nullable(atom)) {
          throw GiveUp.INSTANCE; // empty-width loops: RE2's special cases, not ours
        }
        return new Repeat(atom, kind, greedy);
      }
      if (at('{')) {
        throw GiveUp.INSTANCE;
      }
      return atom;
    }

    private Node parseAtom() {
      int c = re.codePointAt(i);
      switch (c) {
        case '(':
          return parseGroup();
        case '[':
          return new Cls(parseClass());
        case '.':
          i++;
          return new Any();
        case '\\':
          {
            int e = escapedAt(i + 1);
            if (perlClass(e) != null) {
              i += 2;
              return new Cls(CharClass.of(perlClass(e), Character.isUpperCase(e)));
            }
            i += 2;
            return new Rune(punctuation(e));
          }
        case '*', '+', '?', '{', '}', '^', '$', '|', ')':
          throw GiveUp.INSTANCE;
        default:
          i += Character.charCount(c);
          return new Rune(c);
      }
    }

    private Node parseGroup() {
      if (++depth > MAX_DEPTH) {
        throw GiveUp.INSTANCE;
      }
      int index = -1;
      if (re.startsWith("(?:", i)) {
        i += 3;
      } else if (re.startsWith("(?P<", i) || re.startsWith("(?<", i)) {
        int nameStart = i + (re.charAt(i + 2) == 'P' ? 4 : 3);
        int nameEnd = re.indexOf('>', nameStart);
        if (nameEnd <= nameStart) {
          throw GiveUp.INSTANCE;
        }
        for (int k = nameStart; k < nameEnd; k++) {
          char ch = re.charAt(k);
          if (!(ch == '_'
              || (ch >= '0' && ch <= '9')
              || ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z'))) {
            throw GiveUp.INSTANCE;
          }
        }
        index = ++groups;
        i = nameEnd + 1;
      } else if (re.startsWith("(?", i)) {
        throw GiveUp.INSTANCE; // flags
      } else {
        index = ++groups;
        i++;
      }
      Node sub = parseAlternation();
      if (!at(')')) {
        throw GiveUp.INSTANCE;
      }
      i++;
      depth--;
      return index < 0 ? sub : new Group(index, sub);
    }

    private CharClass parseClass() {
      i++; // [
      boolean negated = false;
      if (at('^')) {
        negated = true;
        i++;
      }
      List<int[]> ranges = new ArrayList<>();
      boolean first = true;
      while (true) {
        if (i >= re.length()) {
          throw GiveUp.INSTANCE;
        }
        int c = re.codePointAt(i);
        if (c == ']' && !first) {
          i++;
          break;
        }
        first = false;
        if (c == '[') {
          throw GiveUp.INSTANCE; // POSIX classes and the like
        }
        if (c == '\\') {
          int e = escapedAt(i + 1);
          int[][] perl = perlClass(e);
          if (perl != null) {
            i += 2;
            CharClass.addAll(ranges, perl, Character.isUpperCase(e));
            continue;
          }
        }
        int lo = classChar();
        int hi = lo;
        if (at('-') && i + 1 < re.length() && re.charAt(i + 1) != ']') {
          i++;
          hi = classChar();
          if (hi < lo) {
            throw GiveUp.INSTANCE;
          }
        }
        ranges.add(new int[] {lo, hi});
      }
      return CharClass.of(ranges.toArray(new int[0][]), negated);
    }

    /** One character of a class (a literal or an escaped punctuation character). */
    private int classChar() {
      int c = re.codePointAt(i);
      if (c == '\\') {
        int e = escapedAt(i + 1);
        i += 2;
        return punctuation(e);
      }
      if (c == '[') {
        throw GiveUp.INSTANCE;
      }
      i += Character.charCount(c);
      return c;
    }

    private int escapedAt(int k) {
      if (k >= re.length()) {
        throw GiveUp.INSTANCE;
      }
      return re.charAt(k);
    }

    /** Go: a backslash before ASCII punctuation means that character. */
    private static int punctuation(int e) {
      if (e > ' ' && e < 0x7f && !Character.isLetterOrDigit(e)) {
        return e;
      }
      throw GiveUp.INSTANCE; // \n, \x41, \pL, \Q, \b, \A...: re2j's job
    }

    private static final int[][] DIGIT = {{'0', '9'}};
    private static final int[][] SPACE = {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}};
    private static final int[][] WORD = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};

    /** RE2's ASCII Perl classes, for the letter after a backslash; null for other letters. */
    private static int[][] perlClass(int e) {
      return switch (e) {
        case 'd', 'D' -> DIGIT;
        case 's', 'S' -> SPACE;
        case 'w', 'W' -> WORD;
        default -> null;
      };
    }
  }

  /**
   * Emits instructions back to front: each node is compiled knowing the instruction that follows
   * it, and returns its entry. The priority of the branches of SPLIT is what makes the answer
   * leftmost-first; the layout does not matter.
   */
  private static final class Compiler {
    final List<Integer> op = new ArrayList<>();
    final List<Integer> out = new ArrayList<>();
    final List<Integer> arg = new ArrayList<>();
    final List<CharClass> classes = new ArrayList<>();
    private final boolean dotNl;

    Compiler(boolean dotNl) {
      this.dotNl = dotNl;
    }

    int emit(int o, int next, int a, CharClass cc) {
      op.add(o);
      out.add(next);
      arg.add(a);
      classes.add(cc);
      return op.size() - 1;
    }

    int compile(Node n, int next) {
      if (op.size() > MAX_PROGRAM) {
        return next; // abandoned by the caller
      }
      if (n instanceof Empty) {
        return next;
      }
      if (n instanceof Rune r) {
        return emit(RUNE, next, r.cp, null);
      }
      if (n instanceof Cls c) {
        return emit(CLASS, next, 0, c.cc);
      }
      if (n instanceof Any) {
        return emit(dotNl ? ANY : ANY_NOT_NL, next, 0, null);
      }
      if (n instanceof Cat c) {
        int entry = next;
        for (int k = c.items.size() - 1; k >= 0; k--) {
          entry = compile(c.items.get(k), entry);
        }
        return entry;
      }
      if (n instanceof Alt a) {
        int entry = compile(a.items.get(a.items.size() - 1), next);
        for (int k = a.items.size() - 2; k >= 0; k--) {
          int branch = compile(a.items.get(k), next);
          entry = emit(SPLIT, branch, entry, null);
        }
        return entry;
      }
      if (n instanceof Group g) {
        int close = emit(SAVE, next, 2 * g.index + 1, null);
        int body = compile(g.sub, close);
        return emit(SAVE, body, 2 * g.index, null);
      }
      Repeat r = (Repeat) n;
      if (r.kind == '?') {
        int body = compile(r.sub, next);
        return r.greedy ? emit(SPLIT, body, next, null) : emit(SPLIT, next, body, null);
      }
      // x* is L: split(x then L, next); x+ is x then L.
      int loop = emit(SPLIT, -1, -1, null);
      int body = compile(r.sub, loop);
      out.set(loop, r.greedy ? body : next);
      arg.set(loop, r.greedy ? next : body);
      return r.kind == '*' ? loop : body;
    }
  }

  /** A set of code points: a bitmap for ASCII, sorted disjoint ranges above. */
  static final class CharClass {
    private final long low; // 0..63
    private final long high; // 64..127
    private final int[] ranges; // [lo0, hi0, lo1, hi1, ...] for code points >= 128

    private CharClass(long low, long high, int[] ranges) {
      this.low = low;
      this.high = high;
      this.ranges = ranges;
    }

    static void addAll(List<int[]> into, int[][] ranges, boolean negated) {
      if (!negated) {
        into.addAll(Arrays.asList(ranges));
        return;
      }
      int next = 0;
      for (int[] r : ranges) {
        if (r[0] > next) {
          into.add(new int[] {next, r[0] - 1});
        }
        next = r[1] + 1;
      }
      into.add(new int[] {next, Character.MAX_CODE_POINT});
    }

    static CharClass of(int[][] ranges, boolean negated) {
      int[][] sorted = ranges.clone();
      Arrays.sort(sorted, (a, b) -> Integer.compare(a[0], b[0]));
      List<int[]> merged = new ArrayList<>();
      for (int[] r : sorted) {
        int[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
        if (last != null && r[0] <= last[1] + 1) {
          last[1] = Math.max(last[1], r[1]);
        } else {
          merged.add(new int[] {r[0], r[1]});
        }
      }
      List<int[]> set = new ArrayList<>();
      addAll(set, merged.toArray(new int[0][]), negated);
      long low = 0;
      long high = 0;
      List<Integer> above = new ArrayList<>();
      for (int[] r : set) {
        for (int c = r[0]; c <= Math.min(r[1], 127); c++) {
          if (c < 64) {
            low |= 1L << c;
          } else {
            high |= 1L << (c - 64);
          }
        }
        if (r[1] >= 128) {
          above.add(Math.max(r[0], 128));
          above.add(r[1]);
        }
      }
      return new CharClass(low, high, above.stream().mapToInt(Integer::intValue).toArray());
    }

    boolean contains(int cp) {
      if (cp < 64) {
        return (low >>> cp & 1) != 0;
      }
      if (cp < 128) {
        return (high >>> (cp - 64) & 1) != 0;
      }
      for (int k = 0; k < ranges.length; k += 2) {
        if (cp < ranges[k]) {
          return false;
        }
        if (cp <= ranges[k + 1]) {
          return true;
        }
      }
      return false;
    }
  }
}
