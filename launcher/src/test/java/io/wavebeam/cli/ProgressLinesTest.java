package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Progress as a log shows it (stderr not a terminal): plain lines with growing counts, then a last line at
 * 100 %. CliRun's stderr is a StringWriter and surefire has no console, so this is the log mode.
 */
class ProgressLinesTest {
  /** "task: 42.0% 3/8 records, 12.5/30.0 MB, ..." */
  private static final Pattern LINE =
      Pattern.compile("^(?<task>[^:]+): (?<pct>[0-9.]+)% (?<done>[0-9,]+)/(?<planned>[0-9,]+) \\w+, (?<mb>[0-9.]+)/");

  @TempDir Path temp;

  @Test
  void generateShowsGrowingProgressThenOneHundredPercent() {
    // ~60 MB: several seconds of writing, so the 1-second poller reports more than once
    CliRun run = CliRun.run("generate", "--output", temp.toString(), "--records", "4", "--segments", "2",
        "--seconds", "18000", "--progress-interval", "1");
    assertEquals(0, run.exit(), run.toString());
    assertGrowingThenDone(run, "generate");
  }

  @Test
  void quietGenerateShowsNoProgress() {
    CliRun run = CliRun.run("generate", "--output", temp.toString(), "--records", "1", "--segments", "1",
        "--seconds", "10", "--quiet");
    assertEquals(0, run.exit(), run.toString());
    assertEquals("", run.err(), run.toString());
  }

  @Test
  void runPass1ShowsGrowingProgressThenOneHundredPercent() {
    Path data = temp.resolve("data");
    // ~420 MB read by one worker: on a quiet machine 210 MB over two workers took 0.6 s, one poll before the end
    CliRun generated = CliRun.run("generate", "--output", data.toString(), "--records", "6", "--segments", "3",
        "--seconds", "60000", "--quiet");
    assertEquals(0, generated.exit(), generated.toString());
    CliRun run = CliRun.run("run", "pass1", "--input", data.resolve("30").toString(), "--output",
        temp.resolve("out").toString(), "--parallelism", "1", "--progress-interval", "0.2");
    assertEquals(0, run.exit(), run.toString());
    assertGrowingThenDone(run, "pass1 30");
  }

  private static void assertGrowingThenDone(CliRun run, String task) {
    List<String> lines = run.err().lines().filter(l -> l.startsWith(task + ": ")).toList();
    assertTrue(lines.size() >= 3, "at least two progress lines and a last one\n" + run);
    double lastMb = -1;
    long lastDone = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = LINE.matcher(lines.get(i));
      assertTrue(m.find(), lines.get(i));
      double mb = Double.parseDouble(m.group("mb"));
      long done = Long.parseLong(m.group("done").replace(",", ""));
      assertTrue(mb >= lastMb && done >= lastDone, "counts never go back: " + lines);
      lastMb = mb;
      lastDone = done;
    }
    // two lines before the last with different, growing byte counts: progress moved while the run went on
    long distinctBefore = lines.subList(0, lines.size() - 1).stream().map(l -> {
      Matcher m = LINE.matcher(l);
      assertTrue(m.find(), l);
      return m.group("mb");
    }).distinct().count();
    assertTrue(distinctBefore >= 2, "progress moved during the run: " + lines);
    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith(task + ": 100% "), last);
    assertTrue(last.contains("done in "), last);
    Matcher m = LINE.matcher(last);
    assertTrue(m.find());
    assertEquals(m.group("planned"), m.group("done"), last);
  }
}
