package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What values a record reads as: the full 32-bit range, skew at the end of a record, signals not stored. */
class SampleValueRulesTest {
  private static final int I = SampleFormat.INVALID;
  @TempDir Path dir;

  private static int[][] readWhole(WfdbRecord record) throws IOException {
    try (SampleReader r = record.openReader()) {
      int frames = (int) record.length();
      int[][] block = r.newBlock(frames);
      assertEquals(frames, r.read(block, frames));
      return block;
    }
  }

  /** (d - b) / g correctly rounded, computed in decimal: independent of the reader's arithmetic. */
  private static double reference(long d, long b, double g) {
    return new BigDecimal(d - b).divide(new BigDecimal(g), MathContext.DECIMAL128).doubleValue();
  }

  /**
   * The reproduction from issue 12: wfdb-python's {@code wrsamp(p_signal=[[80],[120],[95.5],[100]],
   * fmt=['32'])} picks gain 35791394.125 and baseline -2^31, so digital - baseline reaches 2^32 - 1.
   */
  @Test
  void format32FullRangeMapsToPhysicalExactly() throws IOException {
    double gain = 35791394.125;
    int baseline = Integer.MIN_VALUE;
    double[] physical = {80, 120, 95.5, 100};
    int[] digital = new int[4];
    for (int i = 0; i < 4; i++) {
      digital[i] = (int) Math.rint(physical[i] * gain + baseline);
    }
    assertEquals(Integer.MAX_VALUE, digital[1]);
    SignalSpec spec = new SignalSpec("w.dat", 32, 1, 0, 0, gain, baseline, "mmHg", 32, 0, 0, null, 0, "ABP");
    try (RecordWriter w = RecordWriter.create(dir, "w", 1, List.of(spec), null, null, List.of())) {
      w.write(new int[][] {digital}, 4);
    }
    WfdbRecord record = WfdbRecord.open(dir.resolve("w"));
    RecordSummary.SignalStats st = RecordSummary.of(record).signals().get(0);
    for (int i = 0; i < 4; i++) {
      double expected = reference(digital[i], baseline, gain);
      assertEquals(expected, st.first10Physical()[i], 0.0, "value " + i);
      assertEquals(physical[i], st.first10Physical()[i], 1e-7, "value " + i + " is the written one");
      assertEquals(expected, SampleReader.physical(digital[i], baseline, gain), 0.0);
    }
    assertEquals(80.0, st.first10Physical()[0], 0.0);
    assertEquals(120.0, st.first10Physical()[1], 0.0);
    assertEquals(80.0, st.physicalMin(), 0.0);
    assertEquals(120.0, st.physicalMax(), 0.0);
    double mean = (reference(digital[0], baseline, gain) + 120 + reference(digital[2], baseline, gain)
        + reference(digital[3], baseline, gain)) / 4;
    assertEquals(mean, st.physicalMean(), 1e-12);
    assertEquals((long) digital[1], st.digitalMax());
  }

  /** A format-8 running sum never wraps: past the 32-bit range it is an invalid sample. */
  @Test
  void format8RunningSumsNeverWrap() throws IOException {
    byte[] diffs = {0, 100, -100, 0};
    Files.write(dir.resolve("e.dat"), diffs);
    Files.writeString(dir.resolve("e.hea"), "e 1 250 4\ne.dat 8 200 12 0 2147483600 0 0 x\n");
    Files.writeString(dir.resolve("e2.hea"), "e2 1 250 2\ne.dat 8x2 200 12 0 2147483600 0 0 x\n");
    int[] expected = {2147483600, I, 2147483600, 2147483600};
    assertArrayEquals(expected, readWhole(WfdbRecord.open(dir.resolve("e")))[0], "one sample per frame");
    assertArrayEquals(expected, readWhole(WfdbRecord.open(dir.resolve("e2")))[0], "two samples per frame");
    assertEquals(Double.NaN, SampleReader.physical(I, 0, 200));
  }

