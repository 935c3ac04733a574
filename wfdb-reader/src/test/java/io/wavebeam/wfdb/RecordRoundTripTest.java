package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Records written by {@link RecordWriter} and read back: every format, several signals per file, skew, offsets. */
class RecordRoundTripTest {
  @TempDir Path dir;

  static SignalSpec spec(String file, int format, int spf, int skew, long offset, String name) {
    return new SignalSpec(file, format, spf, skew, offset, 200, 0, "mV", 0, 0, 0, null, 0, name);
  }

  /** Writes record {@code name} in {@code dir}: {@code frames} frames of {@code values} at {@code fs} Hz. */
  static void writeRecord(Path dir, String name, double fs, List<SignalSpec> specs, int[][] values, int frames)
      throws IOException {
    try (RecordWriter w = RecordWriter.create(dir, name, fs, specs, null, null, List.of())) {
      w.write(values, frames);
    }
  }

  /** {@code count} one-sample signals s0, s1, ... in {@code file}. */
  static List<SignalSpec> oneSampleSignals(String file, int format, int count) {
    List<SignalSpec> specs = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      specs.add(spec(file, format, 1, 0, 0, "s" + s));
    }
    return specs;
  }

  /** Random stored values for {@code frames} frames of each spec, some invalid where the format allows. */
  static int[][] randomValues(List<SignalSpec> specs, int frames, long seed) {
    Random random = new Random(seed);
    int[][] v = new int[specs.size()][];
    for (int s = 0; s < specs.size(); s++) {
      SignalSpec sp = specs.get(s);
      int bits = SampleFormat.bits(sp.format());
      v[s] = new int[frames * sp.samplesPerFrame()];
      int prev = 0;
      for (int i = 0; i < v[s].length; i++) {
        if (sp.format() == 8) {
          prev += random.nextInt(41) - 20; // small steps so differences fit 8 bits
          v[s][i] = prev;
        } else if (random.nextInt(50) == 0) {
          v[s][i] = SampleFormat.INVALID;
        } else {
          int lo = -(1 << (bits - 1)) + 1; // never the invalid value itself
          v[s][i] = bits == 32 ? random.nextInt() | 1 : lo + random.nextInt((1 << bits) - 1);
        }
      }
    }
    return v;
  }

  private static int[][] readAll(WfdbRecord record) throws IOException {
    int frames = (int) record.length();
    try (SampleReader r = record.openReader()) {
      int[][] all = r.newBlock(frames);
      int[][] block = r.newBlock(37); // odd block size: crosses every group boundary
      int at = 0;
      int n;
      while ((n = r.read(block, 37)) > 0) {
        for (int s = 0; s < all.length; s++) {
          int k = r.samplesPerFrame(s);
          System.arraycopy(block[s], 0, all[s], at * k, n * k);
        }
        at += n;
      }
      assertEquals(frames, at);
      assertTrue(r.warnings().isEmpty(), r.warnings().toString());
      return all;
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 24, 32, 61, 80, 160, 212, 310, 311})
  void everyFormatWithSeveralSignalsPerFileReadsBack(int format) throws IOException {
    List<SignalSpec> specs = List.of(
        spec("a.dat", format, 1, 0, 0, "one"),
        spec("a.dat", format, 2, 0, 0, "two"),
        spec("a.dat", format, 1, 0, 0, "three"),
        spec("b.dat", format, 3, 0, 0, "four"));
    for (int frames : new int[] {1, 2, 3, 100, 1001}) {
      Path d = dir.resolve(format + "-" + frames);
      int[][] values = randomValues(specs, frames, format * 31L + frames);
      writeRecord(d, "rec", 250, specs, values, frames);
      int[][] back = readAll(WfdbRecord.open(d.resolve("rec")));
      for (int s = 0; s < specs.size(); s++) {
        assertArrayEquals(values[s], back[s], "format " + format + ", " + frames + " frames, signal " + s);
      }
    }
  }

  /**
   * Four or more one-sample signals in one file take the four-at-a-time kernels (formats 16 and 80), with the
   * one-signal kernel for the rest; each signal's values and header checksum must come out as written.
   */
  @ParameterizedTest
  @ValueSource(ints = {8, 16, 24, 32, 61, 80, 160, 212, 310, 311})
  void manyOneSampleSignalsInOneFileReadBack(int format) throws IOException {
    for (int signals : new int[] {3, 4, 5, 7, 8, 9}) {
      List<SignalSpec> specs = new ArrayList<>();
      for (int s = 0; s < signals; s++) {
        specs.add(spec("m.dat", format, 1, 0, 0, "s" + s));
      }
      for (int frames : new int[] {1, 3, 1001}) {
        Path d = dir.resolve(format + "-" + signals + "-" + frames);
        int[][] values = randomValues(specs, frames, format * 7L + signals * 131L + frames);
        writeRecord(d, "many", 250, specs, values, frames);
        int[][] back = readAll(WfdbRecord.open(d.resolve("many"))); // also asserts no checksum warning
        for (int s = 0; s < signals; s++) {
          assertArrayEquals(values[s], back[s], format + ", " + signals + " signals, " + frames + " frames, s" + s);
        }
      }
    }
  }

  /**
   * Writes record {@code name} of {@code specs} in {@link #dir}: {@code frames} random values from {@code seed},
   * changed by {@code edit} first; returns the values written.
   */
  private int[][] writeRandomRecord(String name, double fs, List<SignalSpec> specs, int frames, long seed,
      Consumer<int[][]> edit) throws IOException {
    int[][] values = randomValues(specs, frames, seed);
    edit.accept(values);
    writeRecord(dir, name, fs, specs, values, frames);
    return values;
  }

  private int[][] writeRandomRecord(String name, double fs, List<SignalSpec> specs, int frames, long seed)
      throws IOException {
    return writeRandomRecord(name, fs, specs, frames, seed, values -> {});
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 80})
  void aChangedByteInAFourSignalFileIsACheckSumWarningForItsSignalOnly(int format) throws IOException {
    // a known value, so that the changed byte below is not the invalid one
    writeRandomRecord("cs", 250, oneSampleSignals("c.dat", format, 5), 500, 11, values -> values[2][123] = 5);
    Path dat = dir.resolve("c.dat");
    byte[] bytes = Files.readAllBytes(dat);
    int width = format == 16 ? 2 : 1;
    bytes[(123 * 5 + 2) * width] += 1; // signal 2, frame 123, low byte
    Files.write(dat, bytes);
    List<String> warnings;
    try (SampleReader r = WfdbRecord.open(dir.resolve("cs")).openReader()) {
      int[][] block = r.newBlock(64);
      while (r.read(block, 64) > 0) {
        // read to the end, where the checksums are compared
      }
      warnings = r.warnings();
    }
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).contains("checksum mismatch for signal 2"), warnings.get(0));
  }

  @ParameterizedTest
  @ValueSource(ints = {16, 80})
  void bytesPastTheHeadersLengthAreNotRead(int format) throws IOException {
    int[][] values = writeRandomRecord("past", 250, oneSampleSignals("p.dat", format, 4), 300, 5);
    // append 10 frames of non-zero bytes the header does not count
    byte[] extra = new byte[10 * 4 * (format == 16 ? 2 : 1)];
    java.util.Arrays.fill(extra, (byte) 7);
    Files.write(dir.resolve("p.dat"), extra, java.nio.file.StandardOpenOption.APPEND);
    int[][] back = readAll(WfdbRecord.open(dir.resolve("past"))); // no checksum warning
    for (int s = 0; s < 4; s++) {
      assertArrayEquals(values[s], back[s]);
    }
  }

  /** Format 80's stored codes: code 0 is an invalid sample, any other code c the value c - 128. */
  private static int valueOfCode(byte code) {
    return code == 0 ? SampleFormat.INVALID : (code & 0xFF) - 128;
  }

  /** Every layout of a format-80 file read as codes: 1 to 6 signals, one with two samples per frame. */
  @Test
  void offsetBinaryCodesAreTheValuesOfFormat80() throws IOException {
    List<List<SignalSpec>> layouts = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      List<SignalSpec> specs = new ArrayList<>();
      for (int s = 0; s < n; s++) {
        specs.add(spec("w.dat", 80, 1, 0, 0, "w" + s));
      }
      layouts.add(specs);
    }
    layouts.add(List.of(spec("a.dat", 80, 1, 0, 0, "one"), spec("a.dat", 80, 2, 0, 0, "two"),
        spec("a.dat", 80, 1, 0, 0, "three"), spec("a.dat", 80, 1, 0, 0, "four"), spec("a.dat", 80, 1, 0, 0, "five"),
        spec("b.dat", 80, 1, 0, 0, "six")));
    int frames = 1003;
    for (List<SignalSpec> specs : layouts) {
      Path d = dir.resolve("codes" + specs.size());
      int[][] values = randomValues(specs, frames, 80 + specs.size());
      writeRecord(d, "codes", 125, specs, values, frames);
      WfdbRecord record = WfdbRecord.open(d.resolve("codes"));
      for (int[] range : new int[][] {{0, frames}, {1, frames}, {17, 500}, {frames - 1, frames}}) {
        for (int blockFrames : new int[] {1, 37, 4096}) {
          try (SampleReader r = record.openReader(range[0], range[1])) {
            assertTrue(r.hasOffsetBinaryCodes());
            byte[][] block = r.newCodeBlock(blockFrames);
            int at = range[0];
            int n;
            while ((n = r.readOffsetBinaryCodes(block, blockFrames)) > 0) {
              for (int s = 0; s < specs.size(); s++) {
                int k = specs.get(s).samplesPerFrame();
                for (int i = 0; i < n * k; i++) {
                  assertEquals(values[s][at * k + i], valueOfCode(block[s][i]), specs.size() + " signals, range "
                      + range[0] + ".." + range[1] + ", signal " + s + ", value " + (at * k + i));
                }
              }
              at += n;
            }
            assertEquals(range[1], at);
            assertTrue(r.warnings().isEmpty(), r.warnings().toString()); // checksums match on the whole record
          }
        }
      }
    }
  }

  @Test
  void offsetBinaryCodesReportChecksumsAndShortFiles() throws IOException {
    List<SignalSpec> specs = List.of(spec("c.dat", 80, 1, 0, 0, "a"), spec("c.dat", 80, 1, 0, 0, "b"));
    int frames = 400;
    int[][] values = writeRandomRecord("cc", 125, specs, frames, 8, v -> v[1][200] = 3);
    Path dat = dir.resolve("c.dat");
    byte[] bytes = Files.readAllBytes(dat);
    bytes[200 * 2 + 1] += 1; // signal b, frame 200
    Files.write(dat, bytes);
    try (SampleReader r = WfdbRecord.open(dir.resolve("cc")).openReader()) {
      byte[][] block = r.newCodeBlock(64);
      while (r.readOffsetBinaryCodes(block, 64) > 0) {
        // to the end, where the checksums are compared
      }
      assertEquals(1, r.warnings().size(), r.warnings().toString());
      assertTrue(r.warnings().get(0).contains("checksum mismatch for signal 1"), r.warnings().get(0));
    }
    Files.write(dat, java.util.Arrays.copyOf(bytes, 300 * 2 + 1)); // 300 whole frames and a half
    try (SampleReader r = WfdbRecord.open(dir.resolve("cc")).openReader()) {
      byte[][] block = r.newCodeBlock(256);
      assertEquals(256, r.readOffsetBinaryCodes(block, 256));
      WfdbException e = org.junit.jupiter.api.Assertions.assertThrows(WfdbException.class,
          () -> r.readOffsetBinaryCodes(block, 256));
      assertTrue(e.getMessage().contains("c.dat") && e.getMessage().contains("ends after 300 frames"),
          e.getMessage());
    }
  }

  @Test
  void onlyFormat80WithoutSkewHasOffsetBinaryCodes() throws IOException {
    List<List<SignalSpec>> cases = List.of(
        List.of(spec("x.dat", 16, 1, 0, 0, "a")),
        List.of(spec("x.dat", 80, 1, 0, 0, "a"), spec("x.dat", 80, 1, 2, 0, "skewed")),
        List.of(spec("x.dat", 80, 1, 0, 0, "a"), spec("y.dat", 16, 1, 0, 0, "b")));
    int c = 0;
    for (List<SignalSpec> specs : cases) {
      Path d = dir.resolve("case" + c++);
      writeRecord(d, "r", 125, specs, randomValues(specs, 10, 1), 10);
      try (SampleReader r = WfdbRecord.open(d.resolve("r")).openReader()) {
        assertTrue(!r.hasOffsetBinaryCodes(), specs.toString());
        org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class,
            () -> r.readOffsetBinaryCodes(r.newCodeBlock(10), 10));
      }
    }
  }

  @Test
  void skewShiftsASignalAndLeavesItsEndInvalid() throws IOException {
    List<SignalSpec> specs = List.of(spec("s.dat", 16, 1, 0, 0, "plain"), spec("s.dat", 16, 2, 3, 0, "late"));
    int frames = 50;
    int[][] stored = writeRandomRecord("skew", 100, specs, frames, 7);
    int[][] back = readAll(WfdbRecord.open(dir.resolve("skew.hea")));
    assertArrayEquals(stored[0], back[0]);
    for (int t = 0; t < frames; t++) {
      for (int k = 0; k < 2; k++) {
        int expected = t + 3 < frames ? stored[1][(t + 3) * 2 + k] : SampleFormat.INVALID;
        assertEquals(expected, back[1][t * 2 + k], "frame " + t + " sample " + k);
      }
    }
  }

  @Test
  void byteOffsetIsSkippedAndLengthFollowsFromFileSize() throws IOException {
    List<SignalSpec> specs = List.of(spec("o.dat", 212, 1, 0, 24, "a"), spec("o.dat", 212, 1, 0, 24, "b"));
    int frames = 77;
    int[][] values = writeRandomRecord("off", 100, specs, frames, 3);
    assertEquals(24 + 77 * 3, Files.size(dir.resolve("o.dat")));
    // drop the length from the header: it must come from the file size
    Path hea = dir.resolve("off.hea");
    List<String> lines = new ArrayList<>(Files.readAllLines(hea));
    lines.set(0, "off 2 100");
    Files.write(hea, lines);
    WfdbRecord record = WfdbRecord.open(hea);
    assertEquals(frames, record.length());
    int[][] back = readAll(record);
    assertArrayEquals(values[0], back[0]);
    assertArrayEquals(values[1], back[1]);
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 80, 212, 310, 311})
  void anyFrameRangeEqualsTheSameSliceOfTheWholeRecord(int format) throws IOException {
    List<SignalSpec> specs = List.of(spec("r.dat", format, 1, 0, 0, "a"), spec("r.dat", format, 2, 1, 0, "b"),
        spec("q.dat", format, 1, 2, 0, "c"));
    int frames = 60;
    int[][] values = writeRandomRecord("range", 100, specs, frames, format);
    WfdbRecord record = WfdbRecord.open(dir.resolve("range"));
    int[][] whole = readAll(record);
    for (int from : new int[] {0, 1, 2, 5, 31, 59}) {
      for (int to : new int[] {from, from + 1, Math.min(frames, from + 7), frames}) {
        if (to > frames || to < from) {
          continue;
        }
        try (SampleReader r = record.openReader(from, to)) {
          int[][] block = r.newBlock(frames);
          int n = to == from ? 0 : r.read(block, frames);
          assertEquals(to - from, n);
          for (int s = 0; s < whole.length; s++) {
            int k = r.samplesPerFrame(s);
            for (int i = 0; i < n * k; i++) {
              assertEquals(whole[s][from * k + i], block[s][i], "range [" + from + "," + to + ") signal " + s);
            }
          }
        }
      }
    }
  }

  @Test
  void fixedAndVariableLayoutMultiSegmentRecords() throws IOException {
    SignalSpec ii = new SignalSpec("a.dat", 80, 1, 0, 0, 50, 0, "mV", 8, 0, 0, null, 0, "II");
    SignalSpec abp = new SignalSpec("a.dat", 80, 1, 0, 0, 2, -10, "mmHg", 8, 0, 0, null, 0, "ABP");
    SignalSpec pleth = new SignalSpec("b.dat", 80, 1, 0, 0, 100, 0, "NU", 8, 0, 0, null, 0, "PLETH");
    // segment 1 has II and ABP, segment 2 has ABP (with another gain) and PLETH
    int[][] v1 = {{1, 2, 3}, {10, 11, 12}};
    int[][] v2 = {{20, 21}, {5, 6}};
    SignalSpec abp2 = new SignalSpec("b.dat", 80, 1, 0, 0, 4, 0, "mmHg", 8, 0, 0, null, 0, "ABP");
    try (RecordWriter w = RecordWriter.create(dir, "m_0001", 125, List.of(ii, abp), null, null, List.of())) {
      w.write(v1, 3);
    }
    try (RecordWriter w = RecordWriter.create(dir, "m_0002", 125,
        List.of(abp2.withFile("c.dat"), pleth.withFile("c.dat")), null, null, List.of())) {
      w.write(v2, 2);
    }
    SignalSpec layoutII = new SignalSpec("~", 0, 1, 0, 0, 50, 0, "mV", 8, 0, 0, null, 0, "II");
    SignalSpec layoutAbp = new SignalSpec("~", 0, 1, 0, 0, 2, -10, "mmHg", 8, 0, 0, null, 0, "ABP");
    SignalSpec layoutPleth = new SignalSpec("~", 0, 1, 0, 0, 100, 0, "NU", 8, 0, 0, null, 0, "PLETH");
    try (RecordWriter w = RecordWriter.create(dir, "m_layout", 125, List.of(layoutII, layoutAbp, layoutPleth), null,
        null, List.of())) {
      w.write(new int[3][0], 0);
    }
    RecordWriter.writeMultiSegmentHeader(dir, "m", 3, 125, List.of(new SegmentSpec("m_layout", 0),
        new SegmentSpec("m_0001", 3), new SegmentSpec("~", 4), new SegmentSpec("m_0002", 2)), null, null, List.of());
    WfdbRecord record = WfdbRecord.open(dir.resolve("m"));
    assertEquals(WfdbRecord.Layout.VARIABLE, record.layout());
    assertEquals(9, record.length());
    int I = SampleFormat.INVALID;
    try (SampleReader r = record.openReader()) {
      int[][] b = r.newBlock(9);
      assertEquals(3, r.read(b, 9));
      assertArrayEquals(new int[] {1, 2, 3}, java.util.Arrays.copyOf(b[0], 3));
      assertArrayEquals(new int[] {10, 11, 12}, java.util.Arrays.copyOf(b[1], 3));
      assertArrayEquals(new int[] {I, I, I}, java.util.Arrays.copyOf(b[2], 3));
      assertEquals(2.0, r.gain(1));
      assertEquals(-10, r.baseline(1));
      assertEquals(4, r.read(b, 9)); // the gap
      assertArrayEquals(new int[] {I, I, I, I}, java.util.Arrays.copyOf(b[1], 4));
      assertEquals(2, r.read(b, 9));
      assertArrayEquals(new int[] {I, I}, java.util.Arrays.copyOf(b[0], 2));
      assertArrayEquals(new int[] {20, 21}, java.util.Arrays.copyOf(b[1], 2));
      assertArrayEquals(new int[] {5, 6}, java.util.Arrays.copyOf(b[2], 2));
      assertEquals(4.0, r.gain(1), "the segment's own gain");
      assertEquals(0, r.read(b, 9));
    }
    assertEquals(80, record.signals().get(1).format());
  }
}
