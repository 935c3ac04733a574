package io.wavebeam.wfdb.flac;

import java.util.Arrays;

/** Big-endian bit writer into a growable byte array, reused from frame to frame. */
final class FlacBitWriter {
  private byte[] buf = new byte[1 << 16];
  private int length;
  /** Pending bits, right-aligned; fewer than 8 between calls. */
  private long pending;
  private int pendingBits;

  /** Writes the low {@code n} bits of {@code value}, 0 <= n <= 32. */
  void write(long value, int n) {
    if (n == 0) {
      return;
    }
    pending = (pending << n) | (value & ((1L << n) - 1));
    pendingBits += n;
    while (pendingBits >= 8) {
      pendingBits -= 8;
      put((byte) (pending >>> pendingBits));
    }
  }

  /** Writes {@code zeros} zero bits and a one bit. */
  void writeUnary(int zeros) {
    while (zeros >= 32) {
      write(0, 32);
      zeros -= 32;
    }
    write(1, zeros + 1);
  }

  /** Writes a signed value as a zig-zag folded Rice code with parameter {@code k}. */
  void writeRice(int value, int k) {
    long folded = FlacResidualCoder.fold(value);
    writeUnary((int) (folded >>> k));
    write(folded, k);
  }

  void alignToByte() {
    if (pendingBits > 0) {
      write(0, 8 - pendingBits);
    }
  }

  private void put(byte b) {
    if (length == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    buf[length++] = b;
  }

  /** Bytes written so far; only the whole bytes. */
  int length() {
    return length;
  }

  byte[] buffer() {
    return buf;
  }

  void reset() {
    length = 0;
    pending = 0;
    pendingBits = 0;
  }
}
