package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each format's kernel on bytes worked out by hand from signal(5), then round trips through the encoders. */
class BinaryDecodersTest {
  private static int[] decode(int format, int count, int... bytes) {
    byte[] src = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      src[i] = (byte) bytes[i];
    }
    int[] out = new int[count];
    BinaryDecoders.decode(format, src, 0, out, 0, count);
    return out;
  }

  @Test
  void format16IsLittleEndianTwosComplement() {
    assertArrayEquals(new int[] {1, -1, -32768, 32767, 258},
        decode(16, 5, 0x01, 0x00, 0xFF, 0xFF, 0x00, 0x80, 0xFF, 0x7F, 0x02, 0x01));
  }

  @Test
  void format61IsBigEndian() {
    assertArrayEquals(new int[] {1, -2, 258}, decode(61, 3, 0x00, 0x01, 0xFF, 0xFE, 0x01, 0x02));
  }

  @Test
  void format80IsOffsetBinary() {
    assertArrayEquals(new int[] {0, -128, 127, -1}, decode(80, 4, 0x80, 0x00, 0xFF, 0x7F));
  }

  @Test
  void format160IsOffsetBinaryLittleEndian() {
    assertArrayEquals(new int[] {0, -32768, 32767, 1}, decode(160, 4, 0x00, 0x80, 0x00, 0x00, 0xFF, 0xFF, 0x01, 0x80));
  }

  @Test
  void format24And32AreLittleEndian() {
    assertArrayEquals(new int[] {-1, -8388608, 8388607, 66051},
        decode(24, 4, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x03, 0x02, 0x01));
    assertArrayEquals(new int[] {-1, Integer.MIN_VALUE, 16909060},
        decode(32, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x80, 0x04, 0x03, 0x02, 0x01));
  }

  @Test
  void format8GivesSignedDifferences() {
    assertArrayEquals(new int[] {0, 127, -128, -1}, decode(8, 4, 0x00, 0x7F, 0x80, 0xFF));
  }

  @Test
  void format212PacksPairsInThreeBytes() {
    // 0x123 and -2 (0xFFE): byte0 = 0x23, byte1 = low nibble 0x1 (high bits of first) | 0xF0 (high bits of second)
    assertArrayEquals(new int[] {0x123, -2}, decode(212, 2, 0x23, 0xF1, 0xFE));
    assertArrayEquals(new int[] {-2048, 2047}, decode(212, 2, 0x00, 0x78, 0xFF));
    // odd count: the last value sits in two bytes
    assertArrayEquals(new int[] {0x123, -2, -1}, decode(212, 3, 0x23, 0xF1, 0xFE, 0xFF, 0x0F));
  }

  @Test
  void format310PacksThreeTenBitValuesInTwoWords() {
    // v0 = 5, v1 = -3 (0x3FD), v2 = 0x2A5 (-347): w0 = 5<<1 | (0x2A5 & 0x1F)<<11, w1 = 0x3FD<<1 | (0x2A5>>5)<<11
    int w0 = (5 << 1) | ((0x2A5 & 0x1F) << 11);
    int w1 = (0x3FD << 1) | ((0x2A5 >> 5) << 11);
    assertArrayEquals(new int[] {5, -3, 0x2A5 - 1024},
        decode(310, 3, w0 & 0xFF, w0 >> 8, w1 & 0xFF, (w1 >> 8) & 0xFF));
    // partial groups: one value in two bytes, two values in four
    assertArrayEquals(new int[] {5}, decode(310, 1, w0 & 0xFF, w0 >> 8));
    assertArrayEquals(new int[] {5, -3}, decode(310, 2, w0 & 0xFF, w0 >> 8, w1 & 0xFF, (w1 >> 8) & 0xFF));
  }

  @Test
  void format311PacksThreeTenBitValuesInOneWord() {
    int w = (0x1FF) | (0x200 << 10) | (7 << 20); // 511, -512, 7
    assertArrayEquals(new int[] {511, -512, 7}, decode(311, 3, w & 0xFF, (w >> 8) & 0xFF, (w >> 16) & 0xFF, w >>> 24));
    assertArrayEquals(new int[] {511}, decode(311, 1, w & 0xFF, (w >> 8) & 0xFF));
    assertArrayEquals(new int[] {511, -512}, decode(311, 2, w & 0xFF, (w >> 8) & 0xFF, (w >> 16) & 0xFF));
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 24, 32, 61, 80, 160, 212, 310, 311})
  void encodersAndDecodersAreInverse(int format) {
    Random random = new Random(format);
    int bits = SampleFormat.bits(format);
    for (int count = 1; count <= 13; count++) {
      int[] values = new int[count];
      for (int i = 0; i < count; i++) {
        values[i] = bits == 32 ? random.nextInt() : random.nextInt(1 << bits) - (1 << (bits - 1));
      }
      byte[] bytes = new byte[(int) SampleFormat.bytesFor(format, count)];
      assertEquals(bytes.length, BinaryEncoders.encode(format, values, 0, count, bytes, 0), "bytes for " + count);
      // the bytes hold the values, and one byte fewer would not (format 310 stores two trailing values in a
      // whole four-byte group, so those bytes could also hold three)
      assertTrue(SampleFormat.valuesIn(format, bytes.length) >= count, "values in " + bytes.length);
      assertTrue(SampleFormat.valuesIn(format, bytes.length - 1) < count, "values in " + (bytes.length - 1));
      int[] back = new int[count];
      BinaryDecoders.decode(format, bytes, 0, back, 0, count);
      assertArrayEquals(values, back, "format " + format + ", " + count + " values");
    }
  }
}
