package io.promsd.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * The command line builds only the subcommand it is asked for, and all of them otherwise; what a
 * user sees must not depend on which: the usage a subcommand prints, the list of commands in the
 * top-level help, and the error for an unknown command.
 */
class SubcommandsTest {
  @Test
  void aNamedSubcommandIsBuiltAlone() {
    assertThat(Main.commandLine("targets").getSubcommands().keySet()).containsExactly("targets");
    assertThat(Main.commandLine("check").getSubcommands().get("check").getSubcommands())
        .containsKeys("config", "service-discovery");
  }

  @Test
  void anythingElseGetsEverySubcommandInOrder() {
    for (String first : new String[] {"", "help", "--help", "-V", "tagrets"}) {
      assertThat(Main.commandLine(first).getSubcommands().keySet())
          .as(first)
          .containsExactly("targets", "check", "test", "serve", "pushgateway", "help");
    }
  }

  @Test
  void aSubcommandsUsageIsTheSameAloneAsAmongTheOthers() {
    for (String name : new String[] {"targets", "check", "test", "serve", "pushgateway"}) {
      StringWriter alone = new StringWriter();
      Main.commandLine(name).getSubcommands().get(name).usage(new PrintWriter(alone));
      StringWriter among = new StringWriter();
      Main.commandLine("").getSubcommands().get(name).usage(new PrintWriter(among));
      assertThat(alone.toString()).as(name).isEqualTo(among.toString()).isNotEmpty();
    }
  }

  @Test
  void badOptionsAndUnknownCommandsReadAsBefore() {
    String[] bad = run("targets", "p.yml", "--no-such-option");
    assertThat(bad[0]).isEqualTo("2");
    assertThat(bad[1])
        .startsWith("Unknown option: '--no-such-option'")
        .contains("Usage: promsd targets");
    String[] unknown = run("tagrets");
    assertThat(unknown[0]).isEqualTo("2");
    assertThat(unknown[1]).contains("tagrets").contains("targets");
  }

  private static String[] run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
    return new String[] {Integer.toString(code), err.toString(), out.toString()};
  }
}
