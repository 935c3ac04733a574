package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wavebeam.common.RunProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The progress line: its parts, ETA, unknown and zero totals, the width, and when lines are written. */
class ConsoleProgressTest {
  private static final long S = 1_000_000_000L;

  /** A progress state and its whole line (the terminal wide enough for everything). */
  static Stream<Arguments> fullLines() {
    return Stream.of(
        // 100 MB of 400 MB after 10 s: 25 %, 10 MB/s, 30 s left
        arguments(new RunProgress("pass 1 30", "records", 12, 40, 100_000_000, 400_000_000, 1, 10 * S, false),
            "pass 1 30: 25.0% 12/40 records, 100.0/400.0 MB, 10.0 MB/s, 0:10 elapsed, ETA 0:30, 1 failed"),
        // bytes not planned: the ETA comes from the items
        arguments(new RunProgress("describe", "records", 3, 4, 0, 0, 0, 90 * S, false),
            "describe: 75.0% 3/4 records, 1:30 elapsed, ETA 0:30, 0 failed"),
        // an unknown total has no percentage and no ETA
        arguments(new RunProgress("pass 1.5", "rows", 1234, 0, 0, 0, 0, 5 * S, false),
            "pass 1.5: 1,234 rows, 0:05 elapsed, ETA unknown, 0 failed"),
        // nothing done after no time: no division by zero
        arguments(new RunProgress("pass 1 30", "records", 0, 40, 0, 400_000_000, 0, 0, false),
            "pass 1 30: 0.0% 0/40 records, 0.0/400.0 MB, 0:00 elapsed, ETA unknown, 0 failed"),
        // finished is 100 %, and says how long it took
        arguments(new RunProgress("pass 1 30", "records", 40, 40, 400_000_000, 400_000_000, 0, 3725 * S, true),
            "pass 1 30: 100% 40/40 records, 400.0/400.0 MB, 0.1 MB/s, done in 1:02:05, 0 failed"));
  }

  @ParameterizedTest
  @MethodSource("fullLines")
  void rendersTheWholeLine(RunProgress p, String line) {
    assertEquals(line, ConsoleProgress.render(p, 200));
  }

  @Test
  void unknownTotalHasNoFraction() {
    assertEquals(-1, ConsoleProgress.fraction(new RunProgress("pass 1.5", "rows", 1234, 0, 0, 0, 0, 5 * S, false)));
  }

  @Test
  void narrowTerminalsDropRateBytesAndElapsedFirst() {
    RunProgress p = new RunProgress("pass 1 30", "records", 12, 40, 100_000_000, 400_000_000, 1, 10 * S, false);
    String full = ConsoleProgress.render(p, 200);
    for (int width = 20; width <= full.length(); width++) {
      String line = ConsoleProgress.render(p, width);
      assertTrue(line.length() <= width, width + ": " + line);
      assertTrue(line.startsWith("pass 1 30: 25.0%") || width < "pass 1 30: 25.0% 12/40 records".length(),
          width + ": " + line);
    }
    assertEquals("pass 1 30: 25.0% 12/40 records, ETA 0:30, 1 failed", ConsoleProgress.render(p, 60));
    assertEquals("pass 1 30: 25.0% 12/40 records, ETA 0:30", ConsoleProgress.render(p, 45));
    assertEquals("pass 1 30: 25.0% 12/40 records, 0:10 elapsed, ETA 0:30, 1 failed",
        ConsoleProgress.render(p, 66));
  }

  /** A display of {@code mode} into {@code out}, a line every 10 s, {@code width} columns, time from {@code clock}. */
  static ConsoleProgress display(StringWriter out, ConsoleProgress.Mode mode, int width, LongSupplier clock) {
    return new ConsoleProgress(new PrintWriter(out), mode, 10, width, clock);
  }

  @Test
  void linesModeWritesOneLinePerIntervalAndTheLast() {
    AtomicLong now = new AtomicLong();
    StringWriter out = new StringWriter();
    ConsoleProgress progress = display(out, ConsoleProgress.Mode.LINES, 80, now::get);
    for (int second = 0; second <= 25; second++) {
      now.set(second * S);
      progress.onProgress(new RunProgress("t", "records", second, 30, 0, 0, 0, second * S, false));
    }
    now.set(26 * S);
    progress.onProgress(new RunProgress("t", "records", 30, 30, 0, 0, 0, 26 * S, true));
    progress.onProgress(new RunProgress("t", "records", 30, 30, 0, 0, 0, 27 * S, true));
    assertEquals(String.join("\n",
        "t: 0.0% 0/30 records, 0:00 elapsed, ETA unknown, 0 failed",
        "t: 33.3% 10/30 records, 0:10 elapsed, ETA 0:20, 0 failed",
        "t: 66.7% 20/30 records, 0:20 elapsed, ETA 0:10, 0 failed",
        "t: 100% 30/30 records, done in 0:26, 0 failed", ""), out.toString().replace(System.lineSeparator(), "\n"));
  }

  @Test
  void terminalModeRedrawsInPlaceAndEndsWithANewline() {
    AtomicLong now = new AtomicLong();
    StringWriter out = new StringWriter();
    ConsoleProgress progress = display(out, ConsoleProgress.Mode.TERMINAL, 40, now::get);
    progress.onProgress(new RunProgress("t", "records", 1, 30, 0, 0, 0, S, false));
    now.set(S / 10);
    progress.onProgress(new RunProgress("t", "records", 2, 30, 0, 0, 0, S, false)); // within 200 ms: skipped
    now.set(S);
    progress.onProgress(new RunProgress("t", "records", 30, 30, 0, 0, 0, 2 * S, true));
    String text = out.toString();
    assertTrue(text.startsWith("\rt: 3.3% 1/30 records, ETA 0:29"), text);
    assertFalse(text.contains("2/30"), text);
    assertTrue(text.contains("\rt: 100% 30/30 records, done in 0:02"), text);
    assertTrue(text.endsWith(System.lineSeparator()), text);
    for (String drawn : text.split("\r")) {
      assertTrue(drawn.strip().length() <= 39, drawn);
    }
  }

  @Test
  void quietShowsNothing() {
    StringWriter out = new StringWriter();
    ConsoleProgress progress = display(out, ConsoleProgress.Mode.OFF, 80, System::nanoTime);
    progress.onProgress(new RunProgress("t", "records", 30, 30, 0, 0, 0, S, true));
    assertEquals("", out.toString());
  }
}
