package io.wavebeam.wfdb;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * One-pass kernels for the fixed-width formats: each reads one signal's values straight out of the file's frame
 * bytes (a stride apart), writes them to the caller's array with invalid values marked, and returns the sum of
 * the stored values for the header checksum, in {@code int}: only the sum modulo 2^16 matters, and int
 * arithmetic keeps the loops cheap. This is the reader's hot path: no intermediate int buffer.
 *
 * <p>Two shapes, both measured on this project's benchmark machine (see docs/benchmarks.md): a loop whose
 * destination index is {@code i} itself, not {@code i * dstride}, runs about a third faster, because C2 then
 * drops the per-value range checks; and a {@link QuadKernel} that takes four adjacent one-sample signals with
 * one wide load per frame beats four strided passes over the same bytes.
 */
final class StridedDecoders {
  private static final int INVALID = SampleFormat.INVALID;

  private StridedDecoders() {}

  /** One format's kernel; see {@link StridedDecoders#decode}. */
  @FunctionalInterface
  interface Kernel {
    int decode(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count, long[] state, int member);
  }

  /**
   * Four adjacent signals of one sample per frame, from one wide load per frame: values go to {@code d0..d3}
   * from index 0, and the checksum sums are added to {@code sums[m..m+3]}.
   */
  record QuadKernel(QuadRun<int[]> run, int offset) {
    void decode(byte[] src, int pos, int stride, int[] d0, int[] d1, int[] d2, int[] d3, int count, long[] sums,
        int m) {
      decodeQuad(run, offset, src, pos, stride, d0, d1, d2, d3, count, sums, m);
    }
  }

  /**
   * One run of a four-signal kernel: stores frames {@code [from, to)} of four adjacent one-sample signals into
   * {@code d0..d3} and returns their checksum sums modulo 2^16 as four 16-bit lanes of a long (signal k in bits
   * 16k to 16k + 15). A run covers at most {@link #QUAD_RUN_FRAMES} frames, so that a kernel may keep two sums in
   * one int or long without a carry reaching the next lane.
   */
  @FunctionalInterface
  interface QuadRun<D> {
    long store(byte[] src, int pos, int stride, D d0, D d1, D d2, D d3, int from, int to);
  }

  /** Frames per {@link QuadRun}: 256 format-80 codes of at most 255 still fit a 16-bit lane. */
  static final int QUAD_RUN_FRAMES = 256;

  /**
   * Runs {@code run} over {@code count} frames and adds each signal's sum, less {@code offset} per value (format
   * 80's 128), to {@code sums[m..m+3]}. One call through the interface per 256 frames costs nothing measurable;
   * within a run each kernel's loop is compiled on its own.
   */
  static <D> void decodeQuad(QuadRun<D> run, int offset, byte[] src, int pos, int stride, D d0, D d1, D d2, D d3,
      int count, long[] sums, int m) {
    for (int from = 0; from < count; from += QUAD_RUN_FRAMES) {
      long lanes = run.store(src, pos, stride, d0, d1, d2, d3, from, Math.min(count, from + QUAD_RUN_FRAMES));
      for (int k = 0; k < 4; k++) {
        sums[m + k] += (lanes >>> (16 * k)) & 0xFFFF;
      }
    }
    for (int k = 0; k < 4; k++) {
      sums[m + k] -= (long) offset * count;
    }
  }

  /** The four-signal kernel of {@code format}, or null when it has none (then the one-slot kernel is used). */
  static QuadKernel quadKernel(int format) {
    switch (format) {
      case 80: return new QuadKernel(StridedDecoders::decode80Run, 128);
      case 16: return new QuadKernel(StridedDecoders::decode16Run, 0);
      default: return null;
    }
  }

  /**
   * The kernel of {@code format}, chosen once per signal file. A switch inside the hot loop's caller let the JIT
   * compile the caller for whichever format got hot first and fall back to slow code for the next one (format 80
   * decoded at half speed after format 16 in the same JVM); a kernel object per file keeps each format's loop
   * compiled on its own.
   */
  static Kernel kernel(int format) {
    switch (format) {
      case 80: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decode80(src, pos, stride, dst, dpos, dstride, count);
      case 16: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decodeFixed(LE16, -32768, src, pos, stride, dst, dpos, dstride, count);
      case 61: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decodeFixed(BE16, -32768, src, pos, stride, dst, dpos, dstride, count);
      case 160: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decodeFixed(OFFSET16, -32768, src, pos, stride, dst, dpos, dstride, count);
      case 24: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decodeFixed(LE24, -8388608, src, pos, stride, dst, dpos, dstride, count);
      case 32: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decodeFixed(LE32, INVALID, src, pos, stride, dst, dpos, dstride, count);
      case 8: return StridedDecoders::decode8;
      default: throw new IllegalArgumentException("not a fixed-width format: " + format);
    }
  }

