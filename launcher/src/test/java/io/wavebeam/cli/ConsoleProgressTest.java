package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.common.RunProgress;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The progress line: its parts, ETA, unknown and zero totals, the width, and when lines are written. */
class ConsoleProgressTest {
  private static final long S = 1_000_000_000L;

  @Test
  void fullLineWithBytesRateAndEta() {
    // 100 MB of 400 MB after 10 s: 25 %, 10 MB/s, 30 s left
    RunProgress p = new RunProgress("pass 1 30", "records", 12, 40, 100_000_000, 400_000_000, 1, 10 * S, false);
    assertEquals("pass 1 30: 25.0% 12/40 records, 100.0/400.0 MB, 10.0 MB/s, 0:10 elapsed, ETA 0:30, 1 failed",
        ConsoleProgress.render(p, 200));
  }

  @Test
  void etaFromItemsWhenBytesAreNotPlanned() {
    RunProgress p = new RunProgress("describe", "records", 3, 4, 0, 0, 0, 90 * S, false);
    assertEquals("describe: 75.0% 3/4 records, 1:30 elapsed, ETA 0:30, 0 failed", ConsoleProgress.render(p, 200));
  }

  @Test
  void unknownTotalHasNoPercentAndNoEta() {
    RunProgress p = new RunProgress("pass 1.5", "rows", 1234, 0, 0, 0, 0, 5 * S, false);
    assertEquals("pass 1.5: 1,234 rows, 0:05 elapsed, ETA unknown, 0 failed", ConsoleProgress.render(p, 200));
    assertEquals(-1, ConsoleProgress.fraction(p));
  }

  @Test
  void zeroDoneAndZeroElapsedDoNotDivideByZero() {
    RunProgress p = new RunProgress("pass 1 30", "records", 0, 40, 0, 400_000_000, 0, 0, false);
    assertEquals("pass 1 30: 0.0% 0/40 records, 0.0/400.0 MB, 0:00 elapsed, ETA unknown, 0 failed",
        ConsoleProgress.render(p, 200));
  }

  @Test
  void finishedIsOneHundredPercent() {
    RunProgress p = new RunProgress("pass 1 30", "records", 40, 40, 400_000_000, 400_000_000, 0, 3725 * S, true);
    assertEquals("pass 1 30: 100% 40/40 records, 400.0/400.0 MB, 0.1 MB/s, done in 1:02:05, 0 failed",
        ConsoleProgress.render(p, 200));
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

  @Test
  void linesModeWritesOneLinePerIntervalAndTheLast() {
    AtomicLong now = new AtomicLong();
    StringWriter out = new StringWriter();
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(out), ConsoleProgress.Mode.LINES, 10, 80,
        now::get);
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
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(out), ConsoleProgress.Mode.TERMINAL, 10, 40,
        now::get);
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
    ConsoleProgress progress = new ConsoleProgress(new PrintWriter(out), ConsoleProgress.Mode.OFF, 10, 80,
        System::nanoTime);
    progress.onProgress(new RunProgress("t", "records", 30, 30, 0, 0, 0, S, true));
    assertEquals("", out.toString());
  }
}
