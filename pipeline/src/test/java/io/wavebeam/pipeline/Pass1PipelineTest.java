package io.wavebeam.pipeline;

import io.wavebeam.wfdb.TestFolders;
import io.wavebeam.common.RunnerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.JsonLinesFile;
import io.wavebeam.common.RunProgress;
import io.wavebeam.pipeline.features.SignalScale;
import io.wavebeam.wfdb.SampleReader;
import io.wavebeam.wfdb.SharedSamples;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pass 1 end to end: one DirectRunner run and one SparkRunner ({@code local[2]}) run over a group folder that
 * holds hand-written record sets (good and broken) and, when present, a copy of the shared sample records; the
 * features are checked against values computed independently from the decoded arrays.
 */
class Pass1PipelineTest {
  /** Small enough that the large hand-written segment and the larger sample records are split into chunks. */
  static final long CHUNK_BYTES = 100_000;
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static Path group;
  static HandWrittenGroup written;
  static boolean sharedPresent;
  static Path sharedRoot;
  static Pass1Result direct;
  static Path directOut;
  static Path bundledTestdata;

  @BeforeAll
  static void runDirect() throws IOException {
    group = temp.resolve("30");
    written = HandWrittenGroup.write(group);
    sharedRoot = SharedSamples.root();
    sharedPresent = SharedSamples.present();
    if (sharedPresent) {
      TestFolders.copyTree(sharedRoot.resolve("records"), group.resolve("shared"));
    }
    bundledTestdata = Path.of(System.getProperty("basedir", ".")).resolve("../testdata/30").normalize();
    assertTrue(Files.isDirectory(bundledTestdata), "the bundled testdata: " + bundledTestdata);
    TestFolders.copyTree(bundledTestdata, group.resolve("testdata"));
    directOut = temp.resolve("out-direct");
    Pass1Options options = Pass1Pipeline.options(group, directOut, null, RunnerKind.DIRECT, 2);
    options.setChunkBytes(CHUNK_BYTES);
    direct = Pass1Pipeline.run(options, directProgress::add);
  }

  static final List<RunProgress> directProgress = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** The progress reports: counts that never go down, and a last report equal to the run's counts. */
  static void assertProgress(List<RunProgress> reports, Pass1Result result) {
    assertFalse(reports.isEmpty(), "no progress reported");
    for (int i = 1; i < reports.size(); i++) {
      assertTrue(reports.get(i).done() >= reports.get(i - 1).done(), reports.toString());
      assertTrue(reports.get(i).bytesDone() >= reports.get(i - 1).bytesDone(), reports.toString());
    }
    RunProgress last = reports.get(reports.size() - 1);
    assertTrue(last.finished());
    assertEquals(result.records(), last.done());
    assertEquals(result.recordsPlanned(), last.planned());
    assertEquals(result.bytes(), last.bytesDone());
    assertEquals(result.failures(), last.failures());
    assertTrue(last.done() > 0);
  }

