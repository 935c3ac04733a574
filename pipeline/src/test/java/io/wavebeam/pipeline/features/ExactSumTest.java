package io.wavebeam.pipeline.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The mean's integer sum: a long while it fits, a BigInteger when a product or the sum would overflow. */
class ExactSumTest {
  static BigInteger reference(int[] values, long[] counts, int baseline) {
    BigInteger s = BigInteger.ZERO;
    for (int i = 0; i < values.length; i++) {
      s = s.add(BigInteger.valueOf(counts[i]).multiply(BigInteger.valueOf((long) values[i] - baseline)));
    }
    return s;
  }

  @Test
  void equalsTheBigIntegerSum() {
    Random r = new Random(15);
    for (int trial = 0; trial < 2000; trial++) {
      int n = 1 + r.nextInt(20);
      int[] values = new int[n];
      long[] counts = new long[n];
      boolean huge = trial % 3 == 0;
      for (int i = 0; i < n; i++) {
        values[i] = huge ? r.nextInt() : r.nextInt(65536) - 32768;
        counts[i] = huge ? Math.abs(r.nextLong() >> r.nextInt(40)) : r.nextInt(100000);
      }
      int baseline = huge ? r.nextInt() : r.nextInt(200) - 100;
      assertEquals(reference(values, counts, baseline), SignalFeatures.exactSum(values, counts, baseline));
    }
    // a product that overflows alone, and a sum that overflows only at the end
    assertEquals(reference(new int[] {Integer.MAX_VALUE}, new long[] {Long.MAX_VALUE / 3}, -5),
        SignalFeatures.exactSum(new int[] {Integer.MAX_VALUE}, new long[] {Long.MAX_VALUE / 3}, -5));
    long c = Long.MAX_VALUE / 40000;
    assertEquals(reference(new int[] {30000, 30000}, new long[] {c, c}, 0),
        SignalFeatures.exactSum(new int[] {30000, 30000}, new long[] {c, c}, 0));
  }

  @Test
  void fastMeanEqualsTheDecimalDivision() {
    Random r = new Random(16);
    java.math.MathContext mc = java.math.MathContext.DECIMAL128;
    for (int trial = 0; trial < 200_000; trial++) {
      long n = 1 + (trial % 4 == 0 ? r.nextInt(1 << 20) : r.nextInt(10));
      long sum = (r.nextLong() >> r.nextInt(64)) % (1L << 53);
      double decimal = new java.math.BigDecimal(sum).divide(java.math.BigDecimal.valueOf(n), mc).doubleValue();
      assertEquals(decimal, SignalFeatures.exactMean(BigInteger.valueOf(sum), n), "sum " + sum + " n " + n);
    }
    BigInteger big = BigInteger.ONE.shiftLeft(60).add(BigInteger.valueOf(12345));
    assertEquals(new java.math.BigDecimal(big).divide(java.math.BigDecimal.valueOf(7), mc).doubleValue(),
        SignalFeatures.exactMean(big, 7));
  }
}