  private static byte[] int16(int... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int v : values) {
      b.putShort((short) v);
    }
    return b.array();
  }

  /**
   * The last k samples of a signal with skew k are invalid (../shared/wfdb-samples/README.md, "Conventions"),
   * even when the file holds bytes after the header's length.
   */
  @Test
  void skewNeverReadsPastTheHeadersLength() throws IOException {
    int[] a = new int[12];
    int[] b = new int[12];
    int[] interleaved = new int[24];
    for (int t = 0; t < 12; t++) {
      a[t] = t < 10 ? t : 999;
      b[t] = t < 10 ? 100 + t : 999;
      interleaved[2 * t] = a[t];
      interleaved[2 * t + 1] = b[t];
    }
    Files.write(dir.resolve("s.dat"), int16(interleaved)); // 12 frames; the header says 10
    Files.writeString(dir.resolve("s.hea"), "s 2 250 10\ns.dat 16 200 16 0 0 0 0 a\ns.dat 16:2 200 16 0 0 0 0 b\n");
    WfdbRecord record = WfdbRecord.open(dir.resolve("s"));
    int[][] v = readWhole(record);
    assertArrayEquals(Arrays.copyOf(a, 10), v[0]);
    assertArrayEquals(new int[] {102, 103, 104, 105, 106, 107, 108, 109, I, I}, v[1]);
    // the same through a range ending at the record's end
    try (SampleReader r = record.openReader(7, 10)) {
      int[][] block = r.newBlock(3);
      assertEquals(3, r.read(block, 3));
      assertArrayEquals(new int[] {109, I, I}, block[1]);
    }
    RecordSummary.SignalStats st = RecordSummary.of(record).signals().get(1);
    assertEquals(2, st.nInvalid());
    assertEquals(8, st.nValid());
  }

  /** Format 212's last group of an odd count has a padding slot: never a sample of a skewed signal. */
  @Test
  void skewNeverReadsAPackedFormatsPaddingSlot() throws IOException {
    // values 10, 20, 30 and, in the last group's padding slot, 1234 (0x4D2)
    Files.write(dir.resolve("p.dat"), new byte[] {10, 0x00, 20, 30, 0x40, (byte) 0xD2});
    Files.writeString(dir.resolve("p.hea"), "p 1 250 3\np.dat 212:1 200 12 0 0 0 0 x\n");
    assertArrayEquals(new int[] {20, 30, I}, readWhole(WfdbRecord.open(dir.resolve("p")))[0]);
  }

  /** Format 0 stores nothing, even when the signal line names a file: every sample is invalid, as in WFDB. */
  @Test
  void signalsOfFormat0AreNotStored() throws IOException {
    Files.writeString(dir.resolve("z.hea"), "z 2 250 10\nz.dat 0 200 12 0 0 0 0 a\nz.dat 0 200 12 0 0 0 0 b\n");
    WfdbRecord record = WfdbRecord.open(dir.resolve("z")); // z.dat does not exist and is never opened
    assertFalse(record.storesAnySignal());
    assertEquals(List.of(), record.signalFiles());
    assertEquals(0, record.signalFileBytes());
    RecordSummary summary = RecordSummary.of(record);
    for (RecordSummary.SignalStats st : summary.signals()) {
      assertEquals(10, st.nValues());
      assertEquals(10, st.nInvalid());
      assertTrue(Double.isNaN(st.first10Physical()[0]));
    }
    try (SampleReader r = record.openReader()) {
      assertEquals(0, r.format(0));
    }
    Files.writeString(dir.resolve("y.hea"), "y 2 250 10\ny.dat 0 200 12 0 0 0 0 a\ny.dat 16 200 12 0 0 0 0 b\n");
    Files.write(dir.resolve("y.dat"), new byte[20]);
    assertTrue(WfdbRecord.open(dir.resolve("y")).storesAnySignal());
  }
}
