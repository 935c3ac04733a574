package io.wavebeam.wfdb.flac;

/**
 * The frame header codes (RFC 9639, section 9.1) of the encoder and the decoder, and the encoder's choice of them;
 * and the subframe type codes (section 9.2.1).
 */
final class FlacFrameCodes {
  /** Block size codes followed by an 8-bit or 16-bit (size - 1) at the end of the header. */
  static final int BLOCK_SIZE_8_BIT = 6;
  static final int BLOCK_SIZE_16_BIT = 7;
  static final int SAMPLE_RATE_FROM_STREAMINFO = 0;
  /** Sample rate codes followed by an 8-bit (kHz) or 16-bit (Hz, tens of Hz) value at the end of the header. */
  static final int SAMPLE_RATE_KHZ = 12;
  static final int SAMPLE_RATE_HZ = 13;
  static final int SAMPLE_RATE_TENS_OF_HZ = 14;
  static final int SAMPLE_RATE_INVALID = 15;
  private static final int[] TABLE_SAMPLE_RATES = {
    0, 88200, 176400, 192000, 8000, 16000, 22050, 24000, 32000, 44100, 48000, 96000
  };
  private static final int MAX_CODED_NUMBER_BITS = 36;

  private FlacFrameCodes() {}

  static int blockSizeCode(int n) {
    if (n == 192) {
      return 1;
    }
    for (int code = 2; code <= 5; code++) {
      if (n == 576 << (code - 2)) {
        return code;
      }
    }
    for (int code = 8; code <= 15; code++) {
      if (n == 256 << (code - 8)) {
        return code;
      }
    }
    return n <= 256 ? BLOCK_SIZE_8_BIT : BLOCK_SIZE_16_BIT;
  }

  static int sampleRateCode(int rate) {
    for (int code = 1; code < TABLE_SAMPLE_RATES.length; code++) {
      if (TABLE_SAMPLE_RATES[code] == rate) {
        return code;
      }
    }
    if (rate % 1000 == 0 && rate / 1000 <= 255) {
      return rate == 0 ? SAMPLE_RATE_FROM_STREAMINFO : SAMPLE_RATE_KHZ;
    }
    if (rate <= 65535) {
      return SAMPLE_RATE_HZ;
    }
    if (rate % 10 == 0 && rate / 10 <= 65535) {
      return SAMPLE_RATE_TENS_OF_HZ;
    }
    return SAMPLE_RATE_FROM_STREAMINFO;
  }

  static int bitsPerSampleCode(int bits) {
    switch (bits) {
      case 8: return 1;
      case 12: return 2;
      case 16: return 4;
      case 20: return 5;
      case 24: return 6;
      case 32: return 7;
      default: return 0; // from STREAMINFO
    }
  }

  /** Writes a frame number the UTF-8 way: 7 bits in one byte, then 6 more bits per continuation byte. */
  static void writeCodedNumber(FlacBitWriter w, long value) {
    if (value < 0 || value >= (1L << MAX_CODED_NUMBER_BITS)) {
      throw new IllegalArgumentException("frame number out of range: " + value);
    }
    if (value < 0x80) {
      w.write(value, 8);
      return;
    }
    int extra = 1;
    // With e continuation bytes the first byte holds 6 - e bits.
    while (value >= (1L << (6 * extra + 6 - extra))) {
      extra++;
    }
    int lead = (0xFF << (7 - extra)) & 0xFF;
    w.write(lead | (value >>> (6 * extra)), 8);
    for (int i = extra - 1; i >= 0; i--) {
      w.write(0x80 | ((value >>> (6 * i)) & 0x3F), 8);
    }
  }

  // ---------------------------------------------------------------- subframe types

  static final int SUBFRAME_CONSTANT = 0;
  static final int SUBFRAME_VERBATIM = 1;
  /** FIXED predictors go up to this order; higher codes are reserved. */
  static final int MAX_FIXED_ORDER = 4;

  /** The type code of a FIXED subframe of {@code order}: 0b001xxx. */
  static int fixedSubframe(int order) {
    return 0x08 | order;
  }

  /** The FIXED order of a type code, or -1 when it is not 0b001xxx (the order may still be reserved). */
  static int fixedOrder(int type) {
    return (type & 0x38) == 0x08 ? type & 7 : -1;
  }

  /** The LPC order of a type code, or -1 when it is not 0b1xxxxx (LPC of order xxxxx + 1). */
  static int lpcOrder(int type) {
    return (type & 0x20) != 0 ? (type & 0x1F) + 1 : -1;
  }
}
