package io.wavebeam.combiner;

import java.io.Serializable;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A sum of doubles without rounding error (Shewchuk's non-overlapping partials, as Python's {@code math.fsum}),
 * rounded once at the end. The result does not depend on the order of the additions or on how the rows were
 * split between workers, so every runner and every parallelism gives the same {@code signal_stats.csv}.
 */
final class ExactSum implements Serializable {
  private double[] partials = new double[4];
  private int size;

  void add(double x) {
    int i = 0;
    for (int j = 0; j < size; j++) {
      double y = partials[j];
      if (Math.abs(x) < Math.abs(y)) {
        double t = x;
        x = y;
        y = t;
      }
      double hi = x + y;
      double lo = y - (hi - x);
      if (lo != 0.0) {
        partials[i++] = lo;
      }
      x = hi;
    }
    if (i == partials.length) {
      partials = Arrays.copyOf(partials, i * 2);
    }
    partials[i] = x;
    size = i + 1;
  }

  void add(ExactSum o) {
    for (int j = 0; j < o.size; j++) {
      add(o.partials[j]);
    }
  }

  /** The partials, for {@link RunSummaryCoder}. */
  double[] partials() {
    return Arrays.copyOf(partials, size);
  }

  /** A sum holding exactly {@code partials} (as {@link #partials()} gave them). */
  static ExactSum ofPartials(double[] partials) {
    ExactSum s = new ExactSum();
    s.partials = partials.length == 0 ? new double[4] : partials.clone();
    s.size = partials.length;
    return s;
  }

  /** The exact sum rounded to the nearest double (ties to even). */
  double value() {
    BigDecimal sum = BigDecimal.ZERO;
    for (int j = 0; j < size; j++) {
      sum = sum.add(new BigDecimal(partials[j]));
    }
    return sum.doubleValue();
  }
}