  /** Bytes of one value, or 0 for formats these kernels do not handle (the packed ones). */
  static int bytesPerValue(int format) {
    switch (format) {
      case 8: case 80: return 1;
      case 16: case 61: case 160: return 2;
      case 24: return 3;
      case 32: return 4;
      default: return 0;
    }
  }

  /** Format 80's values by byte, the invalid one already marked: a load instead of a compare per value. */
  private static final int[] OFFSET_BINARY_8 = new int[256];

  static {
    for (int b = 0; b < 256; b++) {
      OFFSET_BINARY_8[b] = b == 0 ? INVALID : b - 128;
    }
  }

  static int decode80(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    int unsigned = 0;
    if (stride == 1 && dstride == 1) {
      for (int i = 0; i < count; i++) {
        int u = src[pos + i] & 0xFF;
        unsigned += u;
        dst[dpos + i] = OFFSET_BINARY_8[u];
      }
    } else if (dstride == 1) {
      for (int i = 0; i < count; i++) {
        int u = src[pos + i * stride] & 0xFF;
        unsigned += u;
        dst[dpos + i] = OFFSET_BINARY_8[u];
      }
    } else {
      for (int i = 0; i < count; i++) {
        int u = src[pos + i * stride] & 0xFF;
        unsigned += u;
        dst[dpos + i * dstride] = OFFSET_BINARY_8[u];
      }
    }
    return unsigned - 128 * count;
  }

  /**
   * Copies format 80's stored bytes, {@code stride} apart, to {@code dst} from {@code dpos}, {@code dstride}
   * apart; returns the checksum contribution, the sum of the values (code - 128).
   */
  static int copy80(byte[] src, int pos, int stride, byte[] dst, int dpos, int dstride, int count) {
    int unsigned = 0;
    if (dstride == 1) {
      for (int i = 0; i < count; i++) {
        byte b = src[pos + i * stride];
        unsigned += b & 0xFF;
        dst[dpos + i] = b;
      }
    } else {
      for (int i = 0; i < count; i++) {
        byte b = src[pos + i * stride];
        unsigned += b & 0xFF;
        dst[dpos + i * dstride] = b;
      }
    }
    return unsigned - 128 * count;
  }

  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  /** Bytes 0 and 2 of an int: with a shift by 8, bytes 1 and 3. Two codes summed per add, in 16-bit lanes. */
  private static final int EVEN_BYTES = 0x00FF00FF;
  /** Values 0 and 2 of a long of four 16-bit values, in 32-bit lanes; with a shift by 16, values 1 and 3. */
  private static final long EVEN_SHORTS = 0x0000FFFF0000FFFFL;

  /** {@link #copy80} for four adjacent one-sample signals, from one wide load per frame. */
  static void copy80x4(byte[] src, int pos, int stride, byte[] d0, byte[] d1, byte[] d2, byte[] d3, int count,
      long[] sums, int m) {
    decodeQuad(StridedDecoders::copy80Run, 128, src, pos, stride, d0, d1, d2, d3, count, sums, m);
  }

  /** Format 80's codes as stored; the {@link QuadRun} of {@link #copy80x4}. */
  private static long copy80Run(byte[] src, int pos, int stride, byte[] d0, byte[] d1, byte[] d2, byte[] d3,
      int from, int to) {
    int even = 0, odd = 0; // sums of bytes 0 and 2, and of bytes 1 and 3, in 16-bit lanes
    for (int i = from; i < to; i++) {
      int w = (int) INT_LE.get(src, pos + i * stride);
      even += w & EVEN_BYTES;
      odd += (w >>> 8) & EVEN_BYTES;
      d0[i] = (byte) w;
      d1[i] = (byte) (w >>> 8);
      d2[i] = (byte) (w >>> 16);
      d3[i] = (byte) (w >>> 24);
    }
    return byteLanes(even, odd);
  }

  /**
   * Format 80's values, the invalid one marked; the {@link QuadRun} of its four-signal kernel. The table needs
   * each code on its own, but the sums are still taken two to an add: cheaper than four adds under C1.
   */
  private static long decode80Run(byte[] src, int pos, int stride, int[] d0, int[] d1, int[] d2, int[] d3,
      int from, int to) {
    int even = 0, odd = 0; // sums of bytes 0 and 2, and of bytes 1 and 3, in 16-bit lanes
    for (int i = from; i < to; i++) {
      int w = (int) INT_LE.get(src, pos + i * stride);
      d0[i] = OFFSET_BINARY_8[w & 0xFF];
      d1[i] = OFFSET_BINARY_8[(w >>> 8) & 0xFF];
      d2[i] = OFFSET_BINARY_8[(w >>> 16) & 0xFF];
      d3[i] = OFFSET_BINARY_8[w >>> 24];
      even += w & EVEN_BYTES;
      odd += (w >>> 8) & EVEN_BYTES;
    }
    return byteLanes(even, odd);
  }

