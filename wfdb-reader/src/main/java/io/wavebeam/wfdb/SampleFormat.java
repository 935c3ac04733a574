package io.wavebeam.wfdb;

/**
 * Facts about WFDB storage formats (signal(5)): sample width, the reserved "invalid sample" value, and how many
 * bytes a run of samples occupies.
 */
public final class SampleFormat {
  /** What the reader returns for an invalid (missing) sample, whatever the format. */
  public static final int INVALID = Integer.MIN_VALUE;

  private SampleFormat() {}

  public static boolean isKnown(int format) {
    switch (format) {
      case 0: case 8: case 16: case 24: case 32: case 61: case 80: case 160: case 212: case 310: case 311:
      case 508: case 516: case 524:
        return true;
      default:
        return false;
    }
  }

  public static boolean isFlac(int format) {
    return format == 508 || format == 516 || format == 524;
  }

  /**
   * Bits of one stored value. For format 8 that is the width of a difference: the samples themselves are
   * running sums and can be wider, so size nothing that holds samples from it.
   */
  public static int bits(int format) {
    switch (format) {
      case 8: case 80: case 508: return 8;
      case 16: case 61: case 160: case 516: return 16;
      case 24: case 524: return 24;
      case 32: return 32;
      case 212: return 12;
      case 310: case 311: return 10;
      default: return 0;
    }
  }

  /**
   * The stored value that marks a sample as invalid; {@link #INVALID} (never matched after decoding) for format
   * 8, whose differences cannot encode one.
   */
  public static int invalidValue(int format) {
    switch (format) {
      case 8: case 0: return INVALID;
      case 32: return Integer.MIN_VALUE;
      default: return -(1 << (bits(format) - 1));
    }
  }

  /** The natural ADC resolution of a format, used when the header gives none. */
  public static int defaultResolution(int format) {
    switch (format) {
      case 8: return 12; // WFDB's convention: format 8 usually carries 12-bit differences-coded data
      default: return bits(format) == 0 ? 12 : bits(format);
    }
  }

  /**
   * Bytes that hold {@code values} consecutive sample values of a binary format. For the packed formats
   * (212, 310, 311) a trailing partial group only needs the bytes that carry its bits, as WFDB writes them.
   */
  public static long bytesFor(int format, long values) {
    switch (format) {
      case 8: case 80: return values;
      case 16: case 61: case 160: return values * 2;
      case 24: return values * 3;
      case 32: return values * 4;
      case 212: return values / 2 * 3 + (values % 2 == 0 ? 0 : 2);
      case 310: {
        long rest = values % 3;
        return values / 3 * 4 + (rest == 0 ? 0 : rest == 1 ? 2 : 4);
      }
      case 311: {
        long rest = values % 3;
        return values / 3 * 4 + (rest == 0 ? 0 : rest == 1 ? 2 : 3);
      }
      default:
        throw new IllegalArgumentException("not a binary format: " + format);
    }
  }

  /** Whole sample values contained in {@code bytes} bytes of a binary format (the inverse of {@link #bytesFor}). */
  public static long valuesIn(int format, long bytes) {
    switch (format) {
      case 8: case 80: return bytes;
      case 16: case 61: case 160: return bytes / 2;
      case 24: return bytes / 3;
      case 32: return bytes / 4;
      case 212: {
        long rest = bytes % 3;
        return bytes / 3 * 2 + (rest >= 2 ? 1 : 0);
      }
      case 310: {
        long rest = bytes % 4;
        return bytes / 4 * 3 + (rest >= 2 ? 1 : 0);
      }
      case 311: {
        long rest = bytes % 4;
        return bytes / 4 * 3 + (rest == 3 ? 2 : rest == 2 ? 1 : 0);
      }
      default:
        throw new IllegalArgumentException("not a binary format: " + format);
    }
  }
}
