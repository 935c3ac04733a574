package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** {@code --help} on every command and command group: exit 0, within the width, no word or URI split. */
class HelpTextTest {
  /**
   * The last word of a line that ends inside a file name or a dotted word ({@code ws_df_group.}, {@code (e.});
   * abbreviations with a dot inside ({@code e.g.}) are whole words.
   */
  private static final Pattern DOTTED_WORD_END = Pattern.compile("[^.]*[\\w)]\\.");

  /** A command list entry: its name, then at least two spaces (prose has single spaces). */
  private static final Pattern NEW_LIST_ENTRY = Pattern.compile("\\S+ {2,}\\S");

  /** Every command path below {@code wavebeam}, the root included (empty list). */
  static List<List<String>> commandPaths() {
    List<List<String>> paths = new ArrayList<>();
    collect(WavebeamCommand.commandLine(), new ArrayList<>(), paths);
    return paths;
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> out) {
    out.add(List.copyOf(path));
    for (var e : cli.getSubcommands().entrySet()) {
      path.add(e.getKey());
      collect(e.getValue(), path, out);
      path.remove(path.size() - 1);
    }
  }

  static CliRun help(int width, List<String> path) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = WavebeamCommand.commandLine();
    cli.setUsageHelpAutoWidth(false);
    cli.setUsageHelpWidth(width);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> args = new ArrayList<>(path);
    args.add("--help");
    int exit = cli.execute(args.toArray(String[]::new));
    return new CliRun(exit, out.toString(), err.toString());
  }

  @Test
  void theTreeHasEveryCommand() {
    List<String> names = commandPaths().stream().map(p -> String.join(" ", p)).toList();
    for (String expected : List.of("", "describe", "run", "run pass1", "run pass1p5", "generate", "launch",
        "launch pass1", "launch pass1p5", "container", "report", "help")) {
      assertTrue(names.contains(expected), "missing command '" + expected + "' in " + names);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {80, 100, 132})
  void helpOfEveryCommandExitsZeroAndWrapsAtSpaces(int width) {
    for (List<String> path : commandPaths()) {
      CliRun run = help(width, path);
      String what = "wavebeam " + String.join(" ", path) + " --help at width " + width + "\n" + run;
      assertEquals(0, run.exit(), what);
      assertEquals("", run.err(), what);
      assertTrue(run.out().contains("Usage: wavebeam"), what);
      List<String> problems = brokenLines(run.out(), width);
      assertTrue(problems.isEmpty(), problems + "\n" + what);
    }
  }

  @Test
  void everyCommandListEntryIsAWholeSentence() {
    for (List<String> path : commandPaths()) {
      CliRun run = help(80, path);
      String[] lines = run.out().split("\n");
      int start = List.of(lines).indexOf("Commands:");
      if (start < 0) {
        continue;
      }
      List<String> entries = new ArrayList<>();
      for (int i = start + 1; i < lines.length; i++) {
        if (lines[i].startsWith("  ") && !lines[i].startsWith("    ")) {
          entries.add(lines[i].strip());
        } else if (!entries.isEmpty() && lines[i].startsWith("    ")) {
          entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + lines[i].strip());
        }
      }
      assertFalse(entries.isEmpty(), run.toString());
      for (String entry : entries) {
        assertTrue(entry.endsWith("."), "cut summary in the command list of '" + path + "': " + entry);
      }
    }
  }

  @Test
  void theCheckCatchesPicocliStyleBreaks() {
    assertFalse(brokenLines("uploaded to s3:\n  //B/prefix/\n", 80).isEmpty());
    assertFalse(brokenLines("a Hive-style waveform_summary.\n  parquet/group=NAME/\n", 80).isEmpty());
    assertFalse(brokenLines("(e.\n  g. records/100)\n", 80).isEmpty());
    assertFalse(brokenLines("a variable-\n  layout master header\n", 80).isEmpty());
    assertFalse(brokenLines("x".repeat(81) + "\n", 80).isEmpty());
    assertFalse(brokenLines("x".repeat(80) + "\n  yyy\n", 80).isEmpty());
    assertTrue(brokenLines("with or without the .hea suffix (e.g.\n  records/100).\n", 80).isEmpty());
    assertTrue(brokenLines("Reads a record.\n  Then it prints.\n", 80).isEmpty());
    assertTrue(brokenLines("  describe   Reads a record.\n  run        Runs a job.\n", 80).isEmpty());
  }

  @Test
  void namesMatchTheReadme() {
    assertTrue(help(80, List.of("launch", "pass1p5")).out().contains("wb-<ID>-p1p5 (pass 1.5)"));
    assertTrue(help(80, List.of("generate")).out().contains(GenerateCommand.EXAMPLE_SIZE));
  }

  /** Lines that are too long or end where a word, file name or URI goes on in the next line. */
  static List<String> brokenLines(String text, int width) {
    List<String> problems = new ArrayList<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String a = lines[i];
      if (a.length() > width) {
        problems.add("longer than " + width + ": " + a);
      }
      if (i + 1 >= lines.length || a.isBlank() || lines[i + 1].isBlank()) {
        continue;
      }
      String b = lines[i + 1].strip();
      String lastWord = a.substring(a.lastIndexOf(' ') + 1);
      String pair = "'" + a + "' / '" + b + "'";
      if (a.endsWith("-") || a.endsWith("[") || a.endsWith("=") || a.endsWith("_")) {
        problems.add("broken inside a word: " + pair);
      } else if (a.endsWith(":") && b.startsWith("//")) {
        problems.add("broken inside a URI: " + pair);
      } else if (DOTTED_WORD_END.matcher(lastWord).matches() && Character.isLowerCase(b.charAt(0))
          && !NEW_LIST_ENTRY.matcher(b).lookingAt()) {
        problems.add("broken after a dot: " + pair);
      } else if (a.length() >= width && Character.isLetterOrDigit(a.charAt(a.length() - 1))
          && Character.isLetterOrDigit(b.charAt(0))) {
        problems.add("cut at the width: " + pair);
      }
    }
    return problems;
  }
}
