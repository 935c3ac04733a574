package io.wavebeam.wfdb;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Whole-record statistics per signal, as {@code wavebeam describe} prints them: counts, exact digital sums, and
 * the mean, population standard deviation, minimum and maximum of the physical values, plus the first and last
 * ten values. Invalid samples are counted and otherwise skipped.
 *
 * <p>Moments are exact: digital sums are kept as integers per scale (a segment's gain and baseline), and the
 * physical moments are formed from them in 60-digit decimal arithmetic, so the mean and standard deviation are
 * correctly rounded whatever the record's length.
 *
 * @param warnings warnings from opening and reading the record (checksum mismatches and the like)
 */
public record RecordSummary(WfdbRecord record, List<SignalStats> signals, List<String> warnings) {
  /** Frames read per block. */
  static final int BLOCK_FRAMES = 8192;
  /** Values per block at most: frames are fewer when frames are wide. */
  static final int BLOCK_VALUES = 1 << 20;
  /** Values per run before its sums are folded: keeps the {@code long} sum of 32-bit values exact. */
  static final long RUN_VALUES = 1L << 31;
  static final int EDGE_VALUES = 10;
  private static final MathContext MC = new MathContext(60);

  /** Statistics of one signal; the physical ones are null when no sample is valid. */
  public record SignalStats(
      long nValues, long nValid, long nInvalid,
      Long digitalMin, Long digitalMax, BigInteger digitalSum,
      Double physicalMean, Double physicalStd, Double physicalMin, Double physicalMax,
      double[] first10Physical, double[] last10Physical, Integer[] first10Digital) {}

  /** Reads the whole record once and summarises every signal. */
  public static RecordSummary of(WfdbRecord record) throws IOException {
    int n = record.signals().size();
    // Blocks of about BLOCK_VALUES values, whatever the frame holds (up to HeaderParser.MAX_VALUES_PER_FRAME).
    int blockFrames = (int) Math.max(1, Math.min(BLOCK_FRAMES, BLOCK_VALUES / Math.max(1, record.valuesPerFrame())));
    Accumulator[] acc = new Accumulator[n];
    for (int s = 0; s < n; s++) {
      acc[s] = new Accumulator();
    }
    List<String> warnings = new ArrayList<>(record.warnings());
    try (SampleReader reader = record.openReader()) {
      int[][] block = reader.newBlock(blockFrames);
      int frames;
      while ((frames = reader.read(block, blockFrames)) > 0) {
        for (int s = 0; s < n; s++) {
          acc[s].add(block[s], frames * reader.samplesPerFrame(s), reader.baseline(s), reader.gain(s));
        }
      }
      warnings.addAll(reader.warnings());
    }
    List<SignalStats> stats = new ArrayList<>(n);
    for (Accumulator a : acc) {
      stats.add(a.finish());
    }
    return new RecordSummary(record, stats, warnings);
  }

  /** Exact sums for one run of samples that share a scale, folded into decimal totals when the scale changes. */
  private static final class Accumulator {
    long nValues;
    long nValid;
    long digitalMin = Long.MAX_VALUE;
    long digitalMax = Long.MIN_VALUE;
    BigInteger digitalSum = BigInteger.ZERO;
    double physicalMin = Double.POSITIVE_INFINITY;
    double physicalMax = Double.NEGATIVE_INFINITY;
    BigDecimal physicalSum = BigDecimal.ZERO;
    BigDecimal physicalSquares = BigDecimal.ZERO;

    // the current scale's run
    boolean open;
    int baseline;
    double gain;
    long runCount;
    long runSum;
    long runSquaresHi; // unsigned 128-bit sum of squares
    long runSquaresLo;
    long runMin = Long.MAX_VALUE;
    long runMax = Long.MIN_VALUE;

    final double[] first = new double[EDGE_VALUES];
    final Integer[] firstDigital = new Integer[EDGE_VALUES];
    int firstCount;
    final double[] last = new double[EDGE_VALUES];
    long lastCount;

    void add(int[] values, int count, int baseline, double gain) {
      if (!open || baseline != this.baseline || Double.compare(gain, this.gain) != 0
          || runCount > RUN_VALUES) {
        flushRun();
        open = true;
        this.baseline = baseline;
        this.gain = gain;
      }
      for (int i = 0; i < count; i++) {
        int d = values[i];
        double p = SampleReader.physical(d, baseline, gain);
        if (firstCount < EDGE_VALUES) {
          first[firstCount] = p;
          firstDigital[firstCount] = d == SampleFormat.INVALID ? null : d;
          firstCount++;
        }
        last[(int) (lastCount++ % EDGE_VALUES)] = p;
        if (d == SampleFormat.INVALID) {
          continue;
        }
        runCount++;
        runSum += d;
        long sq = (long) d * d;
        long lo = runSquaresLo + sq;
        if (Long.compareUnsigned(lo, runSquaresLo) < 0) {
          runSquaresHi++;
        }
        runSquaresLo = lo;
        if (d < runMin) {
          runMin = d;
        }
        if (d > runMax) {
          runMax = d;
        }
      }
      nValues += count;
    }

    private void flushRun() {
      if (runCount == 0) {
        return;
      }
      nValid += runCount;
      digitalSum = digitalSum.add(BigInteger.valueOf(runSum));
      digitalMin = Math.min(digitalMin, runMin);
      digitalMax = Math.max(digitalMax, runMax);
      double a = (runMin - (long) baseline) / gain; // long: exact for the full 32-bit range
      double b = (runMax - (long) baseline) / gain;
      physicalMin = Math.min(physicalMin, Math.min(a, b));
      physicalMax = Math.max(physicalMax, Math.max(a, b));
      BigDecimal g = new BigDecimal(gain);
      BigDecimal base = BigDecimal.valueOf(baseline);
      BigDecimal n = BigDecimal.valueOf(runCount);
      BigDecimal s1 = BigDecimal.valueOf(runSum);
      BigDecimal s2 = new BigDecimal(new BigInteger(1, toBytes(runSquaresHi, runSquaresLo)));
      // sum (d - b) = S1 - n b ; sum (d - b)^2 = S2 - 2 b S1 + n b^2
      BigDecimal centred = s1.subtract(n.multiply(base));
      BigDecimal centredSquares = s2.subtract(base.multiply(s1).multiply(BigDecimal.valueOf(2)))
          .add(n.multiply(base).multiply(base));
      physicalSum = physicalSum.add(centred.divide(g, MC));
      physicalSquares = physicalSquares.add(centredSquares.divide(g.multiply(g), MC));
      runCount = 0;
      runSum = 0;
      runSquaresHi = 0;
      runSquaresLo = 0;
      runMin = Long.MAX_VALUE;
      runMax = Long.MIN_VALUE;
    }

    private static byte[] toBytes(long hi, long lo) {
      byte[] b = new byte[16];
      for (int i = 0; i < 8; i++) {
        b[i] = (byte) (hi >>> (56 - 8 * i));
        b[8 + i] = (byte) (lo >>> (56 - 8 * i));
      }
      return b;
    }

    SignalStats finish() {
      flushRun();
      double[] firstOut = Arrays.copyOf(first, Math.min(firstCount, EDGE_VALUES));
      Integer[] firstDigitalOut = Arrays.copyOf(firstDigital, firstOut.length);
      int lastN = (int) Math.min(lastCount, EDGE_VALUES);
      double[] lastOut = new double[lastN];
      for (int i = 0; i < lastN; i++) {
        lastOut[i] = last[(int) ((lastCount - lastN + i) % EDGE_VALUES)];
      }
      if (nValid == 0) {
        return new SignalStats(nValues, 0, nValues, null, null, BigInteger.ZERO, null, null, null, null,
            firstOut, lastOut, firstDigitalOut);
      }
      BigDecimal n = BigDecimal.valueOf(nValid);
      BigDecimal mean = physicalSum.divide(n, MC);
      BigDecimal variance = physicalSquares.divide(n, MC).subtract(mean.multiply(mean, MC), MC);
      if (variance.signum() < 0) {
        variance = BigDecimal.ZERO;
      }
      return new SignalStats(nValues, nValid, nValues - nValid, digitalMin, digitalMax, digitalSum,
          mean.doubleValue(), variance.sqrt(MC).doubleValue(), physicalMin, physicalMax,
          firstOut, lastOut, firstDigitalOut);
    }
  }
}
