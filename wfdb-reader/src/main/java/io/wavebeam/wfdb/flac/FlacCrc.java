package io.wavebeam.wfdb.flac;

/** The two checksums of a FLAC frame (RFC 9639, section 9.1 and 9.3): both unreflected, initial value 0. */
final class FlacCrc {
  /** x^8 + x^2 + x + 1, over the frame header. */
  private static final int CRC8_POLYNOMIAL = 0x07;
  /** x^16 + x^15 + x^2 + 1, over the whole frame. */
  private static final int CRC16_POLYNOMIAL = 0x8005;

  private static final int[] CRC8_TABLE = new int[256];
  /**
   * Slice-by-4 tables for CRC-16: row 0 is the usual byte table, row k advances a byte through k more zero bytes,
   * so four bytes are folded per step; the CRC runs over every compressed byte and must not dominate decoding.
   */
  private static final int[][] CRC16_TABLES = new int[4][256];

  static {
    for (int i = 0; i < 256; i++) {
      int c8 = i;
      for (int bit = 0; bit < 8; bit++) {
        c8 = (c8 & 0x80) != 0 ? ((c8 << 1) ^ CRC8_POLYNOMIAL) & 0xFF : (c8 << 1) & 0xFF;
      }
      CRC8_TABLE[i] = c8;
      int c16 = i << 8;
      for (int bit = 0; bit < 8; bit++) {
        c16 = (c16 & 0x8000) != 0 ? ((c16 << 1) ^ CRC16_POLYNOMIAL) & 0xFFFF : (c16 << 1) & 0xFFFF;
      }
      CRC16_TABLES[0][i] = c16;
    }
    for (int k = 1; k < 4; k++) {
      for (int i = 0; i < 256; i++) {
        int prev = CRC16_TABLES[k - 1][i];
        CRC16_TABLES[k][i] = ((prev << 8) & 0xFFFF) ^ CRC16_TABLES[0][prev >>> 8];
      }
    }
  }

  private FlacCrc() {}

  static int crc8(int crc, int b) {
    return CRC8_TABLE[(crc ^ b) & 0xFF];
  }

  static int crc8(byte[] data, int from, int to) {
    int crc = 0;
    for (int i = from; i < to; i++) {
      crc = CRC8_TABLE[(crc ^ data[i]) & 0xFF];
    }
    return crc;
  }

  /** Continues {@code crc} over {@code data[from, to)}. */
  static int crc16(int crc, byte[] data, int from, int to) {
    int[] t0 = CRC16_TABLES[0];
    int[] t1 = CRC16_TABLES[1];
    int[] t2 = CRC16_TABLES[2];
    int[] t3 = CRC16_TABLES[3];
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int a = ((crc >>> 8) ^ data[i]) & 0xFF;
      int b = (crc ^ data[i + 1]) & 0xFF;
      crc = t3[a] ^ t2[b] ^ t1[data[i + 2] & 0xFF] ^ t0[data[i + 3] & 0xFF];
    }
    for (; i < to; i++) {
      crc = ((crc << 8) & 0xFFFF) ^ t0[((crc >>> 8) ^ data[i]) & 0xFF];
    }
    return crc;
  }
}
