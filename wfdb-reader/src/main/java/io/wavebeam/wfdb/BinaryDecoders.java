package io.wavebeam.wfdb;

/**
 * Decoding kernels for the binary signal formats (signal(5)). Each turns the bytes of {@code count}
 * consecutive sample values into signed ints, exactly as stored (invalid values and format 8 differences are
 * left to the caller). The packed formats must start on a group boundary; a trailing partial group is decoded
 * from the bytes {@link SampleFormat#bytesFor} says it occupies.
 */
final class BinaryDecoders {
  private BinaryDecoders() {}

  static void decode(int format, byte[] src, int pos, int[] dst, int off, int count) {
    switch (format) {
      case 8: decode8(src, pos, dst, off, count); break;
      case 16: decode16(src, pos, dst, off, count); break;
      case 24: decode24(src, pos, dst, off, count); break;
      case 32: decode32(src, pos, dst, off, count); break;
      case 61: decode61(src, pos, dst, off, count); break;
      case 80: decode80(src, pos, dst, off, count); break;
      case 160: decode160(src, pos, dst, off, count); break;
      case 212: decode212(src, pos, dst, off, count); break;
      case 310: decode310(src, pos, dst, off, count); break;
      case 311: decode311(src, pos, dst, off, count); break;
      default: throw new IllegalArgumentException("not a binary format: " + format);
    }
  }

  /** Format 8: signed 8-bit first differences (accumulated by the caller). */
  static void decode8(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      dst[off + i] = src[pos + i];
    }
  }

  /** Format 80: 8-bit offset binary. */
  static void decode80(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      dst[off + i] = (src[pos + i] & 0xFF) - 128;
    }
  }

  /** Format 16: 16-bit two's complement, little-endian. */
  static void decode16(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      int p = pos + 2 * i;
      dst[off + i] = (short) ((src[p] & 0xFF) | (src[p + 1] << 8));
    }
  }

  /** Format 61: 16-bit two's complement, big-endian. */
  static void decode61(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      int p = pos + 2 * i;
      dst[off + i] = (short) ((src[p] << 8) | (src[p + 1] & 0xFF));
    }
  }

  /** Format 160: 16-bit offset binary, little-endian. */
  static void decode160(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      int p = pos + 2 * i;
      dst[off + i] = ((src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8)) - 32768;
    }
  }

  /** Format 24: 24-bit two's complement, little-endian. */
  static void decode24(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      int p = pos + 3 * i;
      dst[off + i] = ((src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | (src[p + 2] << 16));
    }
  }

  /** Format 32: 32-bit two's complement, little-endian. */
  static void decode32(byte[] src, int pos, int[] dst, int off, int count) {
    for (int i = 0; i < count; i++) {
      int p = pos + 4 * i;
      dst[off + i] = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | ((src[p + 2] & 0xFF) << 16) | (src[p + 3] << 24);
    }
  }

  /**
   * Format 212: two 12-bit values in three bytes. The first value is byte 0 plus the low nibble of byte 1 as
   * its high bits; the second is byte 2 plus the high nibble of byte 1.
   */
  static void decode212(byte[] src, int pos, int[] dst, int off, int count) {
    int pairs = count >> 1;
    for (int i = 0; i < pairs; i++) {
      int p = pos + 3 * i;
      int b1 = src[p + 1] & 0xFF;
      dst[off + 2 * i] = signExtend12((src[p] & 0xFF) | ((b1 & 0x0F) << 8));
      dst[off + 2 * i + 1] = signExtend12((src[p + 2] & 0xFF) | ((b1 & 0xF0) << 4));
    }
    if ((count & 1) != 0) {
      int p = pos + 3 * pairs;
      dst[off + count - 1] = signExtend12((src[p] & 0xFF) | ((src[p + 1] & 0x0F) << 8));
    }
  }

  /**
   * Format 310: three 10-bit values in two little-endian 16-bit words. Values 0 and 1 are bits 1-10 of words 0
   * and 1; value 2 is bits 11-15 of word 0 (low half) and of word 1 (high half).
   */
  static void decode310(byte[] src, int pos, int[] dst, int off, int count) {
    int groups = count / 3;
    for (int i = 0; i < groups; i++) {
      int p = pos + 4 * i;
      int w0 = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8);
      int w1 = (src[p + 2] & 0xFF) | ((src[p + 3] & 0xFF) << 8);
      int o = off + 3 * i;
      dst[o] = signExtend10((w0 >> 1) & 0x3FF);
      dst[o + 1] = signExtend10((w1 >> 1) & 0x3FF);
      dst[o + 2] = signExtend10((w0 >> 11) | ((w1 >> 11) << 5));
    }
    int rest = count - 3 * groups;
    if (rest > 0) {
      int p = pos + 4 * groups;
      int o = off + 3 * groups;
      int w0 = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8);
      dst[o] = signExtend10((w0 >> 1) & 0x3FF);
      if (rest > 1) {
        int w1 = (src[p + 2] & 0xFF) | ((src[p + 3] & 0xFF) << 8);
        dst[o + 1] = signExtend10((w1 >> 1) & 0x3FF);
      }
    }
  }

  /** Format 311: three 10-bit values in the low 30 bits of one little-endian 32-bit word. */
  static void decode311(byte[] src, int pos, int[] dst, int off, int count) {
    int groups = count / 3;
    for (int i = 0; i < groups; i++) {
      int p = pos + 4 * i;
      int w = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8) | ((src[p + 2] & 0xFF) << 16) | ((src[p + 3] & 0xFF) << 24);
      int o = off + 3 * i;
      dst[o] = signExtend10(w & 0x3FF);
      dst[o + 1] = signExtend10((w >> 10) & 0x3FF);
      dst[o + 2] = signExtend10((w >> 20) & 0x3FF);
    }
    int rest = count - 3 * groups;
    if (rest > 0) {
      int p = pos + 4 * groups;
      int o = off + 3 * groups;
      int w = (src[p] & 0xFF) | ((src[p + 1] & 0xFF) << 8);
      if (rest > 1) {
        w |= (src[p + 2] & 0xFF) << 16;
      }
      dst[o] = signExtend10(w & 0x3FF);
      if (rest > 1) {
        dst[o + 1] = signExtend10((w >> 10) & 0x3FF);
      }
    }
  }

  private static int signExtend12(int v) {
    return (v << 20) >> 20;
  }

  private static int signExtend10(int v) {
    return (v << 22) >> 22;
  }
}
