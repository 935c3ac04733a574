package io.wavebeam.pipeline.features;

import io.wavebeam.wfdb.SampleFormat;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Streaming accumulator for the features of one signal of one record segment. Fed blocks of digital values (the
 * reader's {@link SampleFormat#INVALID} marks invalid ones); keeps an exact count of every digital value, so
 * quantiles, moments and saturation are exact and memory stays constant for formats up to 16 bits. Partial
 * accumulators of consecutive frame ranges of the same signal merge with {@link #merge}, in order.
 *
 * <p>Definitions follow pandas ({@code describe()}, {@code skew()}, {@code kurt()}) on the physical values
 * {@code (digital - baseline) / gain}; see docs/features.md.
 */
public final class SignalFeatures implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final MathContext MC = MathContext.DECIMAL128;
  /** The probabilities of the quantile features, ascending. */
  static final double[] PROBABILITIES = {0.01, 0.05, 0.25, 0.50, 0.75, 0.95, 0.99};

  private final SignalScale scale;
  private final DigitalHistogram histogram;
  /** Values per lane table: the dense range of an 8-bit format. */
  private static final int LANE_SIZE = 256;
  /** Four interleaved count tables for 8-bit signals, folded into the histogram when read; null otherwise. */
  private transient int[] lanes;
  private transient long pendingInLanes; // values added since the last fold
  private long nValues;
  private long nInvalid;
  private long flat; // valid values equal to the previous valid value
  private boolean anyValid;
  private int firstValid;
  private int lastValid;

  public SignalFeatures(SignalScale scale) {
    this(scale, Long.MAX_VALUE);
  }

  /**
   * Features of a signal expected to hold about {@code expectedValues} values. A short signal of a 16-bit format
   * (a numerics record holds a few hundred values) is counted in a sparse table: a dense one would allocate and
   * later scan 65,536 counters for it, which dominates a group of thousands of small files.
   */
  public SignalFeatures(SignalScale scale, long expectedValues) {
    this.scale = scale;
    this.histogram = DigitalHistogram.forBits(denseFor(scale, expectedValues) ? scale.histogramBits() : 0);
    long[] counts = histogram.denseCounts();
    this.lanes = counts != null && counts.length == LANE_SIZE ? new int[4 * LANE_SIZE] : null;
  }

  public SignalScale scale() {
    return scale;
  }

  private static boolean denseFor(SignalScale scale, long expectedValues) {
    int bits = scale.histogramBits();
    return bits <= 8 || bits <= DigitalHistogram.MAX_DENSE_BITS && expectedValues >= (4L << bits);
  }

  /**
   * Whether {@link #clear()}ed, this accumulator is what {@code new SignalFeatures(scale, expectedValues)} would
   * be: the same scale and the same choice of dense or sparse counting.
   */
  public boolean fits(SignalScale scale, long expectedValues) {
    return (this.scale == scale || this.scale.equals(scale)) && histogram.isDense() == (denseFor(scale, expectedValues)
        && DigitalHistogram.forBitsIsDense(scale.histogramBits()));
  }

  /**
   * Forgets every value, keeping the count tables: a windowed pass starts a counter per window and signal, and
   * allocating (and zeroing) fresh tables each time was a tenth of its time.
   */
  public void clear() {
    histogram.clear();
    if (lanes != null && pendingInLanes > 0) { // folding empties the lanes
      Arrays.fill(lanes, 0);
    }
    resetCounters();
  }

  /** Zeroes every count but the value tables' (the callers empty those). */
  private void resetCounters() {
    pendingInLanes = 0;
    nValues = 0;
    nInvalid = 0;
    flat = 0;
    anyValid = false;
    firstValid = 0;
    lastValid = 0;
  }

  /**
   * Adds {@code count} digital values from {@code digital[0..count)}, in time order. This is pass 1's hot loop
   * (one pass per value of the group): the flat-fraction test is a compare added to a counter, not a branch,
   * because neighbouring samples of a noisy signal are equal about as often as not and a branch mispredicts.
   */
  public void add(int[] digital, int count) {
    nValues += count;
    int i = 0;
    while (!anyValid && i < count) { // the first valid value starts the flat comparisons
      addOne(digital[i++]);
    }
    if (lanes != null) {
      if (pendingInLanes + count > Integer.MAX_VALUE) {
        foldLanes();
      }
      pendingInLanes += count;
      addToLanes(digital, i, count);
    } else {
      addToHistogram(digital, i, count);
    }
  }

  /** Whether {@link #addOffsetBinaryCodes} counts straight into this signal's tables (format 80's range). */
  public boolean countsOffsetBinaryCodes() {
    return lanes != null && histogram.denseLow() == -128;
  }

  /**
   * Adds {@code count} values given as format 80's stored codes ({@code codes[i] & 0xFF} is the value plus 128,
   * code 0 an invalid sample), as {@code SampleReader.readOffsetBinaryCodes} gives them. The code is the
   * value's index in the 8-bit tables, so counting needs no conversion at all, and eight codes are tested for
   * invalid samples and compared with their neighbours at once in a {@code long} (0.58 against 1.13 ns per
   * value, four codes at a time, measured on generated MIMIC-like data).
   */
  public void addOffsetBinaryCodes(byte[] codes, int count) {
    if (!countsOffsetBinaryCodes()) {
      int[] values = new int[count];
      for (int i = 0; i < count; i++) {
        values[i] = valueOfCode(codes[i]);
      }
      add(values, count);
      return;
    }
    nValues += count;
    int i = 0;
    while (!anyValid && i < count) {
      addOne(valueOfCode(codes[i++]));
    }
    if (pendingInLanes + count > Integer.MAX_VALUE) {
      foldLanes();
    }
    pendingInLanes += count;
    int[] lanes = this.lanes;
    long previous = codeOrZero(lastValid);
    long flatHere = 0;
    for (; i + 8 <= count; i += 8) {
      // eight codes at a time, as the bytes of a long: where a byte of x is zero, that code equals the one before
      long w = (long) LONG_LE.get(codes, i);
      if (nonZeroBytes(w) != HIGH_BITS) { // an invalid sample: one value at a time
        if (previous != 0) {
          lastValid = (int) previous - 128;
        }
        for (int j = i; j < i + 8; j++) {
          addOne(valueOfCode(codes[j]));
        }
        previous = codeOrZero(lastValid);
        continue;
      }
      long x = w ^ (w << 8 | previous);
      flatHere += 8 - Long.bitCount(nonZeroBytes(x));
      previous = w >>> 56;
      lanes[(int) w & 0xFF]++;
      lanes[LANE_SIZE + ((int) (w >>> 8) & 0xFF)]++;
      lanes[2 * LANE_SIZE + ((int) (w >>> 16) & 0xFF)]++;
      lanes[3 * LANE_SIZE + ((int) (w >>> 24) & 0xFF)]++;
      lanes[(int) (w >>> 32) & 0xFF]++;
      lanes[LANE_SIZE + ((int) (w >>> 40) & 0xFF)]++;
      lanes[2 * LANE_SIZE + ((int) (w >>> 48) & 0xFF)]++;
      lanes[3 * LANE_SIZE + (int) (w >>> 56)]++;
    }
    if (previous != 0) {
      lastValid = (int) previous - 128;
    }
    flat += flatHere;
    for (; i < count; i++) {
      addOne(valueOfCode(codes[i]));
    }
  }

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
  private static final long HIGH_BITS = 0x8080808080808080L;

  /** The high bit of each byte of {@code x} that is not zero, exactly (no borrow runs between bytes). */
  private static long nonZeroBytes(long x) {
    return ((x & LOW_SEVEN_BITS) + LOW_SEVEN_BITS | x) & HIGH_BITS;
  }

  /**
   * {@code value} as a format-80 code, or 0 (which no valid code is) when it lies outside format 80's range: a
   * value added through {@link #add} can; it then stays {@code lastValid} until a code replaces it.
   */
  private static long codeOrZero(int value) {
    return value >= -127 && value <= 127 ? value + 128 : 0;
  }

  private static int valueOfCode(byte code) {
    return code == 0 ? SampleFormat.INVALID : (code & 0xFF) - 128;
  }

  /**
   * Counts values of an 8-bit signal in four interleaved tables, four values per step. With one table, equal
   * neighbours increment the same counter back to back and each increment waits for the previous store; four
   * tables let the four increments of a step run side by side (0.9 against 1.8 ns per value measured here).
   */
  private void addToLanes(int[] digital, int from, int count) {
    int[] lanes = this.lanes;
    int low = histogram.denseLow();
    int previous = lastValid;
    long flatHere = 0;
    int i = from;
    for (; i + 4 <= count; i += 4) {
      int d0 = digital[i];
      int d1 = digital[i + 1];
      int d2 = digital[i + 2];
      int d3 = digital[i + 3];
      int k0 = d0 - low;
      int k1 = d1 - low;
      int k2 = d2 - low;
      int k3 = d3 - low;
      if (((k0 | k1 | k2 | k3) & ~(LANE_SIZE - 1)) != 0) { // an invalid value, or one outside the tables
        lastValid = previous;
        for (int j = i; j < i + 4; j++) {
          addOne(digital[j]);
        }
        previous = lastValid;
        continue;
      }
      flatHere += (d0 == previous ? 1 : 0) + (d1 == d0 ? 1 : 0) + (d2 == d1 ? 1 : 0) + (d3 == d2 ? 1 : 0);
      previous = d3;
      lanes[k0]++;
      lanes[LANE_SIZE + k1]++;
      lanes[2 * LANE_SIZE + k2]++;
      lanes[3 * LANE_SIZE + k3]++;
    }
    lastValid = previous;
    flat += flatHere;
    for (; i < count; i++) {
      addOne(digital[i]);
    }
  }

  /** Counts values straight into the histogram: dense counters where the value has one, else sparse. */
  private void addToHistogram(int[] digital, int from, int count) {
    long[] dense = histogram.denseCounts();
    int low = histogram.denseLow();
    int denseLength = dense == null ? 0 : dense.length;
    int previous = lastValid;
    long flatHere = 0;
    long invalidHere = 0;
    for (int i = from; i < count; i++) {
      int d = digital[i];
      if (d == SampleFormat.INVALID) {
        invalidHere++;
        continue;
      }
      flatHere += d == previous ? 1 : 0;
      previous = d;
      int k = d - low;
      if (Integer.compareUnsigned(k, denseLength) < 0) {
        dense[k]++;
      } else {
        histogram.add(d, 1);
      }
    }
    lastValid = previous;
    flat += flatHere;
    nInvalid += invalidHere;
  }

  /** One value with every check: the first valid value, invalid ones, values outside the lane tables. */
  private void addOne(int d) {
    if (d == SampleFormat.INVALID) {
      nInvalid++;
      return;
    }
    if (!anyValid) {
      anyValid = true;
      firstValid = d;
    } else if (d == lastValid) {
      flat++;
    }
    lastValid = d;
    int k = d - histogram.denseLow();
    if (lanes != null && k >= 0 && k < LANE_SIZE) {
      lanes[k]++;
    } else {
      histogram.add(d, 1);
    }
  }

  /** Moves the lane counts into the histogram; every method that reads the counts calls it first. */
  private void foldLanes() {
    if (lanes == null || pendingInLanes == 0) {
      return;
    }
    long[] dense = histogram.denseCounts();
    for (int k = 0; k < LANE_SIZE; k++) {
      dense[k] += (long) lanes[k] + lanes[LANE_SIZE + k] + lanes[2 * LANE_SIZE + k] + lanes[3 * LANE_SIZE + k];
    }
    Arrays.fill(lanes, 0);
    pendingInLanes = 0;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    foldLanes(); // the lanes are transient
    out.defaultWriteObject();
  }

  /** Adds the values of {@code later}, which must cover the frames right after this accumulator's. */
  public void merge(SignalFeatures later) {
    if (!scale.equals(later.scale)) {
      throw new IllegalArgumentException("cannot merge features of different scales: " + scale + " and "
          + later.scale);
    }
    foldLanes();
    later.foldLanes();
    histogram.merge(later.histogram);
    mergeCounters(later);
  }

  /** Adds {@code later}'s counters (all but the value counts), {@code later} covering the frames right after. */
  private void mergeCounters(SignalFeatures later) {
    nValues += later.nValues;
    nInvalid += later.nInvalid;
    flat += later.flat;
    if (later.anyValid) {
      if (anyValid && lastValid == later.firstValid) {
        flat++;
      }
      if (!anyValid) {
        firstValid = later.firstValid;
      }
      anyValid = true;
      lastValid = later.lastValid;
    }
  }

  // Equality of the stored state: Beam's DirectRunner compares decoded copies of elements with it. It reads the
  // lane tables without folding them: equals and hashCode must not change what they compare (a DoFn's input may
  // be compared on another thread while it is read).
  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SignalFeatures f)) {
      return false;
    }
    boolean sameCounts = pendingInLanes > 0 || f.pendingInLanes > 0
        ? Arrays.equals(countsWithLanes(), f.countsWithLanes()) : histogram.equals(f.histogram);
    return scale.equals(f.scale) && sameCounts && nValues == f.nValues && nInvalid == f.nInvalid
        && flat == f.flat && anyValid == f.anyValid && firstValid == f.firstValid && lastValid == f.lastValid;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(scale, nValues, nInvalid, flat);
  }

  /** The dense counts with the lanes' pending counts added, in a new array: neither is changed. */
  private long[] countsWithLanes() {
    long[] dense = histogram.denseCounts();
    if (lanes == null || pendingInLanes == 0 || dense == null) {
      return dense;
    }
    long[] sum = dense.clone();
    for (int k = 0; k < LANE_SIZE; k++) {
      sum[k] += (long) lanes[k] + lanes[LANE_SIZE + k] + lanes[2 * LANE_SIZE + k] + lanes[3 * LANE_SIZE + k];
    }
    return sum;
  }

  public SignalStatistics finish() {
    foldLanes();
    if (anyValid && nValues - nInvalid == 1) {
      return finishOne(firstValid, nValues, nInvalid, saturatedCount());
    }
    return finishBins();
  }

  /**
   * Ends the counter of one time window: returns the window's features (those {@link #finish()} gives after
   * {@link #addInvalid}{@code (invalidElsewhere)}), adds its counts to {@code total} (its segment's whole counter,
   * or null) as {@code total.merge(this)} would, and leaves this counter {@link #clear()}ed for the next window.
   * {@code invalidElsewhere}: the window's invalid values outside this counter (gaps, segments without the
   * signal); they count in the window's features only, not in {@code total}.
   *
   * <p>A windowed run ends a counter every few thousand values. For an 8-bit signal (the 256-entry tables) this
   * is one pass over the tables: the distinct values are collected, added to {@code total} and the tables zeroed
   * where they counted, with no bins allocated; folding, merging, collecting and clearing them one after the other
   * cost about as much as counting the window's values (C1). Other counters take the general path.
   */
  public SignalStatistics finishWindow(SignalFeatures total, long invalidElsewhere) {
    if (lanes == null || histogram.hasSparse()) {
      if (total != null) {
        total.merge(this);
      }
      addInvalid(invalidElsewhere);
      SignalStatistics stats = finish();
      clear();
      return stats;
    }
    if (total != null && total.scale != scale && !scale.equals(total.scale)) {
      throw new IllegalArgumentException("cannot merge features of different scales: " + total.scale + " and "
          + scale);
    }
    if (windowValues == null) {
      windowValues = new int[LANE_SIZE];
      windowCounts = new long[LANE_SIZE];
    }
    int[] values = windowValues;
    long[] counts = windowCounts;
    long[] totalDense = total == null ? null : total.histogram.denseCounts();
    // Every valid value is counted once in the tables (a value outside them took the general path above), so
    // when the previous window's range of values holds all of this window's, the rest of the tables is zero and
    // is not read: a signal's range moves little from one window to the next, and the scan of 256 entries of
    // five tables was a tenth of a window's cost.
    long valid = nValues - nInvalid;
    int from = windowFrom;
    int to = windowTo;
    int m = collect(from, to, 0, totalDense);
    long n = collected;
    if (n != valid) { // values outside the range: the entries below it, then above it, then into order
      int inRange = m;
      m = collect(0, from, m, totalDense);
      n += collected;
      int below = m - inRange;
      m = collect(to, LANE_SIZE, m, totalDense);
      n += collected;
      if (below > 0) {
        rotate(values, counts, inRange, below);
      }
    }
    if (m > 0) { // with a margin: a window's extremes move by a few steps from one window to the next
      windowFrom = Math.max(0, values[0] - histogram.denseLow() - RANGE_MARGIN);
      windowTo = Math.min(LANE_SIZE, values[m - 1] - histogram.denseLow() + 1 + RANGE_MARGIN);
    }
    if (total != null) {
      total.mergeCounters(this);
    }
    long windowValues = nValues + invalidElsewhere;
    long windowInvalid = nInvalid + invalidElsewhere;
    SignalStatistics stats;
    if (n == 0) {
      stats = SignalStatistics.noValidSample(windowValues, windowInvalid,
          windowValues == 0 ? Double.NaN : (double) windowInvalid / windowValues);
    } else if (n == 1) {
      stats = finishOne(values[0], windowValues, windowInvalid, saturatedIn(values, counts, m));
    } else {
      stats = statistics(values, counts, m, n, windowValues, windowInvalid, saturatedIn(values, counts, m));
    }
    resetCounters();
    return stats;
  }

  /** Distinct values and counts of the window being ended ({@link #finishWindow}), reused window after window. */
  private transient int[] windowValues;
  private transient long[] windowCounts;
  /** The table entries [from, to) that held the last window's values: where the next window's are looked for. */
  private static final int RANGE_MARGIN = 6;
  private transient int windowFrom = 0;
  private transient int windowTo = LANE_SIZE;
  /** The values {@link #collect} found in its last call. */
  private transient long collected;

  /**
   * Collects the non-zero entries {@code [from, to)} of the 8-bit tables (dense and lanes) as distinct values and
   * counts into {@link #windowValues} and {@link #windowCounts} from position {@code m}, adds them to
   * {@code totalDense} (or not, if null) and zeroes them; returns the new position, {@link #collected} the
   * values found.
   */
  private int collect(int from, int to, int m, long[] totalDense) {
    int[] values = windowValues;
    long[] counts = windowCounts;
    int[] lanes = this.lanes;
    long[] dense = histogram.denseCounts();
    int low = histogram.denseLow();
    long n = 0;
    for (int k = from; k < to; k++) {
      long c = dense[k] + lanes[k] + lanes[LANE_SIZE + k] + lanes[2 * LANE_SIZE + k] + lanes[3 * LANE_SIZE + k];
      if (c != 0) {
        values[m] = low + k;
        counts[m++] = c;
        n += c;
        dense[k] = 0;
        lanes[k] = 0;
        lanes[LANE_SIZE + k] = 0;
        lanes[2 * LANE_SIZE + k] = 0;
        lanes[3 * LANE_SIZE + k] = 0;
        if (totalDense != null) {
          totalDense[k] += c;
        }
      }
    }
    collected = n;
    return m;
  }

  /**
   * Moves the {@code below} entries after the first {@code inRange} ones to the front (values and counts alike),
   * keeping both blocks' order: the rare window whose values reach below the previous window's range.
   */
  private static void rotate(int[] values, long[] counts, int inRange, int below) {
    int[] v = Arrays.copyOf(values, inRange);
    long[] c = Arrays.copyOf(counts, inRange);
    System.arraycopy(values, inRange, values, 0, below);
    System.arraycopy(counts, inRange, counts, 0, below);
    System.arraycopy(v, 0, values, below, inRange);
    System.arraycopy(c, 0, counts, below, inRange);
  }

  /**
   * The features of a single valid value {@code v}: the same doubles {@link #finishBins} computes for it, without
   * collecting bins (one-per-minute numerics in minute windows give a row per value).
   */
  private SignalStatistics finishOne(int v, long nValues, long nInvalid, long saturated) {
    double c = (double) ((long) v - scale.baseline());
    double gain = scale.gain();
    double x = physical(v);
    double q = lerp(x, x, 0);
    double nan = Double.NaN;
    return new SignalStatistics(nValues, nInvalid, (double) nInvalid / nValues, 1, c / gain, nan, x, q, q, q, q, q,
        q, q, x, Math.sqrt(c * c / 1) / Math.abs(gain), nan, nan, (double) saturated / 1, (double) flat / 1);
  }

  /** {@link #finish()} from the distinct values and their counts. */
  SignalStatistics finishBins() {
    foldLanes();
    DigitalHistogram.Bins bins = histogram.bins();
    long n = bins.total();
    if (n == 0) {
      return SignalStatistics.noValidSample(nValues, nInvalid, nValues == 0 ? Double.NaN : (double) nInvalid / nValues);
    }
    return statistics(bins.values(), bins.counts(), bins.values().length, n, nValues, nInvalid, saturatedCount());
  }

  /**
   * The features of {@code n > 0} valid values given as the first {@code m} distinct digital values (ascending)
   * and their counts; {@code nValues}, {@code nInvalid} and {@code saturated} as counted.
   */
  private SignalStatistics statistics(int[] values, long[] counts, int m, long n, long nValues, long nInvalid,
      long saturated) {
    double invalidFraction = (double) nInvalid / nValues;
    double gain = scale.gain();
    int baseline = scale.baseline();

    // Exact mean of c = digital - baseline, then central sums in double around it (two passes over the bins).
    double meanC = exactMean(values, counts, m, baseline, n);
    CentralSums sums = new CentralSums(meanC);
    for (int i = 0; i < m; i++) {
      sums.add((double) ((long) values[i] - baseline), counts[i]);
    }
    double sumDev2 = sums.m2();
    double absGain = Math.abs(gain);
    double mean = meanC / gain;
    double std = n < 2 ? Double.NaN : Math.sqrt(sumDev2 / (n - 1)) / absGain;
    double rms = Math.sqrt(sums.squares() / n) / absGain;
    double skewness = sums.skewness(n) * Math.signum(gain);
    double kurtosis = sums.kurtosis(n);

    double[] q = quantiles(values, counts, m, n);
    double min = physical(gain > 0 ? values[0] : values[m - 1]);
    double max = physical(gain > 0 ? values[m - 1] : values[0]);
    return new SignalStatistics(nValues, nInvalid, invalidFraction, n, mean, std, min, q[0], q[1], q[2], q[3], q[4],
        q[5], q[6], max, rms, skewness, kurtosis, (double) saturated / n, (double) flat / n);
  }

  /**
   * {@code exactMean(exactSum(values, counts, baseline), n)} over the first {@code m} bins; below 2^31 values (a
   * window, most segments) the sum cannot overflow a {@code long}: each |count × (value − baseline)| is below
   * 2^31 × 2^32, and so is their sum, so it needs neither overflow checks nor a BigInteger.
   */
  private static double exactMean(int[] values, long[] counts, int m, int baseline, long n) {
    if (n >= (1L << 31)) {
      return exactMean(exactSum(Arrays.copyOf(values, m), Arrays.copyOf(counts, m), baseline), n);
    }
    long sum = 0;
    for (int i = 0; i < m; i++) {
      sum += counts[i] * ((long) values[i] - baseline);
    }
    return Math.abs(sum) < (1L << 53) ? (double) sum / n : exactMean(BigInteger.valueOf(sum), n);
  }

  /**
   * Σ counts[i] × (values[i] − baseline), exactly: in a {@code long} while it cannot overflow (always, for
   * counts below 2^40 of 16-bit values), else in a BigInteger. A window's row is finished every few thousand
   * values, so a BigInteger per distinct value would cost more than counting them.
   */
  static BigInteger exactSum(int[] values, long[] counts, int baseline) {
    long sum = 0;
    for (int i = 0; i < values.length; i++) {
      long c = (long) values[i] - baseline;
      long product = counts[i] * c;
      long next = sum + product;
      boolean overflow = Math.multiplyHigh(counts[i], c) != (product >> 63)
          || ((sum ^ next) & (product ^ next)) < 0;
      if (overflow) {
        BigInteger big = BigInteger.ZERO;
        for (int j = 0; j < values.length; j++) {
          big = big.add(BigInteger.valueOf(counts[j]).multiply(BigInteger.valueOf((long) values[j] - baseline)));
        }
        return big;
      }
      sum = next;
    }
    return BigInteger.valueOf(sum);
  }

  private static final BigInteger TWO_53 = BigInteger.ONE.shiftLeft(53);

  /**
   * {@code sum / n} rounded to a double. When both are below 2^53 they are exact doubles and IEEE division gives
   * the correctly rounded quotient; such a quotient is never exactly halfway between two doubles (that would need
   * |sum| ≥ 2^53), so the decimal division used otherwise (34 digits, then to double) gives the same bits.
   */
  static double exactMean(BigInteger sum, long n) {
    if (sum.abs().compareTo(TWO_53) < 0 && n < (1L << 53)) {
      return (double) sum.longValue() / n;
    }
    return new BigDecimal(sum).divide(BigDecimal.valueOf(n), MC).doubleValue();
  }

  /** Valid values at a saturation extreme (each distinct extreme counted once). */
  long saturatedCount() {
    foldLanes();
    long saturated = 0;
    for (long e : distinctSaturationValues()) {
      saturated += histogram.count((int) e);
    }
    return saturated;
  }

  /** {@link #saturatedCount()} from the first {@code m} bins (ascending values). */
  private long saturatedIn(int[] values, long[] counts, int m) {
    long saturated = 0;
    for (long e : distinctSaturationValues()) {
      int at = Arrays.binarySearch(values, 0, m, (int) e);
      saturated += at >= 0 ? counts[at] : 0;
    }
    return saturated;
  }

  /** The scale's saturation values that are ints, each once; computed once per counter. */
  private long[] distinctSaturationValues() {
    if (saturation == null) {
      saturation = Arrays.stream(scale.saturationValues()).distinct()
          .filter(e -> e >= Integer.MIN_VALUE && e <= Integer.MAX_VALUE).toArray();
    }
    return saturation;
  }

  private transient long[] saturation;

  /**
   * Counts {@code count} invalid values that were never read as digital values: the frames of a gap, or of a
   * segment that lacks the signal. They change only {@code n_values} and the invalid counts.
   */
  public void addInvalid(long count) {
    nValues += count;
    nInvalid += count;
  }

  // State read by MixedScaleFeatures, which combines parts of different scales.
  DigitalHistogram.Bins bins() {
    foldLanes();
    return histogram.bins();
  }

  /**
   * What {@link MixedScaleFeatures} needs of a part besides its bins: its counts, and its first and last valid
   * values (digital) to link the flat run across parts.
   */
  record Counts(long nValues, long nInvalid, long flat, long saturated, boolean anyValid, int firstValid,
      int lastValid) {}

  Counts counts() {
    return new Counts(nValues, nInvalid, flat, saturatedCount(), anyValid, firstValid, lastValid);
  }

  private double physical(int digital) {
    return (digital - scale.baseline()) / scale.gain();
  }

  /**
   * Quantiles of the physical values as numpy's {@code percentile(method="linear")} computes them (pandas'
   * {@code quantile} and {@code describe}): virtual index {@code (n-1)q}, the two neighbouring order statistics
   * mapped to physical units first, then numpy's lerp. A negative gain reverses the order, so the physical rank r
   * is the digital rank n-1-r. The order statistics are read with one cursor over the bins, which moves little
   * between neighbouring ranks.
   */
  private double[] quantiles(int[] values, long[] counts, int m, long n) {
    int k = PROBABILITIES.length;
    double[] out = new double[k];
    RankCursor cursor = new RankCursor(values, counts);
    for (int i = 0; i < k; i++) {
      double virtual = (n - 1) * PROBABILITIES[i];
      long lower = (long) Math.floor(virtual);
      long upper = Math.min(lower + 1, n - 1);
      double a = physical(cursor.valueAt(digitalRank(lower, n)));
      double b = physical(cursor.valueAt(digitalRank(upper, n)));
      out[i] = lerp(a, b, virtual - lower);
    }
    return out;
  }

  /** The value at a 0-based rank of bins (distinct values ascending, counts), moving from the last rank asked. */
  private static final class RankCursor {
    private final int[] values;
    private final long[] counts;
    private int bin;
    private long below; // values in the bins before {@code bin}

    RankCursor(int[] values, long[] counts) {
      this.values = values;
      this.counts = counts;
    }

    int valueAt(long rank) {
      while (rank >= below + counts[bin]) {
        below += counts[bin++];
      }
      while (rank < below) {
        below -= counts[--bin];
      }
      return values[bin];
    }
  }

  private long digitalRank(long physicalRank, long n) {
    return scale.gain() > 0 ? physicalRank : n - 1 - physicalRank;
  }

  /** numpy's {@code _lerp}: {@code a + (b-a)t}, computed from {@code b} when {@code t >= 0.5}. */
  static double lerp(double a, double b, double t) {
    double diff = b - a;
    return t >= 0.5 ? b - diff * (1 - t) : a + diff * t;
  }

  /**
   * The sums of a histogram's values around their mean that std, rms, skewness and kurtosis need: Σk·dev²,
   * Σk·dev³, Σk·dev⁴ and Σk·x², each compensated (Neumaier). The running sums are plain fields, added to in one
   * method: every window's row goes through this once per distinct value, and under the C1 compiler a
   * compensated-sum object per sum cost a field load and store per step.
   */
  static final class CentralSums {
    private final double mean;
    private double m2;
    private double m2c;
    private double m3;
    private double m3c;
    private double m4;
    private double m4c;
    private double squares;
    private double squaresc;

    CentralSums(double mean) {
      this.mean = mean;
    }

    /** Adds value {@code x} seen {@code count} times. */
    void add(double x, double count) {
      double dev = x - mean;
      double dev2 = dev * dev;
      double a = count * dev2;
      double b = count * dev2 * dev;
      double c = count * dev2 * dev2;
      double d = count * x * x;
      double t = m2 + a;
      m2c += Math.abs(m2) >= Math.abs(a) ? (m2 - t) + a : (a - t) + m2;
      m2 = t;
      t = m3 + b;
      m3c += Math.abs(m3) >= Math.abs(b) ? (m3 - t) + b : (b - t) + m3;
      m3 = t;
      t = m4 + c;
      m4c += Math.abs(m4) >= Math.abs(c) ? (m4 - t) + c : (c - t) + m4;
      m4 = t;
      t = squares + d;
      squaresc += Math.abs(squares) >= Math.abs(d) ? (squares - t) + d : (d - t) + squares;
      squares = t;
    }

    double m2() {
      return m2 + m2c;
    }

    double m3() {
      return m3 + m3c;
    }

    double m4() {
      return m4 + m4c;
    }

    double squares() {
      return squares + squaresc;
    }

    /** pandas' {@code Series.skew()}: adjusted Fisher-Pearson G1; NaN below 3 values, 0 when all are equal. */
    double skewness(long n) {
      double sumDev2 = m2();
      return n < 3 ? Double.NaN
          : sumDev2 == 0 ? 0 : n * Math.sqrt(n - 1.0) / (n - 2.0) * (m3() / Math.pow(sumDev2, 1.5));
    }

    /** pandas' {@code Series.kurt()}: bias-corrected excess kurtosis G2; NaN below 4 values, 0 when all equal. */
    double kurtosis(long n) {
      double sumDev2 = m2();
      if (n < 4 || sumDev2 == 0) {
        return n < 4 ? Double.NaN : 0;
      }
      double nd = n;
      double adjust = 3 * (nd - 1) * (nd - 1) / ((nd - 2) * (nd - 3));
      return nd * (nd + 1) * (nd - 1) * m4() / ((nd - 2) * (nd - 3) * sumDev2 * sumDev2) - adjust;
    }
  }
}
