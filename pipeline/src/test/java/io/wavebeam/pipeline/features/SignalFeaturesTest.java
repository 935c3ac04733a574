package io.wavebeam.pipeline.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.pipeline.ReferenceStats;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalFeaturesTest {
  private static final int INVALID = Integer.MIN_VALUE;

  private static SignalStatistics features(SignalScale scale, int[] d) {
    SignalFeatures f = new SignalFeatures(scale);
    f.add(d, d.length);
    return f.finish();
  }

  private static double[] physicalSorted(int[] d, SignalScale s) {
    return Arrays.stream(d).filter(v -> v != INVALID).mapToDouble(v -> (v - s.baseline()) / s.gain()).sorted()
        .toArray();
  }

  @Test
  void smallExampleMatchesPandas() {
    // s = pd.Series([1, 2, 3, 4, 10]): mean 4, std sqrt(12.5); by hand from pandas nanskew/nankurt:
    // m2 = 50, m3 = 180, m4 = 1394 -> skew = 5 * 2 / 3 * 180 / 50^1.5, kurt = 5*6*4*1394 / (3*2*2500) - 8
    SignalScale unit = new SignalScale(16, 1, 0, 16, 0);
    SignalStatistics s = features(unit, new int[] {1, 2, INVALID, 3, 4, 10});
    assertEquals(5, s.count());
    assertEquals(1, s.nInvalid());
    assertEquals(4.0, s.mean(), 1e-15);
    assertEquals(Math.sqrt(12.5), s.std(), 1e-15);
    assertEquals(10.0 / 3 * 180 / Math.pow(50, 1.5), s.skewness(), 1e-14);
    assertEquals(167280.0 / 15000 - 8, s.kurtosis(), 1e-13);
    assertEquals(2.0, s.p25());
    assertEquals(3.0, s.p50());
    assertEquals(4.0, s.p75());
    assertEquals(1.04, s.p01(), 1e-15);
    assertEquals(8.8, s.p95(), 1e-14);
  }

  @Test
  void negativeGainReversesOrderAndSkew() {
    Random r = new Random(7);
    int[] d = new int[10_001];
    for (int i = 0; i < d.length; i++) {
      d[i] = r.nextDouble() < 0.02 ? INVALID : (int) Math.round(Math.exp(r.nextGaussian()) * 50) - 100;
    }
    SignalScale neg = new SignalScale(16, -12.5, 30, 16, 0);
    SignalScale pos = new SignalScale(16, 12.5, 30, 16, 0);
    SignalStatistics n = features(neg, d);
    SignalStatistics p = features(pos, d);
    assertEquals(-p.skewness(), n.skewness(), 1e-12);
    assertEquals(p.kurtosis(), n.kurtosis(), 1e-12);
    double[] sorted = physicalSorted(d, neg);
    assertEquals(sorted[0], n.min());
    assertEquals(sorted[sorted.length - 1], n.max());
    assertEquals(ReferenceStats.quantile(sorted, 0.01), n.p01());
    assertEquals(ReferenceStats.quantile(sorted, 0.25), n.p25());
    assertEquals(ReferenceStats.quantile(sorted, 0.5), n.p50());
    assertEquals(ReferenceStats.quantile(sorted, 0.95), n.p95());
    assertEquals(ReferenceStats.quantile(sorted, 0.99), n.p99());
  }

  /**
   * A random walk within the 8-bit range: each value stays put with probability {@code stayTenths}/10, else moves
   * by up to {@code step}; about one in {@code invalidOneIn} is invalid instead.
   */
  static int[] eightBitWalk(long seed, int length, int stayTenths, int step, int invalidOneIn) {
    Random r = new Random(seed);
    int[] d = new int[length];
    int v = 0;
    for (int i = 0; i < d.length; i++) {
      v = r.nextInt(10) < stayTenths ? v : Math.max(-127, Math.min(127, v + r.nextInt(2 * step + 1) - step));
      d[i] = r.nextInt(invalidOneIn) == 0 ? INVALID : v;
    }
    return d;
  }

  @Test
  void mergedChunksEqualTheWhole() {
    int[] d = eightBitWalk(11, 50_000, 3, 3, 100);
    SignalScale scale = new SignalScale(80, 40, -3, 8, 0);
    SignalStatistics whole = features(scale, d);
    SignalFeatures merged = new SignalFeatures(scale);
    int[] cuts = {0, 1, 17, 17, 9000, 33_333, 50_000};
    for (int c = 0; c + 1 < cuts.length; c++) {
      SignalFeatures part = new SignalFeatures(scale);
      int[] piece = Arrays.copyOfRange(d, cuts[c], cuts[c + 1]);
      part.add(piece, piece.length);
      merged.merge(part);
    }
    assertEquals(whole, merged.finish());
    assertTrue(whole.flatFraction() > 0.2);
  }

  /**
   * 8-bit signals are counted four values at a time in separate tables: whatever the block sizes and wherever the
   * invalid values and out-of-range values fall, the features must equal straightforward formulas.
   */
  @Test
  void eightBitSignalsMatchStraightforwardFormulasWhateverTheBlocks() throws Exception {
    int[] d = eightBitWalk(5, 20_011, 4, 4, 300);
    d[0] = INVALID; // the first valid value comes later
    d[5000] = 300; // outside the 8-bit tables: a format-80 file cannot hold it, but the counts must not lose it
    d[5001] = 300;
    SignalScale scale = new SignalScale(80, 20, 3, 8, 0);
    long invalid = Arrays.stream(d).filter(x -> x == INVALID).count();
    long flat = 0;
    int previous = INVALID;
    double sum = 0;
    for (int x : d) {
      if (x != INVALID) {
        flat += x == previous ? 1 : 0;
        previous = x;
        sum += (x - 3) / 20.0;
      }
    }
    double[] sorted = physicalSorted(d, scale);
    for (int block : new int[] {1, 3, 4, 7, 2048, d.length}) {
      SignalFeatures f = new SignalFeatures(scale);
      for (int at = 0; at < d.length; at += block) {
        int n = Math.min(block, d.length - at);
        f.add(Arrays.copyOfRange(d, at, at + n), n);
      }
      SignalStatistics st = f.finish();
      String where = "blocks of " + block;
      assertEquals(d.length - invalid, st.count(), where);
      assertEquals(invalid, st.nInvalid(), where);
      assertEquals((double) flat / st.count(), st.flatFraction(), 1e-15, where);
      assertEquals(sum / st.count(), st.mean(), 1e-12, where);
      assertEquals(sorted[0], st.min(), where);
      assertEquals(sorted[sorted.length - 1], st.max(), where);
      assertEquals(ReferenceStats.quantile(sorted, 0.05), st.p05(), where);
      assertEquals(ReferenceStats.quantile(sorted, 0.5), st.p50(), where);
      assertEquals(ReferenceStats.quantile(sorted, 0.99), st.p99(), where);

      // a partial that crosses a shuffle is Java-serialized: the counts not yet folded must travel with it
      SignalFeatures partial = new SignalFeatures(scale);
      partial.add(d, d.length);
      java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
      try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
        out.writeObject(partial);
      }
      try (java.io.ObjectInputStream in =
          new java.io.ObjectInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
        assertEquals(st, ((SignalFeatures) in.readObject()).finish());
      }
    }
    assertTrue(flat > d.length / 4, "the data has flat runs: " + flat);
  }

  /** Format 80's stored codes give the same features as the values they stand for, whatever the blocks. */
  @Test
  void offsetBinaryCodesGiveTheSameFeaturesAsValues() {
    Random r = new Random(9);
    byte[] codes = new byte[30_001];
    int[] values = new int[codes.length];
    int v = 0;
    for (int i = 0; i < codes.length; i++) {
      v = r.nextInt(10) < 3 ? v : Math.max(-127, Math.min(127, v + r.nextInt(11) - 5));
      boolean invalid = i < 3 || r.nextInt(200) == 0 || (i >= 1000 && i < 1130);
      values[i] = invalid ? INVALID : v;
      codes[i] = invalid ? 0 : (byte) (v + 128);
    }
    values[7] = -127; // the extremes: codes 1 and 255
    codes[7] = 1;
    values[8] = 127;
    codes[8] = (byte) 255;
    SignalScale scale = new SignalScale(80, 200, 5, 8, 0);
    SignalStatistics expected = features(scale, values);
    for (int block : new int[] {1, 2, 5, 8, 13, 64, 2048, codes.length}) {
      SignalFeatures f = new SignalFeatures(scale);
      assertTrue(f.countsOffsetBinaryCodes());
      for (int at = 0; at < codes.length; at += block) {
        int n = Math.min(block, codes.length - at);
        f.addOffsetBinaryCodes(Arrays.copyOfRange(codes, at, at + n), n);
      }
      assertEquals(expected, f.finish(), "blocks of " + block);
    }
    assertTrue(expected.flatFraction() > 0.2 && expected.nInvalid() > 200, expected.toString());
    // a signal whose tables are not format 80's still takes codes, through the values
    SignalScale wide = new SignalScale(16, 200, 5, 16, 0);
    SignalFeatures f16 = new SignalFeatures(wide);
    f16.addOffsetBinaryCodes(codes, codes.length);
    assertEquals(features(wide, values), f16.finish());
  }

  /**
   * Values and codes may be mixed on one accumulator; a last valid value outside format 80's range (only
   * {@link SignalFeatures#add} can give one) must survive code blocks that hold no valid value.
   */
  @Test
  void codesAfterAValueOutsideTheirRangeKeepTheFlatCount() {
    SignalScale scale = new SignalScale(80, 200, 0, 8, 0);
    int[] values = {5, 300};
    byte[] codes = new byte[8 + 3]; // eight invalid codes (0), then three invalid ones more
    int[] tail = {300, 300, 7, 7};
    SignalFeatures f = new SignalFeatures(scale);
    f.add(values, values.length);
    f.addOffsetBinaryCodes(codes, codes.length);
    f.add(tail, tail.length);
    SignalStatistics st = f.finish();
    assertEquals(6, st.count());
    assertEquals(11, st.nInvalid());
    assertEquals(3.0 / 6, st.flatFraction(), 1e-15, "300 after 300 twice (across the codes), 7 after 7");
  }

  @Test
  void saturationCountsAdcAndFormatExtremes() {
    // format 80, 8-bit ADC at zero 0: -128 is invalid, so -127 and 127 are the extremes
    SignalScale s = new SignalScale(80, 1, 0, 8, 0);
    SignalStatistics st = features(s, new int[] {-127, 127, 0, 5, INVALID, 127});
    assertEquals(3.0 / 5, st.saturatedFraction(), 1e-15);
    // format 212 with an 11-bit ADC centred at 1024 (MIT-BIH): 0 and 2047 saturate, so do -2047 and 2047
    SignalScale mit = new SignalScale(212, 200, 1024, 11, 1024);
    assertEquals(2.0 / 4, features(mit, new int[] {0, 2047, 1000, 5}).saturatedFraction(), 1e-15);
  }

  @Test
  void wideFormatsUseSparseCounts() {
    SignalScale s = new SignalScale(32, 1000, 0, 32, 0);
    int[] d = {Integer.MAX_VALUE, -2_000_000_000, 5, 5, 7, INVALID};
    SignalStatistics st = features(s, d);
    assertEquals(5, st.count());
    assertEquals(-2_000_000, st.min());
    assertEquals(Integer.MAX_VALUE / 1000.0, st.max());
    assertEquals(5 / 1000.0, st.p50());
    assertEquals(1.0 / 5, st.flatFraction());
  }

  @Test
  void emptyAndTinySignalsGiveNaN() {
    SignalScale s = new SignalScale(16, 1, 0, 16, 0);
    SignalStatistics none = features(s, new int[] {INVALID, INVALID});
    assertEquals(0, none.count());
    assertTrue(Double.isNaN(none.mean()) && Double.isNaN(none.p50()));
    assertEquals(1.0, none.invalidFraction());
    SignalStatistics one = features(s, new int[] {4});
    assertEquals(4.0, one.mean());
    assertTrue(Double.isNaN(one.std()) && Double.isNaN(one.skewness()) && Double.isNaN(one.kurtosis()));
    assertEquals(4.0, one.p01());
  }

  /** Issue 16: equals and hashCode compare the pending 8-bit lane counts without folding them. */
  @Test
  void equalsAndHashCodeDoNotChangeTheState() throws Exception {
    SignalScale eightBit = new SignalScale(80, 100, 0, 8, 0);
    int[] d = new int[1000];
    for (int i = 0; i < d.length; i++) {
      d[i] = (i * 7) % 200 - 100;
    }
    SignalFeatures a = new SignalFeatures(eightBit);
    SignalFeatures b = new SignalFeatures(eightBit);
    a.add(d, d.length);
    b.add(d, d.length);
    java.lang.reflect.Field pending = SignalFeatures.class.getDeclaredField("pendingInLanes");
    pending.setAccessible(true);
    long before = pending.getLong(a);
    assertTrue(before > 0, "the 8-bit values wait in the lanes");
    assertTrue(a.equals(b));
    assertEquals(a.hashCode(), b.hashCode());
    assertEquals(before, pending.getLong(a), "equals/hashCode folded the lanes");
    assertEquals(before, pending.getLong(b), "equals folded the other's lanes");
    SignalFeatures c = new SignalFeatures(eightBit);
    d[0]++;
    c.add(d, d.length);
    assertTrue(!a.equals(c), "different counts are not equal");
  }

  /** A window of one valid value is finished without bins: the same doubles as from the bins, bit for bit. */
  @Test
  void oneValidValueGivesTheSameFeaturesAsTheBins() {
    java.util.Random r = new java.util.Random(15);
    int[] formats = {80, 16, 212};
    for (int k = 0; k < 2000; k++) {
      int format = formats[k % formats.length];
      int bits = format == 80 ? 8 : format == 212 ? 12 : 16;
      double gain = (r.nextBoolean() ? -1 : 1) * (k % 7 == 0 ? 200 : r.nextDouble() * 1000 + 1e-3);
      SignalScale scale = new SignalScale(format, gain, r.nextInt(200) - 100, bits, 0);
      SignalFeatures f = new SignalFeatures(scale, r.nextInt(100_000));
      int v = k % 11 == 0 ? (1 << (bits - 1)) - 1 : r.nextInt(1 << (bits - 1)) * (r.nextBoolean() ? -1 : 1);
      int invalid = io.wavebeam.wfdb.SampleFormat.INVALID;
      int before = r.nextInt(3);
      int[] values = new int[before + 1 + r.nextInt(3)];
      java.util.Arrays.fill(values, invalid);
      values[before] = k % 13 == 0 ? scale.baseline() : v;
      f.add(values, values.length);
      SignalStatistics fast = f.finish();
      assertEquals(1, fast.count());
      assertEquals(f.finishBins(), fast, "value " + values[before] + " of " + scale);
    }
  }

  /**
   * A window ended in one pass ({@code finishWindow}) gives the features and the segment counter the general
   * path gives (merge into the segment, add the window's other invalid values, finish, clear), window after window
   * on the same counter: 8-bit codes and ints, gaps, one valid value, none, values outside the 8-bit range.
   */
  @Test
  void aWindowEndedInOnePassEqualsMergeFinishAndClear() {
    Random r = new Random(80);
    for (int format : new int[] {80, 8}) {
      SignalScale scale = new SignalScale(format, format == 80 ? 200 : -37.5, r.nextInt(20) - 10, 8, 0);
      SignalFeatures window = new SignalFeatures(scale, 7500);
      SignalFeatures segment = new SignalFeatures(scale, 1 << 20);
      SignalFeatures expectedSegment = new SignalFeatures(scale, 1 << 20);
      for (int w = 0; w < 60; w++) {
        int n = w % 10 == 0 ? r.nextInt(3) : 1 + r.nextInt(9000);
        int[] values = new int[n];
        byte[] codes = new byte[n];
        for (int i = 0; i < n; i++) {
          boolean invalid = r.nextInt(40) == 0;
          int v = w % 7 == 3 ? 200 + r.nextInt(50) : Math.max(-127, Math.min(127, (int) (r.nextGaussian() * 30)));
          values[i] = invalid ? io.wavebeam.wfdb.SampleFormat.INVALID : v;
          codes[i] = invalid ? 0 : (byte) (Math.max(-127, Math.min(127, v)) + 128);
          if (!invalid && format == 80) {
            values[i] = Math.max(-127, Math.min(127, v));
          }
        }
        long elsewhere = r.nextInt(3) == 0 ? r.nextInt(500) : 0;
        SignalFeatures general = new SignalFeatures(scale, 7500);
        if (format == 80) {
          window.addOffsetBinaryCodes(codes, n);
          general.addOffsetBinaryCodes(codes, n);
        } else {
          window.add(values, n);
          general.add(values, n);
        }
        expectedSegment.merge(general);
        general.addInvalid(elsewhere);
        SignalStatistics expected = general.finish();
        assertEquals(expected, window.finishWindow(segment, elsewhere), "window " + w + " of format " + format);
        assertEquals(expectedSegment, segment, "the segment after window " + w);
        // a sparse table keeps its grown capacity when cleared, so only the 8-bit counter equals a new one
        if (format == 80) {
          assertEquals(new SignalFeatures(scale, 7500), window, "the counter is cleared after window " + w);
        }
      }
      assertEquals(expectedSegment.finish(), segment.finish());
    }
  }

  /**
   * finishWindow looks for a window's values first where the last window's were: windows whose values drift
   * down, then up, then jump (some below the last range, some above, some both, some inside) still give the
   * general path's features and segment counts, in ascending order of values.
   */
  @Test
  void windowsWhoseRangeMovesGiveTheGeneralPathsFeatures() {
    Random r = new Random(15);
    SignalScale scale = new SignalScale(80, 80, 0, 8, 0);
    SignalFeatures window = new SignalFeatures(scale, 7500);
    SignalFeatures segment = new SignalFeatures(scale, 1 << 20);
    SignalFeatures expectedSegment = new SignalFeatures(scale, 1 << 20);
    int[][] ranges = new int[80][];
    for (int w = 0; w < ranges.length; w++) {
      int centre = w < 30 ? 100 - 7 * w : w < 60 ? -110 + 7 * (w - 30) : r.nextInt(200) - 100;
      int width = w % 9 == 4 ? 120 : 1 + r.nextInt(30);
      ranges[w] = new int[] {Math.max(-127, centre - width), Math.min(127, centre + width)};
    }
    for (int[] range : ranges) {
      int n = 500 + r.nextInt(5000);
      byte[] codes = new byte[n];
      for (int i = 0; i < n; i++) {
        codes[i] = r.nextInt(50) == 0 ? 0 : (byte) (range[0] + r.nextInt(range[1] - range[0] + 1) + 128);
      }
      SignalFeatures general = new SignalFeatures(scale, 7500);
      window.addOffsetBinaryCodes(codes, n);
      general.addOffsetBinaryCodes(codes, n);
      expectedSegment.merge(general);
      assertEquals(general.finish(), window.finishWindow(segment, 0), "values in " + range[0] + ".." + range[1]);
      assertEquals(expectedSegment, segment);
      assertEquals(new SignalFeatures(scale, 7500), window, "the counter is cleared");
    }
  }
}
