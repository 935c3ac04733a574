package io.wavebeam.pipeline.features;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The features of consecutive stretches of one signal that are stored with different scales: the segments of a
 * multi-segment record that a time window spans, each with its own gain and baseline. Each stretch keeps its exact
 * count of digital values; here every distinct digital value becomes its physical value (the same double
 * {@code (digital - baseline) / gain} as for one scale), the physical values of all stretches are counted together,
 * and the features are those of that multiset, so they equal the features of the concatenated physical samples.
 * Stretches of equal scale are merged digitally first ({@link SignalFeatures#merge}), so one scale gives exactly
 * {@link SignalFeatures#finish()}.
 */
public final class MixedScaleFeatures {
  private static final MathContext MC = MathContext.DECIMAL128;

  private MixedScaleFeatures() {}

  /** Features of {@code parts}, consecutive in time (the list and its elements are consumed). */
  public static SignalStatistics finish(List<SignalFeatures> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no parts");
    }
    List<SignalFeatures> merged = new ArrayList<>();
    for (SignalFeatures p : parts) {
      SignalFeatures last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && last.scale().equals(p.scale())) {
        last.merge(p);
      } else {
        merged.add(p);
      }
    }
    if (merged.size() == 1) {
      return merged.get(0).finish();
    }
    return finishMixed(merged);
  }

  private static SignalStatistics finishMixed(List<SignalFeatures> parts) {
    long nValues = 0;
    long nInvalid = 0;
    long flat = 0;
    long saturated = 0;
    int distinct = 0;
    List<DigitalHistogram.Bins> allBins = new ArrayList<>();
    Double previousLast = null; // physical value of the last valid value so far
    for (SignalFeatures p : parts) {
      SignalFeatures.Counts c = p.counts();
      nValues += c.nValues();
      nInvalid += c.nInvalid();
      flat += c.flat();
      saturated += c.saturated();
      DigitalHistogram.Bins b = p.bins();
      allBins.add(b);
      distinct += b.values().length;
      if (c.anyValid()) {
        double first = p.scale().physical(c.firstValid());
        if (previousLast != null && previousLast == first) {
          flat++; // the first valid value of this stretch repeats the last one of the stretch before
        }
        previousLast = p.scale().physical(c.lastValid());
      }
    }
    double invalidFraction = nValues == 0 ? Double.NaN : (double) nInvalid / nValues;
    // Physical values of every stretch, with their counts, sorted by value (equal values from two scales merged).
    double[] xs = new double[distinct];
    long[] cs = new long[distinct];
    int k = 0;
    for (int j = 0; j < parts.size(); j++) {
      SignalScale scale = parts.get(j).scale();
      DigitalHistogram.Bins b = allBins.get(j);
      for (int i = 0; i < b.values().length; i++) {
        xs[k] = ((long) b.values()[i] - scale.baseline()) / scale.gain();
        cs[k] = b.counts()[i];
        k++;
      }
    }
    Integer[] order = new Integer[distinct];
    for (int i = 0; i < distinct; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Double.compare(xs[a], xs[b]));
    double[] values = new double[distinct];
    long[] counts = new long[distinct];
    int m = 0;
    for (int i = 0; i < distinct; i++) {
      double x = xs[order[i]];
      if (m > 0 && values[m - 1] == x) {
        counts[m - 1] += cs[order[i]];
      } else {
        values[m] = x;
        counts[m] = cs[order[i]];
        m++;
      }
    }
    long n = 0;
    for (int i = 0; i < m; i++) {
      n += counts[i];
    }
    if (n == 0) {
      return SignalStatistics.noValidSample(nValues, nInvalid, invalidFraction);
    }
    // Exact mean of the physical doubles (each is exact as a decimal), rounded once.
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < m; i++) {
      sum = sum.add(new BigDecimal(values[i]).multiply(BigDecimal.valueOf(counts[i])));
    }
    double mean = sum.divide(BigDecimal.valueOf(n), MC).doubleValue();
    SignalFeatures.CentralSums sums = new SignalFeatures.CentralSums(mean);
    for (int i = 0; i < m; i++) {
      sums.add(values[i], counts[i]);
    }
    double std = n < 2 ? Double.NaN : Math.sqrt(sums.m2() / (n - 1));
    double rms = Math.sqrt(sums.squares() / n);
    double skewness = sums.skewness(n);
    double kurtosis = sums.kurtosis(n);
    double[] q = new double[SignalFeatures.PROBABILITIES.length];
    for (int i = 0; i < q.length; i++) {
      double virtual = (n - 1) * SignalFeatures.PROBABILITIES[i];
      long below = (long) Math.floor(virtual);
      long above = Math.min(below + 1, n - 1);
      q[i] = SignalFeatures.lerp(valueAtRank(values, counts, m, below), valueAtRank(values, counts, m, above),
          virtual - below);
    }
    return new SignalStatistics(nValues, nInvalid, invalidFraction, n, mean, std, values[0], q[0], q[1], q[2], q[3],
        q[4], q[5], q[6], values[m - 1], rms, skewness, kurtosis, (double) saturated / n, (double) flat / n);
  }

  private static double valueAtRank(double[] values, long[] counts, int m, long rank) {
    long seen = 0;
    for (int i = 0; i < m; i++) {
      seen += counts[i];
      if (rank < seen) {
        return values[i];
      }
    }
    return values[m - 1];
  }
}
