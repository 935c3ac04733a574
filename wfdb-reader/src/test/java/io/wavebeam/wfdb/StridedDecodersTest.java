package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The four-signal kernels against values and checksum sums worked out here byte by byte: frame counts on both sides
 * of a run's 256 frames (where the kernels fold their paired sums), frames wider than the four signals, the
 * largest stored values (the paired sums' worst case), and sums added at a member offset to what is already there.
 */
class StridedDecodersTest {
  private static final int SIGNALS = 4;

  /** Frame bytes: {@code stride} per frame, the four signals from byte {@code pos}; fill 0 random, 1 all 0xFF. */
  private static byte[] frames(int count, int pos, int stride, int fill, long seed) {
    byte[] src = new byte[pos + count * stride + 8];
    if (fill == 1) {
      Arrays.fill(src, (byte) 0xFF);
    } else {
      new Random(seed).nextBytes(src);
    }
    return src;
  }

  /** Signal k's stored value in frame i, as signal(5) defines format 80 (offset binary) and 16 (LE, signed). */
  private static int stored(int format, byte[] src, int pos, int stride, int i, int k) {
    int at = pos + i * stride + k * (format == 80 ? 1 : 2);
    return format == 80 ? (src[at] & 0xFF) - 128 : (short) ((src[at] & 0xFF) | (src[at + 1] << 8));
  }

  private static int invalidOf(int format) {
    return format == 80 ? -128 : -32768;
  }

  @ParameterizedTest(name = "format {0}, {1} frames, stride {2}, fill {3}")
  @CsvSource({
      "80, 1, 4, 0", "80, 255, 4, 0", "80, 256, 4, 0", "80, 257, 4, 0", "80, 1000, 7, 0", "80, 70000, 5, 1",
      "80, 513, 4, 1", "16, 1, 8, 0", "16, 256, 8, 0", "16, 257, 11, 0", "16, 1000, 8, 0", "16, 70000, 8, 1"})
  void quadKernelGivesEachSignalsValuesAndSums(int format, int count, int stride, int fill) {
    int pos = 3;
    byte[] src = frames(count, pos, stride, fill, 31L * count + stride);
    int[][] d = new int[SIGNALS][count];
    long[] sums = {11, 1000, -7, 65535, 42, 5};
    long[] before = sums.clone();
    StridedDecoders.quadKernel(format).decode(src, pos, stride, d[0], d[1], d[2], d[3], count, sums, 1);
    for (int k = 0; k < SIGNALS; k++) {
      int[] expected = new int[count];
      long sum = 0;
      for (int i = 0; i < count; i++) {
        int v = stored(format, src, pos, stride, i, k);
        sum += v;
        expected[i] = v == invalidOf(format) ? SampleFormat.INVALID : v;
      }
      assertArrayEquals(expected, d[k], "signal " + k);
      assertEquals(0, (sums[1 + k] - before[1 + k] - sum) & 0xFFFF, "sum of signal " + k);
    }
    assertEquals(before[0], sums[0]);
    assertEquals(before[5], sums[5]);
  }

  @ParameterizedTest(name = "{0} frames, stride {1}, fill {2}")
  @CsvSource({"1, 4, 0", "256, 4, 0", "257, 6, 0", "1000, 4, 0", "513, 4, 1", "70000, 5, 1"})
  void codesKernelCopiesTheStoredBytesAndSumsTheValues(int count, int stride, int fill) {
    int pos = 1;
    byte[] src = frames(count, pos, stride, fill, 17L * count + stride);
    byte[][] d = new byte[SIGNALS][count];
    long[] sums = {5, 6, 7, 8, 9};
    long[] before = sums.clone();
    StridedDecoders.copy80x4(src, pos, stride, d[0], d[1], d[2], d[3], count, sums, 0);
    for (int k = 0; k < SIGNALS; k++) {
      byte[] expected = new byte[count];
      long sum = 0;
      for (int i = 0; i < count; i++) {
        expected[i] = src[pos + i * stride + k];
        sum += (src[pos + i * stride + k] & 0xFF) - 128;
      }
      assertArrayEquals(expected, d[k], "signal " + k);
      assertEquals(0, (sums[k] - before[k] - sum) & 0xFFFF, "sum of signal " + k);
    }
    assertEquals(before[4], sums[4]);
  }
}
