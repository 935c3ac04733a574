package io.wavebeam.wfdb.flac;

import io.wavebeam.wfdb.WfdbException;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Big-endian bit reader over one reused byte buffer filled from an InputStream.
 *
 * <p>Bits are served from a 64-bit cache, most significant bit first. Bits of the cache below the {@code cacheBits}
 * valid ones are either zero or the true next bits of the stream (a refill may load a whole 8-byte word and count
 * only its whole bytes), so OR-ing the same stream bits in again on the next refill is harmless.
 *
 * <p>The CRC-16 of the current frame is kept up to date over the bytes that leave the buffer when it is refilled,
 * so a frame may be larger than the buffer.
 */
final class FlacBitReader {
  static final int BUFFER_SIZE = 64 * 1024;
  private static final VarHandle BIG_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final InputStream in;
  private final String file;
  private final byte[] buf = new byte[BUFFER_SIZE];
  /** Next byte of {@link #buf} to load into the cache. */
  private int pos;
  /** End of the valid bytes in {@link #buf}. */
  private int limit;
  /** Stream offset of {@code buf[0]}. */
  private long bufferStart;
  private boolean endOfInput;

  private long cache;
  private int cacheBits;

  /** First byte of {@link #buf} not yet folded into {@link #crc16}. */
  private int crcMark;
  private int crc16;
  /** Stream offset of the frame being decoded, for error messages; -1 while reading metadata. */
  private long frameStart = -1;

  FlacBitReader(InputStream in, String file) {
    this.in = in;
    this.file = file;
  }

  /** Bytes consumed so far; a partly consumed byte counts as consumed. */
  long bytePosition() {
    return bufferStart + pos - (cacheBits >>> 3);
  }

  long frameStart() {
    return frameStart;
  }

  // ---------------------------------------------------------------- frames and checksums

  /** Starts a frame at the current, byte-aligned position: resets the CRC-16. */
  void startFrame() {
    syncCacheToBuffer();
    frameStart = bytePosition();
    crcMark = pos;
    crc16 = 0;
  }

  /** The CRC-16 of everything from the frame start to the current, byte-aligned position. */
  int frameCrc16() {
    syncCacheToBuffer();
    crc16 = FlacCrc.crc16(crc16, buf, crcMark, pos);
    crcMark = pos;
    return crc16;
  }

  /** Skips the zero padding to the next byte boundary. */
  void alignToByte() {
    int drop = cacheBits & 7;
    cache <<= drop;
    cacheBits -= drop;
  }

  /** True when no byte is left in the stream; only at a byte boundary. */
  boolean atEnd() throws IOException {
    syncCacheToBuffer();
    return pos == limit && !fillBuffer();
  }

  /** Puts the whole bytes of the cache back into the buffer, so that {@link #pos} is the true position. */
  private void syncCacheToBuffer() {
    if ((cacheBits & 7) != 0) {
      throw new IllegalStateException("not at a byte boundary");
    }
    pos -= cacheBits >>> 3;
    cache = 0;
    cacheBits = 0;
  }

  // ---------------------------------------------------------------- buffer

  /**
   * Moves the unconsumed bytes to the front of the buffer and reads more after them. Returns false at the end of
   * the input. The bytes that leave the buffer are folded into the CRC-16 first.
   */
  private boolean fillBuffer() throws IOException {
    if (endOfInput) {
      return false;
    }
    int keepFrom = pos - (cacheBits >>> 3);
    if (crcMark < keepFrom) {
      crc16 = FlacCrc.crc16(crc16, buf, crcMark, keepFrom);
    }
    crcMark = Math.max(0, crcMark - keepFrom);
    int keep = limit - keepFrom;
    System.arraycopy(buf, keepFrom, buf, 0, keep);
    bufferStart += keepFrom;
    pos -= keepFrom;
    limit = keep;
    int n = in.read(buf, limit, buf.length - limit);
    while (n == 0) {
      n = in.read(buf, limit, buf.length - limit);
    }
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    limit += n;
    return true;
  }

