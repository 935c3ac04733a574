package io.wavebeam.wfdb;

/**
 * One-pass kernels for the fixed-width formats: each reads one signal's values straight out of the file's frame
 * bytes (a stride apart), writes them to the caller's array with invalid values marked, and returns the sum of
 * the stored values for the header checksum, in {@code int}: only the sum modulo 2^16 matters, and int
 * arithmetic keeps the loops cheap. This is the reader's hot path: no intermediate int buffer.
 */
final class StridedDecoders {
  private static final int INVALID = SampleFormat.INVALID;

  private StridedDecoders() {}

  /** One format's kernel; see {@link StridedDecoders#decode}. */
  @FunctionalInterface
  interface Kernel {
    int decode(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count, int[] state, int member);
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
          decode16(src, pos, stride, dst, dpos, dstride, count);
      case 61: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decode61(src, pos, stride, dst, dpos, dstride, count);
      case 160: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decode160(src, pos, stride, dst, dpos, dstride, count);
      case 24: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decode24(src, pos, stride, dst, dpos, dstride, count);
      case 32: return (src, pos, stride, dst, dpos, dstride, count, state, m) ->
          decode32(src, pos, stride, dst, dpos, dstride, count);
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

  /**
   * Decodes {@code count} values starting at byte {@code pos}, {@code stride} bytes apart, into {@code dst} from
   * {@code dpos}, {@code dstride} apart. {@code state} holds format 8's running value and is updated.
   */
  static int decode(int format, byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count,
      int[] state, int member) {
    switch (format) {
      case 80: return decode80(src, pos, stride, dst, dpos, dstride, count);
      case 16: return decode16(src, pos, stride, dst, dpos, dstride, count);
      case 61: return decode61(src, pos, stride, dst, dpos, dstride, count);
      case 160: return decode160(src, pos, stride, dst, dpos, dstride, count);
      case 24: return decode24(src, pos, stride, dst, dpos, dstride, count);
      case 32: return decode32(src, pos, stride, dst, dpos, dstride, count);
      case 8: return decode8(src, pos, stride, dst, dpos, dstride, count, state, member);
      default: throw new IllegalArgumentException("not a fixed-width format: " + format);
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
    } else {
      for (int i = 0; i < count; i++) {
        int u = src[pos + i * stride] & 0xFF;
        unsigned += u;
        dst[dpos + i * dstride] = OFFSET_BINARY_8[u];
      }
    }
    return unsigned - 128 * count;
  }

  static int decode16(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
      sum += v;
      dst[dpos + i * dstride] = v == -32768 ? INVALID : v;
    }
    return sum;
  }

  static int decode61(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (short) ((src[p] << 8) | (src[p + 1] & 0xFF));
      sum += v;
      dst[dpos + i * dstride] = v == -32768 ? INVALID : v;
    }
    return sum;
  }

  static int decode160(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = ((src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8)) - 32768;
      sum += v;
      dst[dpos + i * dstride] = v == -32768 ? INVALID : v;
    }
    return sum;
  }

  static int decode24(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | (src[p + 2] << 16);
      sum += v;
      dst[dpos + i * dstride] = v == -8388608 ? INVALID : v;
    }
    return sum;
  }

  static int decode32(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | ((src[p + 2] & 0xFF) << 16) | (src[p + 3] << 24);
      sum += v;
      dst[dpos + i * dstride] = v; // the invalid value is INVALID itself
    }
    return sum;
  }

  /** Format 8: running sums of signed differences; no value is invalid. */
  static int decode8(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count, int[] state,
      int member) {
    int sum = 0;
    int v = state[member];
    for (int i = 0; i < count; i++) {
      v += src[pos + i * stride];
      sum += v;
      dst[dpos + i * dstride] = v;
    }
    state[member] = v;
    return sum;
  }
}