  /**
   * The plan is made on a thread of its own (beside the pipeline's creation): a planning failure still reaches the
   * caller as the planner's own exception, and nothing is written.
   */
  @Test
  void aPlanningFailureIsThePlannersOwnException(@TempDir Path out) {
    Path missing = out.resolve("no-such-group");
    java.io.FileNotFoundException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.FileNotFoundException.class,
        () -> Pass1Pipeline.run(Pass1Pipeline.options(missing, out.resolve("o"), null, RunnerKind.DIRECT, 2)));
    assertEquals("input folder " + missing + " does not exist or is not a folder", e.getMessage());
    assertFalse(Files.exists(out.resolve("o").resolve("ws_df_group.json")));
  }

  @Test
  void progressCountsWhatWasRead() {
    assertProgress(directProgress, direct);
  }

  static List<JsonNode> lines(Path file) throws IOException {
    return JsonLinesFile.read(file);
  }

  static Map<String, JsonNode> rowsBySegmentSignal(Path out) throws IOException {
    Map<String, JsonNode> rows = new HashMap<>();
    for (JsonNode row : lines(out.resolve("ws_df_group.json"))) {
      String key = row.get("record").asText() + "/" + row.get("segment").asText() + "/" + row.get("signal_index").asInt();
      assertTrue(rows.put(key, row) == null, "duplicate row " + key);
    }
    return rows;
  }

  /** Every signal of every segment of the bundled testdata/30, against statistics of its decoded values. */
  @Test
  void bundledTestdataFeaturesMatchIndependentComputation() throws IOException {
    Map<String, JsonNode> rows = rowsBySegmentSignal(directOut);
    int checked = 0;
    try (var headers = Files.walk(group.resolve("testdata"))) {
      for (Path h : (Iterable<Path>) headers.filter(p -> p.toString().endsWith(".hea"))::iterator) {
        WfdbRecord record = WfdbRecord.open(h);
        if (record.isMultiSegment() || record.length() == 0) {
          continue; // master and layout headers have no signal file
        }
        int[][] values = decodeAll(record);
        for (int s = 0; s < values.length; s++) {
          String key = h.getParent().getFileName() + "/" + record.name() + "/" + s;
          JsonNode row = rows.get(key);
          assertNotNull(row, "no row for " + key);
          WfdbRecord.Signal sig = record.signals().get(s);
          ReferenceStats.assertRow(row, ReferenceStats.of(values[s], sig.gain(), sig.baseline(),
              io.wavebeam.pipeline.features.SignalScale.of(sig.spec()).saturationValues()), key);
          checked++;
        }
      }
    }
    assertEquals(51, checked, "signals in testdata/30");
  }

  @Test
  void handWrittenFeaturesMatchIndependentComputation() throws IOException {
    Map<String, JsonNode> rows = rowsBySegmentSignal(directOut);
    for (Map.Entry<String, HandWrittenGroup.Written> e : written.signals.entrySet()) {
      String segment = e.getKey().substring(0, e.getKey().indexOf('/'));
      String recordSet = segment.substring(0, 7);
      JsonNode row = rows.get(recordSet + "/" + e.getKey());
      assertNotNull(row, "no row for " + e.getKey());
      HandWrittenGroup.Written w = e.getValue();
      ReferenceStats.assertRow(row, ReferenceStats.of(w.digital(), w.gain(), w.baseline(), w.saturation()),
          e.getKey());
      assertEquals("30", row.get("group").asText());
      assertEquals(w.gain(), row.get("adc_gain").asDouble());
      assertEquals(w.baseline(), row.get("baseline").asInt());
    }
    JsonNode first = rows.get("1000001/1000001_0001/1");
    assertEquals("ABP", first.get("signal").asText());
    assertEquals(80, first.get("fmt").asInt());
    assertEquals(125.0, first.get("fs").asDouble());
    assertEquals(8.0, first.get("duration_s").asDouble());
    assertEquals("10:11:12.500", first.get("base_time").asText());
    assertTrue(first.get("base_date").isNull());
    assertTrue(first.get("invalid_fraction").asDouble() > 0.05);
    JsonNode numerics = rows.get("1000001/1000001n/2");
    assertEquals("NBP Sys", numerics.get("signal").asText());
    assertEquals(50 * 60.0, numerics.get("duration_s").asDouble(), 1e-6);
  }

  @Test
  void brokenRecordsAreReportedAndTheRestIsWritten() throws IOException {
    List<JsonNode> errors = lines(directOut.resolve("errors.jsonl"));
    Map<String, JsonNode> bySegment = errors.stream()
        .collect(Collectors.toMap(n -> n.get("segment").asText(), n -> n));
    for (String broken : HandWrittenGroup.BROKEN) {
      if (broken.equals(HandWrittenGroup.FIFO) && !written.fifoWritten) {
        continue;
      }
      JsonNode e = bySegment.get(broken);
      assertNotNull(e, "no error for " + broken + " in " + errors);
      assertTrue(e.get("file").asText().contains(broken), e.toString());
      assertTrue(e.get("message").asText().contains(broken), e.toString());
      assertFalse(e.get("error_type").asText().isEmpty());
    }
    for (JsonNode e : errors) {
      String segment = e.get("segment").asText();
      boolean handWritten = Arrays.asList(HandWrittenGroup.BROKEN).contains(segment);
      // The reader does not decode FLAC yet: those sample records must fail with a message that says so.
      assertTrue(handWritten || e.get("message").asText().contains("FLAC"), "unexpected failure " + e);
    }
    assertEquals(Pass1Result.EXIT_SOME_RECORDS_FAILED, direct.exitStatus());
    assertEquals(errors.size(), direct.failures());

    JsonNode manifest = JSON.readTree(directOut.resolve("manifest.json").toFile());
    assertEquals("30", manifest.get("group").asText());
    assertEquals("direct", manifest.get("runner").asText());
    assertEquals(2, manifest.get("parallelism").asInt());
    assertEquals(errors.size(), manifest.get("failures").asLong());
    List<JsonNode> rows = lines(directOut.resolve("ws_df_group.json"));
    assertEquals(rows.size(), manifest.get("signals").asLong());
    assertEquals(manifest.get("records_planned").asLong(), manifest.get("records").asLong() + errors.size());
    long samples = rows.stream().mapToLong(r -> r.get("n_values").asLong()).sum();
    assertEquals(samples, manifest.get("samples").asLong());
    assertTrue(manifest.get("split_records").asInt() >= 1);
    assertTrue(manifest.get("wall_time_s").asDouble() > 0);
    assertNotNull(manifest.get("wavebeam_version"));
    // master and layout headers: 1000001.hea, 1000001_layout.hea (+ the samples' masters and layouts)
    assertTrue(manifest.get("skipped_headers").asInt() >= 2);
    try (Stream<Path> left = Files.list(directOut)) {
      assertEquals(Set.of("ws_df_group.json", "errors.jsonl", "manifest.json"),
          left.map(p -> p.getFileName().toString()).collect(Collectors.toSet()), "no temporary files left");
    }
  }

  /**
   * Issue 12: the group mixes broken records of every kind with good ones; its rows are exactly a clean run's (the
   * same group without the broken files), and its errors are the clean run's plus one per broken record.
   */
  @Test
  void goodRowsAreThoseOfACleanRun(@TempDir Path cleanTemp) throws IOException {
    Path clean = cleanTemp.resolve("30");
    HandWrittenGroup.write(clean, false);
    if (sharedPresent) {
      TestFolders.copyTree(sharedRoot.resolve("records"), clean.resolve("shared"));
    }
    TestFolders.copyTree(bundledTestdata, clean.resolve("testdata"));
    Pass1Options options = Pass1Pipeline.options(clean, cleanTemp.resolve("out"), null,
        RunnerKind.DIRECT, 2);
    options.setChunkBytes(CHUNK_BYTES);
    Pass1Result cleanRun = Pass1Pipeline.run(options);
    assertEquals(Files.readString(cleanTemp.resolve("out/ws_df_group.json")),
        Files.readString(directOut.resolve("ws_df_group.json")));
    long broken = Arrays.stream(HandWrittenGroup.BROKEN)
        .filter(b -> !b.equals(HandWrittenGroup.FIFO) || written.fifoWritten).count();
    assertEquals(cleanRun.failures() + broken, direct.failures());
    assertEquals(cleanRun.records(), direct.records());
    assertEquals(Pass1Result.EXIT_SOME_RECORDS_FAILED, direct.exitStatus());
  }

  /**
   * A windowed run reads whole records once and makes the segment rows from the window parts: they must be the
   * plain run's, byte for byte, on this group (a variable layout whose second segment has a signal the layout
   * lacks and another gain, a gap, 7 s windows straddling both segment boundaries, a split large segment, the
   * broken records, one-per-minute numerics, the shared samples when present).
   */
  @Test
  void aWindowedRunWritesTheSameSegmentRows(@TempDir Path windowedOut, @TempDir Path unsplitOut) throws IOException {
    Pass1Options options = Pass1Pipeline.options(group, windowedOut, null, RunnerKind.DIRECT, 2);
    options.setChunkBytes(CHUNK_BYTES);
    options.as(io.wavebeam.pipeline.windows.WindowOptions.class).setWindow("7s");
    Pass1Result windowed = Pass1Pipeline.run(options);
    assertEquals(Files.readString(directOut.resolve("ws_df_group.json")),
        Files.readString(windowedOut.resolve("ws_df_group.json")));
    assertTrue(lines(windowedOut.resolve("ws_df_group.json")).size() > 20);
    // the same failures of segments (the windows may add the failure of a whole record the segments do not see)
    Set<String> windowedErrors = new HashSet<>(Files.readAllLines(windowedOut.resolve("errors.jsonl")));
    for (String line : Files.readAllLines(directOut.resolve("errors.jsonl"))) {
      assertTrue(windowedErrors.contains(line), line);
    }
    assertEquals(direct.records(), windowed.records());
    assertEquals(direct.recordsPlanned(), windowed.recordsPlanned());
    assertEquals(direct.signals(), windowed.signals());
    assertEquals(direct.bytes(), windowed.bytes());
    assertEquals(direct.samples(), windowed.samples());
    // a split segment's checksums are not verified (no chunk reads it whole); the windowed run reads every segment
    // whole, so its warnings are those of a plain run that splits nothing
    Pass1Options unsplit = Pass1Pipeline.options(group, unsplitOut, null, RunnerKind.DIRECT, 2);
    unsplit.setChunkBytes(Long.MAX_VALUE);
    assertEquals(Pass1Pipeline.run(unsplit).warnings(), windowed.warnings());
    // window 1 of 1000001 (frames 875..1750) holds the end of segment 1, the gap and the start of segment 2
    JsonNode straddling = lines(windowedOut.resolve("ws_df_windows.json")).stream()
        .filter(r -> r.get("record").asText().equals("1000001") && r.get("signal_index").asInt() == 0
            && r.get("window_index").asInt() == 1)
        .findFirst().orElseThrow();
    assertEquals("[\"1000001_0001\",\"1000001_0002\"]", straddling.get("segments").toString());
    assertEquals(875, straddling.get("n_values").asLong());
    HandWrittenGroup.Written first = written.signals.get("1000001_0001/0");
    HandWrittenGroup.Written second = written.signals.get("1000001_0002/0");
    long valid = Arrays.stream(first.digital(), 875, 1000).filter(v -> v != HandWrittenGroup.INVALID).count()
        + Arrays.stream(second.digital(), 0, 250).filter(v -> v != HandWrittenGroup.INVALID).count();
    assertEquals(valid, straddling.get("count").asLong());
  }

  @Test
  void rowsAreSortedAndTheLargeSegmentWasSplit() throws IOException {
    List<JsonNode> rows = lines(directOut.resolve("ws_df_group.json"));
    List<String> keys = new ArrayList<>();
    for (JsonNode r : rows) {
      keys.add(r.get("record").asText() + "\u0000" + r.get("segment").asText() + "\u0000"
          + String.format("%06d", r.get("signal_index").asInt()));
    }
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(null);
    assertEquals(sorted, keys);
    GroupPlan plan = WfdbIO.read().from(group.toString()).withParallelism(2).withChunkBytes(CHUNK_BYTES).plan();
    long chunksOfLarge = plan.units().stream().flatMap(u -> u.tasks().stream())
        .filter(t -> t.segment().equals(HandWrittenGroup.LARGE)).count();
    assertEquals(4, chunksOfLarge);
  }

  @Test
  void sharedSamplesMatchDecodedValuesAndReferenceJson() throws IOException {
    SharedSamples.require("pass 1 on the shared samples (pipeline)");
    Map<String, JsonNode> rows = rowsBySegmentSignal(directOut);
    Path copy = group.resolve("shared");
    List<Path> headers;
    try (Stream<Path> walk = Files.walk(copy)) {
      headers = walk.filter(p -> p.toString().endsWith(".hea")).sorted().collect(Collectors.toList());
    }
    Set<String> failed = new HashSet<>();
    for (JsonNode e : lines(directOut.resolve("errors.jsonl"))) {
      failed.add(e.get("header").asText());
    }
    int checkedSignals = 0;
    for (Path header : headers) {
      WfdbRecord record = WfdbRecord.open(header);
      if (record.isMultiSegment() || record.length() == 0 || failed.contains(header.toString())) {
        continue;
      }
      String recordSet = header.getParent().getFileName().toString();
      int[][] values = decodeAll(record);
      for (int s = 0; s < values.length; s++) {
        JsonNode row = rows.get(recordSet + "/" + record.name() + "/" + s);
        assertNotNull(row, "no row for " + header + " signal " + s);
        WfdbRecord.Signal sig = record.signals().get(s);
        ReferenceStats.assertRow(row, ReferenceStats.of(values[s], sig.gain(), sig.baseline(),
            SignalScale.of(sig.spec()).saturationValues()), header + " signal " + s);
        checkedSignals++;
      }
    }
    assertTrue(checkedSignals > 40, "checked " + checkedSignals);

    // Reference values of an independent reader, for records that are one segment (single-segment records).
    int compared = 0;
    try (Stream<Path> expected = Files.list(sharedRoot.resolve("expected"))) {
      for (Path json : (Iterable<Path>) expected.sorted()::iterator) {
        JsonNode ref = JSON.readTree(json.toFile());
        if (ref.get("multi_segment").asBoolean()) {
          continue;
        }
        Path header = copy.resolve(ref.get("path").asText() + ".hea");
        if (failed.contains(header.toString())) {
          continue;
        }
        String recordSet = header.getParent().getFileName().toString();
        for (JsonNode sig : ref.get("signals")) {
          JsonNode row = rows.get(recordSet + "/" + ref.get("record").asText() + "/" + sig.get("index").asInt());
          String what = json.getFileName() + " signal " + sig.get("index");
          assertNotNull(row, what);
          assertEquals(sig.get("n_values").asLong(), row.get("n_values").asLong(), what);
          assertEquals(sig.get("n_valid").asLong(), row.get("count").asLong(), what);
          assertEquals(sig.get("n_invalid").asLong(), row.get("n_invalid").asLong(), what);
          assertEquals(sig.get("name").asText(), row.get("signal").asText(), what);
          if (sig.get("physical_mean").isNull()) {
            assertTrue(row.get("mean").isNull(), what);
            continue;
          }
          double mean = sig.get("physical_mean").asDouble();
          assertEquals(mean, row.get("mean").asDouble(), 1e-9 * Math.max(1e-3, Math.abs(mean)), what);
          assertEquals(sig.get("physical_min").asDouble(), row.get("min").asDouble(), 0.0, what);
          assertEquals(sig.get("physical_max").asDouble(), row.get("max").asDouble(), 0.0, what);
          // the JSON's std is the population one (ddof 0); pass 1 writes ddof 1
          long n = sig.get("n_valid").asLong();
          if (n > 1) {
            double population = sig.get("physical_std").asDouble();
            assertEquals(population * Math.sqrt((double) n / (n - 1)), row.get("std").asDouble(),
                1e-9 * Math.max(1e-12, population), what);
          }
          compared++;
        }
      }
    }
    assertTrue(compared >= 20, "compared " + compared + " signals with the reference JSON");
  }

  /** Every value of every signal of a record, in order (the plain way: one reader over the whole record). */
  static int[][] decodeAll(WfdbRecord record) throws IOException {
    try (SampleReader reader = record.openReader()) {
      int n = reader.signalCount();
      int[][] all = new int[n][];
      int[] filled = new int[n];
      for (int s = 0; s < n; s++) {
        all[s] = new int[(int) (record.length() * reader.samplesPerFrame(s))];
      }
      int[][] block = reader.newBlock(4096);
      int frames;
      while ((frames = reader.read(block, 4096)) > 0) {
        for (int s = 0; s < n; s++) {
          int k = frames * reader.samplesPerFrame(s);
          System.arraycopy(block[s], 0, all[s], filled[s], k);
          filled[s] += k;
        }
      }
      return all;
    }
  }

  @Test
  void sparkRunnerWritesTheSameOutput(@TempDir Path sparkOut) throws IOException {
    Pass1Options options = Pass1Pipeline.options(group, sparkOut, null, RunnerKind.SPARK, 2);
    options.setChunkBytes(CHUNK_BYTES);
    List<RunProgress> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    Pass1Result spark = Pass1Pipeline.run(options, progress::add);
    assertProgress(progress, spark);
    assertEquals(Files.readString(directOut.resolve("ws_df_group.json")),
        Files.readString(sparkOut.resolve("ws_df_group.json")));
    assertEquals(Files.readString(directOut.resolve("errors.jsonl")),
        Files.readString(sparkOut.resolve("errors.jsonl")));
    assertEquals("spark", spark.runner());
    assertEquals(direct.records(), spark.records());
    assertEquals(direct.samples(), spark.samples());
    assertEquals(direct.exitStatus(), spark.exitStatus());
  }
}
