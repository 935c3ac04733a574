package io.wavebeam.pipeline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.pipeline.FeatureValues;
import io.wavebeam.wfdb.RecordWriter;
import io.wavebeam.wfdb.SampleFormat;
import io.wavebeam.wfdb.SegmentSpec;
import io.wavebeam.wfdb.SignalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Windows of hand-written records (written with the reader's {@link RecordWriter}) against features computed
 * from the written digital values in the test: a variable-layout multi-segment record with a gap, signals missing
 * in some segments, gains that differ per segment (one negative), formats 80 and 16 and windows across segment
 * boundaries; a numerics record at one frame per minute; a long 16-bit record with two samples per frame.
 */
class RecordWindowSummarizerTest {
  static final double FS = 4; // frames per second of the multi-segment record: 30 s windows hold 120 frames
  static final LocalTime BASE_TIME = LocalTime.of(10, 11, 12, 500_000_000);
  static final LocalDate BASE_DATE = LocalDate.of(2150, 1, 2);
  static final long[] EXTREMES_80 = {-127, 127};
  static final long[] EXTREMES_16 = {-32767, 32767};

  @TempDir
  static Path dir;
  static Map<String, WindowReference> multi;
  static Map<String, WindowReference> numerics;
  static Map<String, WindowReference> long16;

  /** Segments of record "rec": seg1 [0,200), gap [200,230), seg2 [230,560), seg3 [560,680). */
  @BeforeAll
  static void write() throws IOException {
    Random r = new Random(15);
    multi = new LinkedHashMap<>();
    multi.put("II", new WindowReference(680, 1));
    multi.put("ABP", new WindowReference(680, 1));
    multi.put("PLETH", new WindowReference(680, 1));
    Files.writeString(dir.resolve("rec_layout.hea"), "rec_layout 3 4 0 10:11:12.500\n"
        + "~ 0 100(0)/mV 8 0 0 0 0 II\n~ 0 1.25(-100)/mmHg 8 0 0 0 0 ABP\n~ 0 1000(-2)/NU 16 0 0 0 0 PLETH\n");
    segment("rec_0001", 0, 200, r, new String[] {"II", "ABP"}, new int[] {80, 80},
        new double[] {100, 1.25}, new int[] {0, -100}, multi, null, null);
    segment("rec_0002", 230, 330, r, new String[] {"PLETH", "II"}, new int[] {16, 16},
        new double[] {1000, -40}, new int[] {-2, 7}, multi, null, new int[] {-1, -33});
    // seg3 starts with the physical value seg2 ends with (1.0 mV in another scale): a flat value across segments
    segment("rec_0003", 560, 120, r, new String[] {"II", "ABP"}, new int[] {80, 80},
        new double[] {100, 1.25}, new int[] {0, -100}, multi, new int[] {100, -1}, null);
    RecordWriter.writeMultiSegmentHeader(dir, "rec", 3, FS, List.of(new SegmentSpec("rec_layout", 0),
        new SegmentSpec("rec_0001", 200), new SegmentSpec(SegmentSpec.GAP, 30), new SegmentSpec("rec_0002", 330),
        new SegmentSpec("rec_0003", 120)), BASE_TIME, BASE_DATE, List.of());

    numerics = new LinkedHashMap<>();
    String[] names = {"HR", "SpO2", "NBP Sys"};
    for (String name : names) {
      numerics.put(name, new WindowReference(50, 1));
    }
    writeSingle("recn", 1.0 / 60, 50, r, names, new int[] {1, 1, 1}, new double[] {10, 10, 10},
        new int[] {0, 0, 0}, numerics, BASE_TIME, null);

    long16 = new LinkedHashMap<>();
    long16.put("ICP", new WindowReference(150_000, 2));
    long16.put("CVP", new WindowReference(150_000, 1));
    writeSingle("long", 125, 150_000, r, new String[] {"ICP", "CVP"}, new int[] {2, 1}, new double[] {-3.5, 20},
        new int[] {40, -7}, long16, null, null);
  }

  @Test
  void startAlignedWindowsSpanSegmentsGapsAndScales() throws IOException {
    List<WindowRow> rows = summarize("rec", WindowSpec.parse("30s", "start"));
    assertEquals(6 * 3, rows.size());
    for (WindowRow row : rows) {
      long from = row.windowIndex() * 120;
      multi.get(row.signal()).check(row, from, Math.min(680, from + 120));
      assertEquals(30, row.windowS());
      assertEquals(30.0 * row.windowIndex(), row.windowOffsetS());
      assertEquals(FS, row.fs());
    }
    assertEquals("2150-01-02T10:11:12.500", row(rows, "II", 0).windowStart());
    assertEquals("2150-01-02T10:11:42.500", row(rows, "II", 1).windowStart());
    // window 1 = frames [120, 240): seg1, the gap, the start of seg2 (where II has gain -40)
    assertEquals(List.of("rec_0001", "rec_0002"), row(rows, "II", 1).segments());
    assertEquals(List.of("rec_0001"), row(rows, "ABP", 1).segments());
    // window 4 = frames [480, 600): seg2 (format 16, gain -40) then seg3 (format 80, gain 100)
    assertEquals(List.of("rec_0002", "rec_0003"), row(rows, "II", 4).segments());
    assertEquals(List.of("rec_0003"), row(rows, "ABP", 4).segments());
    // PLETH is only in seg2: window 0 has no value of it, and is still written
    WindowRow none = row(rows, "PLETH", 0);
    assertEquals(0, none.features().count());
    assertEquals(120, none.nValues());
    assertEquals(1.0, none.features().invalidFraction());
    assertEquals(List.of(), none.segments());
    // partial last window: frames [600, 680)
    assertEquals(80, row(rows, "II", 5).nValues());
  }

  @Test
  void clockAlignedWindowsStartOnWholeMinutes() throws IOException {
    List<WindowRow> rows = summarize("rec", WindowSpec.parse("1m", "clock"));
    // base time 10:11:12.5 at 4 frames/s: 10:12:00 is 47.5 s = frame 190 later, then every 240 frames
    long[] bounds = {0, 190, 430, 670, 680};
    String[] starts = {"2150-01-02T10:11:00", "2150-01-02T10:12:00", "2150-01-02T10:13:00", "2150-01-02T10:14:00"};
    assertEquals(4 * 3, rows.size());
    for (WindowRow row : rows) {
      int k = (int) row.windowIndex();
      multi.get(row.signal()).check(row, bounds[k], bounds[k + 1]);
      assertEquals(starts[k], row.windowStart());
      assertEquals(-12.5 + 60 * k, row.windowOffsetS());
    }
  }

  @Test
  void numericsAtOneFramePerMinute() throws IOException {
    List<WindowRow> minute = summarize("recn", WindowSpec.parse("1m", "start"));
    assertEquals(50 * 3, minute.size());
    for (WindowRow row : minute) {
      numerics.get(row.signal()).check(row, row.windowIndex(), row.windowIndex() + 1);
      assertNull(row.windowStart(), "no base date"); // the header has a time but no date
      assertEquals(1.0 / 60, row.fs(), 1e-15);
    }
    List<WindowRow> five = summarize("recn", WindowSpec.parse("5m", "clock"));
    // clock: 10:11:12.5; the 5-minute boundaries are at 10:15 (frame ceil(227.5/60) = 4), then every 5 frames
    long[] bounds = {0, 4, 9, 14, 19, 24, 29, 34, 39, 44, 49, 50};
    assertEquals(11 * 3, five.size());
    for (WindowRow row : five) {
      int k = (int) row.windowIndex();
      numerics.get(row.signal()).check(row, bounds[k], bounds[k + 1]);
    }
    // 30 s windows: a frame every other window; the windows between are written with no values
    List<WindowRow> half = summarize("recn", WindowSpec.parse("30s", "start"));
    assertEquals(99 * 3, half.size());
    for (WindowRow row : half) {
      long k = row.windowIndex();
      long frame = (k + 1) / 2;
      numerics.get(row.signal()).check(row, k % 2 == 0 ? frame : frame, k % 2 == 0 ? frame + 1 : frame);
      assertEquals(k % 2 == 0 ? 1 : 0, row.nValues());
    }
  }

  @Test
  void long16BitRecordInHourAndMinuteWindows() throws IOException {
    List<WindowRow> hour = summarize("long", WindowSpec.parse("1h", "start"));
    assertEquals(2, hour.size()); // 1,200 s: one partial window
    for (WindowRow row : hour) {
      long16.get(row.signal()).check(row, 0, 150_000);
      assertEquals(row.signal().equals("ICP") ? 250.0 : 125.0, row.fs());
    }
    List<WindowRow> minute = summarize("long", WindowSpec.parse("1m", "start"));
    assertEquals(20 * 2, minute.size());
    for (WindowRow row : minute) {
      long16.get(row.signal()).check(row, row.windowIndex() * 7500, (row.windowIndex() + 1) * 7500);
    }
  }

  @Test
  void rowsComeWindowByWindowWithSignalsInOrder() throws IOException {
    List<WindowRow> rows = summarize("rec", WindowSpec.parse("90s", null));
    assertEquals(List.of("II", "ABP", "PLETH", "II", "ABP", "PLETH"),
        rows.stream().map(WindowRow::signal).toList());
    assertEquals(List.of(0L, 0L, 0L, 1L, 1L, 1L), rows.stream().map(WindowRow::windowIndex).toList());
    assertEquals(90, rows.get(0).windowS());
  }

  @Test
  void durationsAndAlignments() {
    Map<String, Integer> seconds = Map.of("30s", 30, "90s", 90, "1m", 60, "5m", 300, "1h", 3600, "2h", 7200);
    seconds.forEach((text, s) -> assertEquals((long) s, WindowSpec.parseSeconds(text), text));
    assertEquals("90s", new WindowSpec(90, WindowSpec.Align.START).label());
    assertEquals("2h", new WindowSpec(7200, WindowSpec.Align.START).label());
    assertEquals(WindowSpec.Align.CLOCK, WindowSpec.parse("5m", "clock").align());
    for (String bad : new String[] {"", "5", "0s", "1.5m", "-1m", "5 minutes", "1d"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowSpec.parseSeconds(bad));
      assertTrue(e.getMessage().contains("window"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> WindowSpec.parseAlign("midnight"));
  }

  @Test
  void handWrittenLinesAreTheMappersLines() throws IOException {
    var databind = WindowRow.jsonWriter();
    String[] names = {"II", "A\"B\\C", "tab\there\nline\u0001", "µV·s é 心", "/slash", ""};
    double[] doubles = {0.0, -0.0, 1e-300, 123456789.125, -2.5e21, 1.0 / 3, Double.MIN_VALUE, 60.0, 0.1 + 0.2};
    for (int i = 0; i < names.length; i++) {
      double d = doubles[i % doubles.length];
      Double boxed = i % 3 == 0 ? null : d;
      WindowRow row = new WindowRow("g" + names[i], names[(i + 1) % names.length], names[i], i, names[i], d,
          i + 1, 60L * i, 1000L * i, -d, i % 2 == 0 ? null : "2150-01-02T10:11:12.500",
          List.of(names[i], names[(i + 2) % names.length]), 7500L * i, new FeatureValues(7000L * i, boxed, d,
          boxed, d, boxed, d, boxed, 500L, d, boxed, d, boxed, d, boxed, d, boxed, d, boxed));
      assertEquals(databind.writeValueAsString(row), row.toJson());
    }
  }

  /**
   * Many rows through one signal's buffer, as a record's rows go: every line is still the mapper's line once the
   * buffer prints repeated doubles and strings from its tables (and after the tables of doubles are emptied).
   */
  @Test
  void linesOfOneSignalAreTheMappersLines() throws IOException {
    var databind = WindowRow.jsonWriter();
    java.util.Random r = new java.util.Random(15);
    String[] names = {"II", "A\"B", "µV", "4100000_0001"};
    double[] grid = {0.0, -0.0, -0.475, 0.0125, 1.2, 60.0, 1.0 / 3, -1.03875};
    WindowLines lines = new WindowLines();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < 3000; i++) {
      Double[] d = new Double[18];
      for (int j = 0; j < d.length; j++) {
        int pick = r.nextInt(10);
        double random = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        d[j] = pick == 7 ? null : Double.valueOf(pick < 7 ? grid[pick] : random);
      }
      // the same strings as objects, and now and then an equal string that is another object
      String signal = i % 97 == 0 ? new String(names[1].toCharArray()) : names[1];
      WindowRow row = new WindowRow("41", names[3].substring(0, 7), signal, 0, names[2], 125.0, 1, 60, i,
          60.0 * i, i % 5 == 0 ? null : "2154-01-24T15:4" + (i % 10) + ":27", List.of(names[3]), 7500,
          new FeatureValues(7000 + i, d[0], d[1], d[2], d[3], d[4], d[5], d[6], 500L - i, d[7], d[8], d[9], d[10],
              d[11], d[12], d[13], d[14], d[15], d[16]));
      lines.accept(row);
      expected.append(databind.writeValueAsString(row)).append('\n');
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    lines.writeTo(out);
    assertEquals(expected.toString(), out.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(3000, lines.lines());
    assertEquals(out.size(), lines.bytes());
  }

  /**
   * Rows whose repeated parts change now and then (another record, units, frequency, window length, segment
   * list, an equal string that is another object) and whose offsets and fractions are integral doubles of every
   * size and sign: each line is still the mapper's line, whichever part a buffer copies from its last row.
   */
  @Test
  void linesWithChangingRepeatedPartsAreTheMappersLines() throws IOException {
    var databind = WindowRow.jsonWriter();
    java.util.Random r = new java.util.Random(41);
    String[] records = {"4100000", "4100001", "3000003n"};
    String[] units = {"mV", "µV", "mmHg", null};
    double[] fs = {125.0, 0.016666666666666666, 62.5, 1e7, 9_999_999.0};
    List<List<String>> segmentLists = List.of(List.of("4100000_0001"), List.of("4100000_0001", "4100000_0002"),
        List.of(), List.of("a\"b"));
    double[] integral = {0.0, -0.0, 1.0, -1.0, 60.0, -12.0, 9_999_999.0, -9_999_999.0, 1e7, -1e7, 123_456_789.0,
        Math.pow(2, 60), 4.5e15, -4.5e18, 1e300};
    WindowLines lines = new WindowLines();
    StringBuilder[] expected = {new StringBuilder(), new StringBuilder()};
    for (int i = 0; i < 4000; i++) {
      int change = i / 50; // runs of rows sharing their repeated parts, as a signal's rows do
      Double[] d = new Double[18];
      for (int j = 0; j < d.length; j++) {
        int pick = r.nextInt(4);
        d[j] = pick == 0 ? null : pick == 1 ? integral[r.nextInt(integral.length)]
            : pick == 2 ? (double) (r.nextInt(2_000_001) - 1_000_000) : r.nextGaussian() * 1e3;
      }
      int signalIndex = i % 2;
      // each repeated part changes alone now and then (change 3: units, 4: fs, 5: record, 7: samples per frame,
      // 13: window length)
      String record = change % 11 == 3 ? new String(records[change / 5 % 3].toCharArray()) : records[change / 5 % 3];
      double offset = r.nextBoolean() ? integral[r.nextInt(integral.length)] : 60.0 * i - 30.5;
      String start = i % 3 == 0 ? null : i % 3 == 1 ? "2154-01-24T15:4" + (i % 10) + ":27.250" : "\u00e9t\u00e9 \"" + i;
      WindowRow row = new WindowRow("41", record, signalIndex == 0 ? "II" : "ABP", signalIndex,
          units[change / 3 % units.length], fs[change / 4 % fs.length], 1 + change / 7 % 2,
          change / 13 % 2 == 1 ? 300 : 60, i,
          offset, start, segmentLists.get((i / 7) % segmentLists.size()), 7500 + change % 3,
          new FeatureValues(7000 + i, d[0], d[1], d[2], d[3], d[4], d[5], d[6], 500L - i, d[7], d[8], d[9], d[10],
              d[11], d[12], d[13], d[14], d[15], d[16]));
      lines.accept(row);
      expected[signalIndex].append(databind.writeValueAsString(row)).append('\n');
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    lines.writeTo(out);
    assertEquals(expected[0].toString() + expected[1], out.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** A record's lines go to a channel a megabyte at a time, one call each, the same bytes as through a stream. */
  @Test
  void linesGoToAChannelInMegabyteSlices() throws IOException {
    WindowLines lines = new WindowLines();
    for (int i = 0; i < 12_000; i++) {
      lines.accept(new WindowRow("41", "4100000", "II", i % 2, "mV", 125.0, 1, 60, i / 2, 30.0 * i,
          "2154-01-24T15:40:27", List.of("4100000_0001"), 7500, new FeatureValues(7500, 0.1 * i, 1.0 / 3, -1.2,
              -0.4, 0.0, 0.4, 1.2, 0, 0.0, -1.0, -0.8, 0.8, 1.0, 0.5, 0.01 * i, 2.5, 0.0, 0.125)));
    }
    java.io.ByteArrayOutputStream stream = new java.io.ByteArrayOutputStream();
    lines.writeTo(stream);
    java.io.ByteArrayOutputStream channelBytes = new java.io.ByteArrayOutputStream();
    List<Integer> calls = new ArrayList<>();
    lines.writeTo(new java.nio.channels.WritableByteChannel() {
      @Override
      public int write(java.nio.ByteBuffer src) {
        int n = Math.min(src.remaining(), 700_000); // a channel may take less than it is given
        calls.add(src.remaining());
        byte[] b = new byte[n];
        src.get(b);
        channelBytes.write(b, 0, n);
        return n;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public void close() {}
    });
    assertTrue(stream.size() > 4 * JsonLineBytes.WRITE_SLICE, "lines of two signals over 2 MB each");
    assertEquals(stream.toString(java.nio.charset.StandardCharsets.UTF_8),
        channelBytes.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(calls.stream().allMatch(c -> c <= JsonLineBytes.WRITE_SLICE), "slices of at most 1 MiB: " + calls);
    // two signals' buffers: whole megabytes but each one's last slice; the channel takes each slice in two calls
    long slices = lines.bytes() / JsonLineBytes.WRITE_SLICE + 2;
    assertTrue(calls.size() <= 2 * slices, "calls: " + calls.size());
  }

  static List<WindowRow> summarize(String record, WindowSpec spec) throws IOException {
    List<WindowRow> rows = new ArrayList<>();
    RecordWindowSummarizer.Summary s = RecordWindowSummarizer.summarize("g", dir.resolve(record + ".hea"), spec,
        WindowRow.Sink.of(rows::add));
    assertEquals(rows.size(), s.rows());
    assertTrue(rows.size() > 0);
    var databind = WindowRow.jsonWriter();
    for (WindowRow row : rows) { // the streaming line is the mapper's line
      assertEquals(databind.writeValueAsString(row), row.toJson());
    }
    // as the pipeline prints them (WindowLines: from the statistics, no row objects): the mapper's lines by signal
    WindowLines lines = new WindowLines();
    RecordWindowSummarizer.summarize("g", dir.resolve(record + ".hea"), spec, lines);
    StringBuilder expected = new StringBuilder();
    int signals = rows.stream().mapToInt(WindowRow::signalIndex).max().orElse(-1) + 1;
    for (int i = 0; i < signals; i++) {
      for (WindowRow row : rows) {
        if (row.signalIndex() == i) {
          expected.append(databind.writeValueAsString(row)).append('\n');
        }
      }
    }
    java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
    lines.writeTo(printed);
    assertEquals(expected.toString(), printed.toString(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(rows.size(), lines.lines());
    return rows;
  }

  static WindowRow row(List<WindowRow> rows, String signal, long window) {
    return rows.stream().filter(w -> w.signal().equals(signal) && w.windowIndex() == window).findFirst()
        .orElseThrow();
  }

  /**
   * Writes one segment whose frames start at record frame {@code start}, with random walks, runs of invalid
   * samples and saturated values; {@code first}/{@code last} force the first/last value of each signal.
   */
  static int[][] segment(String name, long start, int frames, Random r, String[] names, int[] formats,
      double[] gains, int[] baselines, Map<String, WindowReference> refs, int[] first, int[] last)
      throws IOException {
    List<SignalSpec> specs = new ArrayList<>();
    int[][] d = new int[names.length][frames];
    for (int s = 0; s < names.length; s++) {
      specs.add(spec(name, formats[s], 1, gains[s], baselines[s], names[s]));
      d[s] = walk(frames, formats[s], r);
      if (first != null) {
        d[s][0] = first[s];
      }
      if (last != null) {
        d[s][frames - 1] = last[s];
      }
    }
    try (RecordWriter w = RecordWriter.create(dir, name, FS, specs, null, null, List.of())) {
      w.write(d, frames);
    }
    for (int s = 0; s < names.length; s++) {
      WindowReference ref = refs.get(names[s]);
      for (int t = 0; t < frames; t++) {
        ref.put(start + t, new int[] {d[s][t]}, gains[s], baselines[s], formats[s] == 80 ? EXTREMES_80
            : EXTREMES_16);
      }
    }
    return d;
  }

  static void writeSingle(String name, double fs, int frames, Random r, String[] names, int[] spf, double[] gains,
      int[] baselines, Map<String, WindowReference> refs, LocalTime time, LocalDate date) throws IOException {
    List<SignalSpec> specs = new ArrayList<>();
    int[][] d = new int[names.length][];
    for (int s = 0; s < names.length; s++) {
      specs.add(spec(name, 16, spf[s], gains[s], baselines[s], names[s]));
      d[s] = walk(frames * spf[s], 16, r);
    }
    try (RecordWriter w = RecordWriter.create(dir, name, fs, specs, time, date, List.of())) {
      w.write(d, frames);
    }
    for (int s = 0; s < names.length; s++) {
      WindowReference ref = refs.get(names[s]);
      for (int t = 0; t < frames; t++) {
        int[] frame = java.util.Arrays.copyOfRange(d[s], t * spf[s], (t + 1) * spf[s]);
        ref.put(t, frame, gains[s], baselines[s], EXTREMES_16);
      }
    }
  }

  static SignalSpec spec(String record, int format, int spf, double gain, int baseline, String name) {
    return new SignalSpec(record + ".dat", format, spf, 0, 0, gain, baseline, "mV", format == 80 ? 8 : 16, 0, 0,
        null, 0, name);
  }

  /** A random walk in the format's range with runs of invalid samples, flat stretches and saturation. */
  static int[] walk(int n, int format, Random r) {
    int max = format == 80 ? 127 : 32767;
    int step = format == 80 ? 9 : 900;
    int[] d = new int[n];
    int v = r.nextInt(max / 2);
    int invalidLeft = 0;
    for (int t = 0; t < n; t++) {
      if (invalidLeft > 0) {
        invalidLeft--;
        d[t] = SampleFormat.INVALID;
        continue;
      }
      if (r.nextInt(60) == 0) {
        invalidLeft = r.nextInt(30);
      }
      if (r.nextInt(4) != 0) {
        v = Math.max(-max, Math.min(max, v + r.nextInt(2 * step + 1) - step));
      }
      d[t] = r.nextInt(300) == 0 ? max : v;
    }
    return d;
  }
}
