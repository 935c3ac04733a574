package io.wavebeam.wfdb;

/**
 * The inverse of {@link BinaryDecoders}: stored values to bytes. Values must fit the format; the packed formats
 * start on a group boundary and write a trailing partial group in the bytes {@link SampleFormat#bytesFor} gives.
 */
final class BinaryEncoders {
  private BinaryEncoders() {}

  /** Encodes {@code count} values; returns the bytes written. */
  static int encode(int format, int[] src, int off, int count, byte[] dst, int pos) {
    switch (format) {
      case 8:
      case 80:
        for (int i = 0; i < count; i++) {
          dst[pos + i] = (byte) (format == 80 ? src[off + i] + 128 : src[off + i]);
        }
        return count;
      case 16:
        return littleEndian(src, off, count, 0, 2, dst, pos);
      case 160:
        return littleEndian(src, off, count, 32768, 2, dst, pos);
      case 61:
        for (int i = 0; i < count; i++) {
          dst[pos + 2 * i] = (byte) (src[off + i] >> 8);
          dst[pos + 2 * i + 1] = (byte) src[off + i];
        }
        return 2 * count;
      case 24:
        return littleEndian(src, off, count, 0, 3, dst, pos);
      case 32:
        return littleEndian(src, off, count, 0, 4, dst, pos);
      case 212:
        return encode212(src, off, count, dst, pos);
      case 310:
        return encode310(src, off, count, dst, pos);
      case 311:
        return encode311(src, off, count, dst, pos);
      default:
        throw new IllegalArgumentException("not a binary format: " + format);
    }
  }

  /** Formats 16, 160, 24 and 32: each value plus {@code offset} in {@code width} bytes, least significant first. */
  private static int littleEndian(int[] src, int off, int count, int offset, int width, byte[] dst, int pos) {
    for (int i = 0; i < count; i++) {
      int v = src[off + i] + offset;
      for (int b = 0; b < width; b++) {
        dst[pos + width * i + b] = (byte) (v >> (8 * b));
      }
    }
    return width * count;
  }

  private static int encode212(int[] src, int off, int count, byte[] dst, int pos) {
    int p = pos;
    for (int i = 0; i < count; i += 2) {
      int v0 = src[off + i];
      int v1 = i + 1 < count ? src[off + i + 1] : 0;
      dst[p++] = (byte) v0;
      dst[p++] = (byte) (((v0 >> 8) & 0x0F) | ((v1 >> 4) & 0xF0));
      if (i + 1 < count) {
        dst[p++] = (byte) v1;
      }
    }
    return p - pos;
  }

  private static int encode310(int[] src, int off, int count, byte[] dst, int pos) {
    int p = pos;
    for (int i = 0; i < count; i += 3) {
      int rest = Math.min(3, count - i);
      int v0 = src[off + i];
      int v1 = rest > 1 ? src[off + i + 1] : 0;
      int v2 = rest > 2 ? src[off + i + 2] : 0;
      int w0 = ((v0 & 0x3FF) << 1) | ((v2 & 0x1F) << 11);
      int w1 = ((v1 & 0x3FF) << 1) | (((v2 >> 5) & 0x1F) << 11);
      dst[p++] = (byte) w0;
      dst[p++] = (byte) (w0 >> 8);
      if (rest > 1) {
        dst[p++] = (byte) w1;
        dst[p++] = (byte) (w1 >> 8);
      }
    }
    return p - pos;
  }

  private static int encode311(int[] src, int off, int count, byte[] dst, int pos) {
    int p = pos;
    for (int i = 0; i < count; i += 3) {
      int rest = Math.min(3, count - i);
      int w = src[off + i] & 0x3FF;
      if (rest > 1) {
        w |= (src[off + i + 1] & 0x3FF) << 10;
      }
      if (rest > 2) {
        w |= (src[off + i + 2] & 0x3FF) << 20;
      }
      int bytes = rest == 3 ? 4 : rest == 2 ? 3 : 2;
      for (int b = 0; b < bytes; b++) {
        dst[p++] = (byte) (w >> (8 * b));
      }
    }
    return p - pos;
  }
}
