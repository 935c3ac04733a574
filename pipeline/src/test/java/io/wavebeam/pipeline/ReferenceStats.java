package io.wavebeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The features computed the plain way, for comparison: physical values in an array, NaN dropped, sorted, and the
 * textbook (pandas) formulas. Independent of the accumulator's histogram.
 */
public final class ReferenceStats {
  private ReferenceStats() {}

  /** Features of digital values {@code d} (Integer.MIN_VALUE = invalid) with the given scale. */
  static Map<String, Double> of(int[] d, double gain, int baseline, long[] saturation) {
    double[] all = new double[d.length];
    int n = 0;
    double[] valid = new double[d.length];
    long flat = 0;
    long saturated = 0;
    Integer prev = null;
    for (int i = 0; i < d.length; i++) {
      if (d[i] == Integer.MIN_VALUE) {
        all[i] = Double.NaN;
        continue;
      }
      all[i] = (d[i] - baseline) / gain;
      valid[n++] = all[i];
      if (prev != null && prev == d[i]) {
        flat++;
      }
      for (long s : saturation) {
        if (s == d[i]) {
          saturated++;
          break;
        }
      }
      prev = d[i];
    }
    valid = Arrays.copyOf(valid, n);
    double[] sorted = valid.clone();
    Arrays.sort(sorted);
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("count", (double) n);
    m.put("n_values", (double) d.length);
    m.put("n_invalid", (double) (d.length - n));
    double mean = Double.NaN;
    if (n > 0) {
      double sum = 0;
      for (double v : valid) {
        sum += v;
      }
      mean = sum / n;
    }
    Moments moments = moments(valid, mean);
    m.put("mean", mean);
    m.put("std", moments.std());
    m.put("min", n == 0 ? Double.NaN : sorted[0]);
    m.put("max", n == 0 ? Double.NaN : sorted[n - 1]);
    for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
      m.put(String.format("p%02d", Math.round(q * 100)), quantile(sorted, q));
    }
    m.put("rms", moments.rms());
    m.put("skewness", moments.skewness());
    m.put("kurtosis", moments.kurtosis());
    m.put("invalid_fraction", d.length == 0 ? Double.NaN : (double) (d.length - n) / d.length);
    m.put("saturated_fraction", n == 0 ? Double.NaN : (double) saturated / n);
    m.put("flat_fraction", n == 0 ? Double.NaN : (double) flat / n);
    return m;
  }

  /** The moment features of a set of values, NaN where pandas gives NaN (too few values). */
  public record Moments(double std, double rms, double skewness, double kurtosis) {}

  /**
   * std, rms, skewness and kurtosis of the (valid) values {@code x} around {@code mean}, by the textbook (pandas)
   * formulas, summed in plain doubles: sample std, G1, bias-corrected excess G2; 0 for skewness and kurtosis when
   * every value is the same.
   */
  public static Moments moments(double[] x, double mean) {
    int n = x.length;
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    double sq = 0;
    for (double v : x) {
      double a = v - mean;
      m2 += a * a;
      m3 += a * a * a;
      m4 += a * a * a * a;
      sq += v * v;
    }
    double std = n < 2 ? Double.NaN : Math.sqrt(m2 / (n - 1));
    double rms = n == 0 ? Double.NaN : Math.sqrt(sq / n);
    double skewness = n < 3 ? Double.NaN : m2 == 0 ? 0 : n * Math.sqrt(n - 1.0) / (n - 2.0) * m3 / Math.pow(m2, 1.5);
    double kurtosis = n < 4 ? Double.NaN : m2 == 0 ? 0
        : (double) n * (n + 1) * (n - 1) * m4 / ((n - 2.0) * (n - 3.0) * m2 * m2) - 3.0 * (n - 1) * (n - 1)
            / ((n - 2.0) * (n - 3.0));
    return new Moments(std, rms, skewness, kurtosis);
  }

  /** numpy.percentile(method="linear") on sorted values. */
  public static double quantile(double[] sorted, double q) {
    int n = sorted.length;
    if (n == 0) {
      return Double.NaN;
    }
    double h = (n - 1) * q;
    int lo = (int) Math.floor(h);
    int hi = Math.min(lo + 1, n - 1);
    double t = h - lo;
    double a = sorted[lo];
    double b = sorted[hi];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
  }

  /** Asserts a JSON row against the reference: counts exactly, order statistics to 1e-12, moments to 1e-9. */
  static void assertRow(JsonNode row, Map<String, Double> ref, String what) {
    for (Map.Entry<String, Double> e : ref.entrySet()) {
      String k = e.getKey();
      double want = e.getValue();
      JsonNode got = row.get(k);
      assertTrue(got != null, what + ": no field " + k);
      if (Double.isNaN(want)) {
        assertTrue(got.isNull(), what + " " + k + ": want null (NaN), got " + got);
        continue;
      }
      double tol;
      switch (k) {
        case "mean": case "std": case "rms":
          tol = 1e-9 * Math.max(1e-300, Math.abs(want)) + 1e-12 * Math.abs(ref.get("max") - ref.get("min"));
          break;
        case "skewness": case "kurtosis":
          tol = 1e-7 * Math.max(1, Math.abs(want));
          break;
        default:
          tol = 1e-12 * Math.abs(want);
      }
      assertEquals(want, got.asDouble(), tol, what + " " + k);
    }
  }

  static void assertAbsent(JsonNode row, String k) {
    assertNull(row.get(k));
  }
}