  /** Loads as many whole bytes as fit into the cache; fewer only at the end of the input. */
  private void refill() throws IOException {
    if (limit - pos >= Long.BYTES) {
      long word = (long) BIG_ENDIAN_LONG.get(buf, pos);
      cache |= word >>> cacheBits;
      int bytes = (64 - cacheBits) >>> 3;
      pos += bytes;
      cacheBits += bytes << 3;
      return;
    }
    while (cacheBits <= 56) {
      if (pos == limit && !fillBuffer()) {
        return;
      }
      cache |= (buf[pos++] & 0xFFL) << (56 - cacheBits);
      cacheBits += 8;
    }
  }

  WfdbException truncated() {
    long end = bufferStart + limit;
    return frameStart < 0
        ? WfdbException.atByte(file, end, "stream ends inside the metadata")
        : WfdbException.atByte(file, end, "stream ends inside frame at byte " + frameStart);
  }

  // ---------------------------------------------------------------- bits

  /** Reads {@code n} bits, 0 <= n <= 32, as an unsigned value. */
  long readBits(int n) throws IOException {
    return n == 0 ? 0 : take(n) >>> (64 - n);
  }

  int readUnsigned(int n) throws IOException {
    return (int) readBits(n);
  }

  /** Reads an {@code n}-bit two's complement value, 0 <= n <= 32. */
  int readSigned(int n) throws IOException {
    return n == 0 ? 0 : (int) (take(n) >> (64 - n));
  }

  /**
   * Consumes the next {@code n} bits, 1 <= n <= 32, and returns the cache as it was, those bits at its top: the
   * caller shifts them down, unsigned or with their sign.
   */
  private long take(int n) throws IOException {
    if (cacheBits < n) {
      refill();
      if (cacheBits < n) {
        throw truncated();
      }
    }
    long bits = cache;
    cache <<= n;
    cacheBits -= n;
    return bits;
  }

  /** Reads {@code count} values of {@code n} bits each, two's complement, into {@code dest[from ..)}. */
  void readSigned(int[] dest, int from, int count, int n) throws IOException {
    if (n == 0) {
      java.util.Arrays.fill(dest, from, from + count, 0);
      return;
    }
    for (int i = from, end = from + count; i < end; i++) {
      dest[i] = readSigned(n);
    }
  }

  /** Counts zero bits up to and including the terminating one bit; returns the number of zeros. */
  int readUnary() throws IOException {
    int zeros = 0;
    while (true) {
      int z = Long.numberOfLeadingZeros(cache);
      if (z < cacheBits) {
        cache = (cache << z) << 1;
        cacheBits -= z + 1;
        return zeros + z;
      }
      zeros += cacheBits;
      cache = 0;
      cacheBits = 0;
      refill();
      if (cacheBits == 0) {
        throw truncated();
      }
    }
  }

  /**
   * Reads {@code count} Rice-coded signed values with parameter {@code k} into {@code dest[from ..)}. The hot loop of
   * the decoder: cache and bit count live in locals, the unary part is found by counting leading zeros.
   */
  void readRice(int[] dest, int from, int count, int k) throws IOException {
    long c = cache;
    int bits = cacheBits;
    for (int i = from, end = from + count; i < end; i++) {
      int q = 0;
      int z;
      while ((z = Long.numberOfLeadingZeros(c)) >= bits) {
        q += bits;
        cache = 0;
        cacheBits = 0;
        refill();
        c = cache;
        bits = cacheBits;
        if (bits == 0) {
          throw truncated();
        }
      }
      q += z;
      c = (c << z) << 1;
      bits -= z + 1;
      if (bits < k) {
        cache = c;
        cacheBits = bits;
        refill();
        c = cache;
        bits = cacheBits;
        if (bits < k) {
          throw truncated();
        }
      }
      // (c >>> 1) >>> (63 - k) is the top k bits of c, and 0 for k == 0 where c >>> 64 would not be.
      int u = (q << k) | (int) ((c >>> 1) >>> (63 - k));
      c <<= k;
      bits -= k;
      dest[i] = (u >>> 1) ^ -(u & 1);
    }
    cache = c;
    cacheBits = bits;
  }

  /** Skips {@code n} whole bytes; only at a byte boundary. */
  void skipBytes(long n) throws IOException {
    syncCacheToBuffer();
    while (n > 0) {
      if (pos == limit && !fillBuffer()) {
        throw truncated();
      }
      int step = (int) Math.min(n, limit - pos);
      pos += step;
      n -= step;
    }
  }
}
