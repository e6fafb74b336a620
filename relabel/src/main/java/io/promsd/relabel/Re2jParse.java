package io.promsd.relabel;

import com.google.re2j.PatternSyntaxException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;

/**
 * re2j's parser without its compiler: {@code Pattern.compile} parses, simplifies and compiles in
 * one call, and simplifying expands counted repeats ({@code ((a{100}){100}){100}} becomes a million
 * copies), so a pattern beyond Go's limits must be refused after parsing and before compiling.
 * re2j's {@code Parser.parse} (package-private, reached reflectively as {@link Re2jFolds} reaches
 * its tables) is linear in the pattern and throws the same {@link PatternSyntaxException} that
 * compiling would.
 */
final class Re2jParse {
  private Re2jParse() {}

  // Pattern.compile(re) parses with RE2.PERL: CLASS_NL | ONE_LINE | PERL_X | UNICODE_GROUPS.
  private static final int PERL_FLAGS = 4 | 16 | 64 | 128;

  private static final MethodHandle PARSE = find();

  private static MethodHandle find() {
    try {
      Class<?> parser = Class.forName("com.google.re2j.Parser");
      Method m = parser.getDeclaredMethod("parse", String.class, int.class);
      m.setAccessible(true);
      return MethodHandles.lookup()
          .unreflect(m)
          .asType(MethodType.methodType(Object.class, String.class, int.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null; // a re2j laid out differently: fall back to compiling (see check)
    }
  }

  /**
   * Throws what {@code Pattern.compile(re)} would throw for a syntax error, without compiling.
   * Where re2j's parser cannot be reached, it compiles instead (correct, but without the bound).
   */
  static void check(String re) {
    if (PARSE == null) {
      com.google.re2j.Pattern.compile(re);
      return;
    }
    try {
      Object unused = PARSE.invokeExact(re, PERL_FLAGS);
    } catch (PatternSyntaxException | Error e) {
      throw e;
    } catch (RuntimeException e) {
      // An internal failure of the parser: let the compiler have its say.
      com.google.re2j.Pattern.compile(re);
    } catch (Throwable e) {
      throw new IllegalStateException("re2j parser", e);
    }
  }
}