  /** The four lanes of a {@link QuadRun}'s result from sums of bytes 0 and 2 ({@code even}) and 1 and 3. */
  private static long byteLanes(int even, int odd) {
    return (even & 0xFFFFL) | (odd & 0xFFFFL) << 16 | (long) (even >>> 16) << 32 | (long) (odd >>> 16) << 48;
  }

  /** Format 16's values, the invalid one marked; the {@link QuadRun} of its four-signal kernel. */
  private static long decode16Run(byte[] src, int pos, int stride, int[] d0, int[] d1, int[] d2, int[] d3,
      int from, int to) {
    // the sums only matter modulo 2^16, so the unsigned 16-bit values are summed in place of the signed ones
    long even = 0, odd = 0; // sums of values 0 and 2, and of values 1 and 3, in 32-bit lanes
    for (int i = from; i < to; i++) {
      long w = (long) LONG_LE.get(src, pos + i * stride);
      int v0 = (short) w;
      int v1 = (short) (w >>> 16);
      int v2 = (short) (w >>> 32);
      int v3 = (short) (w >>> 48);
      d0[i] = v0 == -32768 ? INVALID : v0;
      d1[i] = v1 == -32768 ? INVALID : v1;
      d2[i] = v2 == -32768 ? INVALID : v2;
      d3[i] = v3 == -32768 ? INVALID : v3;
      even += w & EVEN_SHORTS;
      odd += (w >>> 16) & EVEN_SHORTS;
    }
    return (even & 0xFFFF) | (odd & 0xFFFF) << 16 | (even >>> 32 & 0xFFFF) << 32 | (odd >>> 32 & 0xFFFF) << 48;
  }

  /** A stored value of a 2-, 3- or 4-byte format at byte {@code p}, before the invalid value is marked. */
  @FunctionalInterface
  interface StoredValue {
    int at(byte[] src, int p);
  }

  static final StoredValue LE16 = (src, p) -> (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
  static final StoredValue BE16 = (src, p) -> (short) ((src[p] << 8) | (src[p + 1] & 0xFF));
  static final StoredValue OFFSET16 = (src, p) -> ((src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8)) - 32768;
  static final StoredValue LE24 = (src, p) -> (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | (src[p + 2] << 16);
  static final StoredValue LE32 =
      (src, p) -> (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | ((src[p + 2] & 0xFF) << 16) | (src[p + 3] << 24);

  /**
   * The one-slot kernel of formats 16, 61, 160, 24 and 32, written once: {@code value} reads the format's stored
   * value, {@code invalid} is the stored value that marks an invalid sample (format 32's is {@link #INVALID}
   * itself). Each format's kernel object passes its constant {@code value}, so the JIT compiles this loop with
   * that format's read inlined, per kernel.
   */
  static int decodeFixed(StoredValue value, int invalid, byte[] src, int pos, int stride, int[] dst, int dpos,
      int dstride, int count) {
    int sum = 0;
    if (dstride == 1) {
      for (int i = 0; i < count; i++) {
        int v = value.at(src, pos + i * stride);
        sum += v;
        dst[dpos + i] = v == invalid ? INVALID : v;
      }
      return sum;
    }
    for (int i = 0; i < count; i++) {
      int v = value.at(src, pos + i * stride);
      sum += v;
      dst[dpos + i * dstride] = v == invalid ? INVALID : v;
    }
    return sum;
  }

  /** Format 8: running sums of signed differences; no value is invalid. */
  static int decode8(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count, long[] state,
      int member) {
    int sum = 0;
    long v = state[member];
    for (int i = 0; i < count; i++) {
      v += src[pos + i * stride];
      sum += (int) v;
      dst[dpos + i * dstride] = runningValue(v);
    }
    state[member] = v;
    return sum;
  }

  /**
   * A format-8 running sum as a sample: kept in {@code long} so it never wraps; a sum outside the 32-bit range
   * (or equal to the invalid marker) cannot be returned and is an invalid sample.
   */
  static int runningValue(long v) {
    return v > Integer.MIN_VALUE && v <= Integer.MAX_VALUE ? (int) v : INVALID;
  }
}
