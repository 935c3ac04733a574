package io.wavebeam.pipeline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.wfdb.TestFolders;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wavebeam.pipeline.FeatureValues;
import io.wavebeam.pipeline.Pass1Options;
import io.wavebeam.pipeline.Pass1Pipeline;
import io.wavebeam.pipeline.Pass1Result;
import io.wavebeam.pipeline.WriteGroupOutput;
import io.wavebeam.wfdb.HeaderParser;
import io.wavebeam.wfdb.RecordHeader;
import io.wavebeam.wfdb.SampleReader;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run pass1 --window} on the bundled testdata/30 (plus a broken record) on the DirectRunner and the
 * SparkRunner: every windowed row against the record's samples decoded by the reader's own multi-segment reader
 * (not the windows engine's segment-by-segment reading), windows placed with exact decimal arithmetic.
 */
class WindowedPass1Test {
  static final ObjectMapper ROWS = WriteGroupOutput.mapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
  /** The row read with its features nested (Jackson 2.15 cannot read an unwrapped creator parameter). */
  abstract static class NestedFeatures {
    @JsonUnwrapped(enabled = false)
    abstract FeatureValues features();
  }

  static final ObjectMapper NESTED_ROWS = ROWS.copy().addMixIn(WindowRow.class, NestedFeatures.class);
  static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  @TempDir static Path temp;
  static Path group;
  /** The windowed run on the DirectRunner that most tests read. */
  static Run direct;

  /** A pass-1 run and the folder it wrote. */
  record Run(Path out, Pass1Result result) {}

  @BeforeAll
  static void runDirect() throws IOException {
    group = temp.resolve("30");
    Path testdata = Path.of(System.getProperty("basedir", ".")).resolve("../testdata/30").normalize();
    TestFolders.copyTree(testdata, group);
    // a master header whose segment is missing: the record fails, the others are written
    Path broken = Files.createDirectories(group.resolve("3000009"));
    Files.writeString(broken.resolve("3000009.hea"), "3000009/2 1 125 200\n3000009_0001 100\n3000009_0002 100\n");
    Path out = temp.resolve("out-direct");
    direct = new Run(out, Pass1Pipeline.run(windowed(out, io.wavebeam.common.RunnerKind.DIRECT, "1m", "clock")));
  }

  static Pass1Options windowed(Path out, io.wavebeam.common.RunnerKind runner, String window, String align) {
    Pass1Options options = Pass1Pipeline.options(group, out, null, runner, 2);
    WindowOptions w = options.as(WindowOptions.class);
    w.setWindow(window);
    w.setWindowAlign(align);
    return options;
  }

  @Test
  void everyWindowedRowMatchesTheDecodedRecord() throws IOException {
    List<WindowRow> rows = rows(direct.out());
    Map<String, List<WindowRow>> byRecord = new HashMap<>();
    for (WindowRow r : rows) {
      byRecord.computeIfAbsent(r.record(), k -> new ArrayList<>()).add(r);
    }
    // three waveform records and their numerics records; the broken one has no row
    assertEquals(List.of("3000000", "3000000n", "3000001", "3000001n", "3000002", "3000002n"),
        byRecord.keySet().stream().sorted().toList());
    long checked = 0;
    for (String id : new String[] {"3000000", "3000001", "3000002"}) {
      checked += check(group.resolve(id).resolve(id + ".hea"), byRecord.get(id));
      checked += check(group.resolve(id).resolve(id + "n.hea"), byRecord.get(id + "n"));
    }
    assertEquals(rows.size(), checked);
    assertTrue(checked > 100, "rows checked: " + checked);
  }

  @Test
  void rowsAreSortedByRecordSignalAndWindow() throws IOException {
    List<WindowRow> rows = rows(direct.out());
    List<WindowRow> sorted = new ArrayList<>(rows);
    sorted.sort(Comparator.comparing(WindowRow::record).thenComparingInt(WindowRow::signalIndex)
        .thenComparingLong(WindowRow::windowIndex));
    assertEquals(sorted, rows);
  }

  @Test
  void brokenRecordIsAnErrorAndTheManifestCountsWindows() throws IOException {
    assertEquals(Pass1Result.EXIT_SOME_RECORDS_FAILED, direct.result().exitStatus());
    List<String> errors = Files.readAllLines(direct.out().resolve("errors.jsonl"));
    // the segment pass reports the broken master too; the windows do not add a second line for it
    assertEquals(1, errors.size(), String.join("\n", errors));
    JsonNode e = ROWS.readTree(errors.get(0));
    assertTrue(e.get("header").asText().endsWith("3000009.hea"), e.toString());
    assertTrue(e.get("message").asText().contains("3000009_0001"), e.toString());
    JsonNode manifest = ROWS.readTree(direct.out().resolve("manifest.json").toFile());
    assertEquals(60, manifest.get("window_s").asInt());
    assertEquals("clock", manifest.get("window_align").asText());
    assertEquals(6, manifest.get("window_records").asInt());
    assertEquals(rows(direct.out()).size(), manifest.get("window_rows").asInt());
    assertEquals(1, manifest.get("window_failures").asInt());
    try (Stream<Path> files = Files.list(direct.out())) { // the part files went with the staging folder
      assertEquals(List.of("errors.jsonl", "manifest.json", "ws_df_group.json", "ws_df_windows.json"),
          files.map(f -> f.getFileName().toString()).sorted().toList());
    }
    assertEquals(1, manifest.get("failures").asInt());
  }

  @Test
  void withoutWindowNothingChanges(@TempDir Path plainOut) throws IOException {
    Pass1Result plain = Pass1Pipeline.run(Pass1Pipeline.options(group, plainOut, null,
        io.wavebeam.common.RunnerKind.DIRECT, 2));
    assertFalse(Files.exists(plainOut.resolve(WriteWindowsOutput.WINDOWS_FILE)));
    assertEquals(Files.readString(direct.out().resolve("ws_df_group.json")),
        Files.readString(plainOut.resolve("ws_df_group.json")));
    assertFalse(ROWS.readTree(plainOut.resolve("manifest.json").toFile()).has("window_s"));
    assertEquals(1, plain.failures(), "the broken master header");
  }

  @Test
  void aWindowFailureTheSegmentsDoNotSeeIsAnError(@TempDir Path root) throws IOException {
    // a fixed-layout master whose second segment has two signals where the master's layout has one: its segments
    // read fine on their own, the record as a whole cannot be opened; it must be an error either way, once
    Path g = root.resolve("30");
    Path rec = Files.createDirectories(g.resolve("5000000"));
    Files.writeString(rec.resolve("5000000.hea"), "5000000/2 1 125 300\n5000000_0001 100\n5000000_0002 200\n");
    Files.writeString(rec.resolve("5000000_0001.hea"), "5000000_0001 1 125 100\n5000000_0001.dat 80 100/mV 8 0 0 0 0 II\n");
    Files.write(rec.resolve("5000000_0001.dat"), new byte[100]);
    // the second segment's header lists a signal the master's fixed layout does not have room for
    Files.writeString(rec.resolve("5000000_0002.hea"), "5000000_0002 2 125 200\n"
        + "5000000_0002.dat 80 100/mV 8 0 0 0 0 II\n5000000_0002.dat 80 100/mV 8 0 0 0 0 V\n");
    Files.write(rec.resolve("5000000_0002.dat"), new byte[400]);
    Pass1Options options = Pass1Pipeline.options(g, root.resolve("out"), null, io.wavebeam.common.RunnerKind.DIRECT, 1);
    options.as(WindowOptions.class).setWindow("1m");
    Pass1Result r = Pass1Pipeline.run(options);
    List<String> errors = Files.readAllLines(root.resolve("out").resolve("errors.jsonl"));
    assertTrue(errors.stream().anyMatch(l -> l.contains("5000000.hea")), String.join("\n", errors));
    assertEquals(Pass1Result.EXIT_SOME_RECORDS_FAILED, r.exitStatus());
    assertEquals(errors.size(), r.failures());
  }

  @Test
  void sparkRunnerWritesTheSameWindows(@TempDir Path sparkOut) throws IOException {
    Pass1Result spark = Pass1Pipeline.run(windowed(sparkOut, io.wavebeam.common.RunnerKind.SPARK, "1m", "clock"));
    assertEquals(Files.readString(direct.out().resolve(WriteWindowsOutput.WINDOWS_FILE)),
        Files.readString(sparkOut.resolve(WriteWindowsOutput.WINDOWS_FILE)));
    assertEquals(direct.result().exitStatus(), spark.exitStatus());
  }

  static List<WindowRow> rows(Path out) throws IOException {
    List<WindowRow> rows = new ArrayList<>();
    for (String line : Files.readAllLines(out.resolve(WriteWindowsOutput.WINDOWS_FILE))) {
      rows.add(row(line));
    }
    assertFalse(rows.isEmpty());
    return rows;
  }

  /** One line as a row: its feature fields nested first, as the row's constructor takes them (see WindowRow). */
  static WindowRow row(String line) throws IOException {
    ObjectNode node = (ObjectNode) ROWS.readTree(line);
    ObjectNode features = node.objectNode();
    for (RecordComponent c : FeatureValues.class.getRecordComponents()) {
      String name = SNAKE.translate(c.getName());
      features.set(name, node.remove(name));
    }
    node.set("features", features);
    return NESTED_ROWS.treeToValue(node, WindowRow.class);
  }

  /** Checks a record's rows (1 m, clock-aligned) against its samples as the reader's own reader decodes them. */
  static long check(Path header, List<WindowRow> rows) throws IOException {
    RecordHeader h = HeaderParser.parse(header);
    WfdbRecord record = WfdbRecord.open(header);
    int n = record.signals().size();
    WindowReference[] refs = new WindowReference[n];
    for (int s = 0; s < n; s++) {
      refs[s] = new WindowReference(record.length(), record.signals().get(s).samplesPerFrame());
    }
    try (SampleReader reader = record.openReader()) {
      int[][] block = reader.newBlock(1000);
      long at = 0;
      int frames;
      while ((frames = reader.read(block, 1000)) > 0) {
        for (int s = 0; s < n; s++) {
          int spf = reader.samplesPerFrame(s);
          long[] extremes = reader.format(s) == 16 ? new long[] {-32767, 32767} : new long[] {-127, 127};
          for (int t = 0; t < frames; t++) {
            int[] values = java.util.Arrays.copyOfRange(block[s], t * spf, (t + 1) * spf);
            refs[s].put(at + t, values, reader.gain(s), reader.baseline(s), extremes);
          }
        }
        at += frames;
      }
    }
    // clock windows of one minute: window k starts at frame ceil(((q0 + k) * 60 - s0) * f), exactly
    BigDecimal f = new BigDecimal(header.getFileName().toString().endsWith("n.hea")
        ? Files.readAllLines(header).get(0).split(" ")[2] : "125");
    long s0 = h.baseTime().toSecondOfDay();
    long q0 = s0 / 60;
    List<Long> starts = new ArrayList<>();
    starts.add(0L);
    for (long k = 1; starts.get(starts.size() - 1) < record.length(); k++) {
      long frame = BigDecimal.valueOf((q0 + k) * 60 - s0).multiply(f).setScale(0, RoundingMode.CEILING)
          .longValueExact();
      starts.add(Math.min(record.length(), frame));
    }
    assertEquals((starts.size() - 1) * n, rows.size(), header + " rows");
    for (WindowRow row : rows) {
      int k = (int) row.windowIndex();
      refs[row.signalIndex()].check(row, starts.get(k), starts.get(k + 1));
      assertEquals(record.signals().get(row.signalIndex()).name(), row.signal());
      assertEquals((q0 + k) * 60 - s0, row.windowOffsetS(), 1e-9);
      assertEquals(h.baseDate().atTime(h.baseTime()).plusSeconds((long) row.windowOffsetS()).toString(),
          row.windowStart().length() == 16 ? row.windowStart() : row.windowStart().replaceAll(":00$", ""));
    }
    return rows.size();
  }
}
