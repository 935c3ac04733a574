package io.wavebeam.pipeline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.wavebeam.pipeline.FeatureValues;
import io.wavebeam.pipeline.ReferenceStats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;

/**
 * A signal's physical samples on the record's timeline as a test wrote them, and the features of a range of frames
 * computed the plain way (an array of doubles, sorted; pandas' formulas), independently of the histograms.
 */
final class WindowReference {
  final int samplesPerFrame;
  /** Physical value per sample (NaN: invalid, a gap, or a segment without the signal). */
  final double[] physical;
  /** Whether the sample is at a saturation extreme of its segment's scale. */
  final boolean[] saturated;

  WindowReference(long frames, int samplesPerFrame) {
    this.samplesPerFrame = samplesPerFrame;
    this.physical = new double[(int) (frames * samplesPerFrame)];
    this.saturated = new boolean[physical.length];
    Arrays.fill(physical, Double.NaN);
  }

  /** Puts digital values written at frame {@code frame} with a scale (INVALID stays NaN). */
  void put(long frame, int[] digital, double gain, int baseline, long[] extremes) {
    int at = (int) (frame * samplesPerFrame);
    for (int i = 0; i < digital.length; i++) {
      if (digital[i] == Integer.MIN_VALUE) {
        continue;
      }
      physical[at + i] = (digital[i] - baseline) / gain;
      for (long e : extremes) {
        saturated[at + i] |= e == digital[i];
      }
    }
  }

  /** Asserts the row holds the features of frames [from, to). */
  void check(WindowRow window, long from, long to) {
    String what = window.record() + "/" + window.signal() + " window " + window.windowIndex();
    FeatureValues row = window.features();
    int a = (int) (from * samplesPerFrame);
    int b = (int) (to * samplesPerFrame);
    double[] valid = new double[b - a];
    int n = 0;
    long flat = 0;
    long sat = 0;
    double previous = Double.NaN;
    for (int i = a; i < b; i++) {
      double x = physical[i];
      if (Double.isNaN(x)) {
        continue;
      }
      flat += n > 0 && x == previous ? 1 : 0;
      sat += saturated[i] ? 1 : 0;
      previous = x;
      valid[n++] = x;
    }
    valid = Arrays.copyOf(valid, n);
    assertEquals(b - a, window.nValues(), what + " n_values");
    assertEquals(n, row.count(), what + " count");
    assertEquals(b - a - n, row.nInvalid(), what + " n_invalid");
    if (n == 0) {
      assertNull(row.mean(), what);
      assertNull(row.min(), what);
      assertNull(row.p50(), what);
      return;
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (double x : valid) {
      sum = sum.add(new BigDecimal(x));
    }
    double mean = sum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
    assertEquals(mean, row.mean(), Math.abs(mean) * 1e-12 + 1e-300, what + " mean");
    ReferenceStats.Moments m = ReferenceStats.moments(valid, mean);
    if (n >= 2) {
      assertEquals(m.std(), row.std(), m.std() * 1e-10 + 1e-12, what + " std");
    } else {
      assertNull(row.std(), what);
    }
    assertEquals(m.rms(), row.rms(), m.rms() * 1e-10, what + " rms");
    if (n >= 3) { // 0 for a window of equal values, in both
      assertEquals(m.skewness(), row.skewness(), 1e-8 * Math.max(1, Math.abs(m.skewness())), what + " skewness");
    }
    if (n >= 4) {
      assertEquals(m.kurtosis(), row.kurtosis(), 1e-8 * Math.max(1, Math.abs(m.kurtosis())), what + " kurtosis");
    }
    double[] sorted = valid.clone();
    Arrays.sort(sorted);
    assertEquals(sorted[0], row.min(), 0, what + " min");
    assertEquals(sorted[n - 1], row.max(), 0, what + " max");
    assertEquals(ReferenceStats.quantile(sorted, 0.01), row.p01(), 0, what + " p01");
    assertEquals(ReferenceStats.quantile(sorted, 0.05), row.p05(), 0, what + " p05");
    assertEquals(ReferenceStats.quantile(sorted, 0.25), row.p25(), 0, what + " p25");
    assertEquals(ReferenceStats.quantile(sorted, 0.50), row.p50(), 0, what + " p50");
    assertEquals(ReferenceStats.quantile(sorted, 0.75), row.p75(), 0, what + " p75");
    assertEquals(ReferenceStats.quantile(sorted, 0.95), row.p95(), 0, what + " p95");
    assertEquals(ReferenceStats.quantile(sorted, 0.99), row.p99(), 0, what + " p99");
    assertEquals((double) flat / n, row.flatFraction(), 1e-15, what + " flat_fraction");
    assertEquals((double) sat / n, row.saturatedFraction(), 1e-15, what + " saturated_fraction");
  }
}
