package io.wavebeam.wfdb;

/**
 * One-pass kernels for the fixed-width formats: each reads one signal's values straight out of the file's frame
 * bytes (a stride apart), writes them to the caller's array with invalid values marked, and returns the sum of
 * the stored values for the header checksum. This is the reader's hot path: no intermediate int buffer.
 */
final class StridedDecoders {
  private StridedDecoders() {}

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
  static long decode(int format, byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count,
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

  private static final int INVALID = SampleFormat.INVALID;

  static long decode80(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    long sum = 0;
    if (stride == 1 && dstride == 1) {
      for (int i = 0; i < count; i++) {
        int v = (src[pos + i] & 0xFF) - 128;
        sum += v;
        dst[dpos + i] = v == -128 ? INVALID : v;
      }
      return sum;
    }
    for (int i = 0; i < count; i++) {
      int v = (src[pos + i * stride] & 0xFF) - 128;
      sum += v;
      dst[dpos + i * dstride] = v == -128 ? INVALID : v;
    }
    return sum;
  }

  static long decode16(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
      sum += v;
      dst[dpos + i * dstride] = v == -32768 ? INVALID : v;
    }
    return sum;
  }

  static long decode61(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (short) ((src[p] << 8) | (src[p + 1] & 0xFF));
      sum += v;
      dst[dpos + i * dstride] = v == -32768 ? INVALID : v;
    }
    return sum;
  }

  static long decode160(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = ((src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8)) - 32768;
      sum += v;
      dst[dpos + i * dstride] = v == -32768 ? INVALID : v;
    }
    return sum;
  }

  static long decode24(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | (src[p + 2] << 16);
      sum += v;
      dst[dpos + i * dstride] = v == -8388608 ? INVALID : v;
    }
    return sum;
  }

  static long decode32(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count) {
    long sum = 0;
    for (int i = 0; i < count; i++) {
      int p = pos + i * stride;
      int v = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | ((src[p + 2] & 0xFF) << 16) | (src[p + 3] << 24);
      sum += v;
      dst[dpos + i * dstride] = v; // the invalid value is INVALID itself
    }
    return sum;
  }

  /** Format 8: running sums of signed differences; no value is invalid. */
  static long decode8(byte[] src, int pos, int stride, int[] dst, int dpos, int dstride, int count, int[] state,
      int member) {
    long sum = 0;
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
