package io.wavebeam.wfdb.flac;

/**
 * Restores samples from an LPC residual in place: {@code s[i] += (sum_j c[j] * s[i-1-j]) >> shift}.
 *
 * <p>The sum is kept in a long: with 24-bit samples (25 in a side channel), 15-bit coefficients and up to 32 terms
 * it needs up to 45 bits. Common orders get unrolled loops with the coefficients in locals.
 */
final class FlacLpc {
  private FlacLpc() {}

  static void restore(int[] s, int n, int[] c, int order, int shift) {
    switch (order) {
      case 8:
        restore8(s, n, c, shift);
        return;
      case 12:
        restore12(s, n, c, shift);
        return;
      default:
        restoreAny(s, n, c, order, shift);
    }
  }

  private static void restoreAny(int[] s, int n, int[] c, int order, int shift) {
    for (int i = order; i < n; i++) {
      long sum = 0;
      for (int j = 0; j < order; j++) {
        sum += (long) c[j] * s[i - 1 - j];
      }
      s[i] += (int) (sum >> shift);
    }
  }

  private static void restore8(int[] s, int n, int[] c, int shift) {
    long c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5], c6 = c[6], c7 = c[7];
    for (int i = 8; i < n; i++) {
      long sum = c0 * s[i - 1] + c1 * s[i - 2] + c2 * s[i - 3] + c3 * s[i - 4]
          + c4 * s[i - 5] + c5 * s[i - 6] + c6 * s[i - 7] + c7 * s[i - 8];
      s[i] += (int) (sum >> shift);
    }
  }

  private static void restore12(int[] s, int n, int[] c, int shift) {
    long c0 = c[0], c1 = c[1], c2 = c[2], c3 = c[3], c4 = c[4], c5 = c[5];
    long c6 = c[6], c7 = c[7], c8 = c[8], c9 = c[9], c10 = c[10], c11 = c[11];
    for (int i = 12; i < n; i++) {
      long sum = c0 * s[i - 1] + c1 * s[i - 2] + c2 * s[i - 3] + c3 * s[i - 4]
          + c4 * s[i - 5] + c5 * s[i - 6] + c6 * s[i - 7] + c7 * s[i - 8]
          + c8 * s[i - 9] + c9 * s[i - 10] + c10 * s[i - 11] + c11 * s[i - 12];
      s[i] += (int) (sum >> shift);
    }
  }
}
