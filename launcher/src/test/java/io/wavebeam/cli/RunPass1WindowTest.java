package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wavebeam run pass1 --window}: the worked example of the README, and bad windows as usage errors. */
class RunPass1WindowTest {
  static final Path TESTDATA = Path.of(System.getProperty("basedir", ".")).resolve("../testdata/30").normalize();

  @Test
  void fiveMinuteClockWindows(@TempDir Path out) throws Exception {
    CliRun run = CliRun.run("run", "pass1", "--input", TESTDATA.toString(), "--output", out.toString(),
        "--window", "5m", "--window-align", "clock", "--parallelism", "2");
    assertEquals(0, run.exit(), run.toString());
    List<String> lines = Files.readAllLines(out.resolve("ws_df_windows.json"));
    assertTrue(lines.size() > 50, "rows: " + lines.size());
    ObjectMapper json = new ObjectMapper();
    int partial = 0;
    for (String line : lines) {
      JsonNode row = json.readTree(line);
      assertEquals(300, row.get("window_s").asInt());
      LocalDateTime start = LocalDateTime.parse(row.get("window_start").asText());
      assertEquals(0, start.getMinute() % 5, line);
      assertEquals(0, start.getSecond(), line);
      partial += row.get("window_offset_s").asDouble() < 0 ? 1 : 0;
    }
    assertTrue(partial > 0, "the first window of a record starting off the clock is partial");
    assertTrue(Files.exists(out.resolve("ws_df_group.json")));
  }

  @Test
  void badWindowsAreUsageErrors(@TempDir Path out) {
    CliRun bad = CliRun.run("run", "pass1", "--input", TESTDATA.toString(), "--output", out.toString(),
        "--window", "5x");
    assertEquals(2, bad.exit(), bad.toString());
    assertTrue(bad.err().contains("window '5x' is not a duration"), bad.toString());
    assertFalse(bad.err().contains("Exception"), bad.toString());
    CliRun align = CliRun.run("run", "pass1", "--input", TESTDATA.toString(), "--output", out.toString(),
        "--window-align", "clock");
    assertEquals(2, align.exit(), align.toString());
    assertTrue(align.err().contains("--window-align needs --window"), align.toString());
    CliRun what = CliRun.run("run", "pass1", "--input", TESTDATA.toString(), "--output", out.toString(),
        "--window", "1m", "--window-align", "noon");
    assertEquals(2, what.exit(), what.toString());
    assertTrue(what.err().contains("must be start or clock"), what.toString());
    assertFalse(Files.exists(out.resolve("ws_df_group.json")), "nothing runs after a usage error");
  }
}
