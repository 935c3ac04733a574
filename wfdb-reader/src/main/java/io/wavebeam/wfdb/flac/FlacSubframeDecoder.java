package io.wavebeam.wfdb.flac;

import static io.wavebeam.wfdb.flac.FlacFrameCodes.MAX_FIXED_ORDER;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.SUBFRAME_CONSTANT;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.SUBFRAME_VERBATIM;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.fixedOrder;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.lpcOrder;

import io.wavebeam.wfdb.WfdbException;
import java.io.IOException;
import java.util.Arrays;

/** Decodes one subframe (RFC 9639, section 9.2) of a channel into an int array. */
final class FlacSubframeDecoder {
  private static final int LPC_PRECISION_INVALID = 15;
  private static final int RESIDUAL_RICE = 0;
  private static final int RESIDUAL_RICE2 = 1;
  private static final int RICE_ESCAPE = 15;
  private static final int RICE2_ESCAPE = 31;
  private static final int ESCAPE_WIDTH_BITS = 5;
  /** Above this sample size the FIXED order-4 prediction (coefficients summing to 16) may overflow an int. */
  private static final int MAX_BITS_FOR_INT_FIXED = 27;

  private final FlacBitReader bits;
  private final String file;
  private final int[] lpcCoefficients = new int[32];

  FlacSubframeDecoder(FlacBitReader bits, String file) {
    this.bits = bits;
    this.file = file;
  }

  /** Decodes a subframe of {@code n} samples of {@code sampleBits} bits each into {@code out[0, n)}. */
  void decode(int[] out, int n, int sampleBits, long frameStart) throws IOException {
    int header = bits.readUnsigned(8);
    if ((header & 0x80) != 0) {
      throw error(frameStart, "subframe padding bit set");
    }
    int type = (header >>> 1) & 0x3F;
    int wasted = 0;
    if ((header & 1) != 0) {
      wasted = bits.readUnary() + 1;
      if (wasted >= sampleBits) {
        throw error(frameStart, wasted + " wasted bits in a " + sampleBits + "-bit subframe");
      }
      sampleBits -= wasted;
    }

    if (type == SUBFRAME_CONSTANT) {
      Arrays.fill(out, 0, n, bits.readSigned(sampleBits));
    } else if (type == SUBFRAME_VERBATIM) {
      bits.readSigned(out, 0, n, sampleBits);
    } else if (fixedOrder(type) >= 0) {
      int order = fixedOrder(type);
      if (order > MAX_FIXED_ORDER) {
        throw error(frameStart, "reserved subframe type: FIXED order " + order);
      }
      checkOrder(order, n, frameStart);
      bits.readSigned(out, 0, order, sampleBits);
      readResidual(out, n, order, frameStart);
      if (sampleBits <= MAX_BITS_FOR_INT_FIXED) {
        restoreFixed(out, n, order);
      } else {
        restoreFixedWide(out, n, order);
      }
    } else if (lpcOrder(type) > 0) {
      int order = lpcOrder(type);
      checkOrder(order, n, frameStart);
      bits.readSigned(out, 0, order, sampleBits);
      int precision = bits.readUnsigned(4);
      if (precision == LPC_PRECISION_INVALID) {
        throw error(frameStart, "invalid LPC coefficient precision code 15");
      }
      precision += 1;
      int shift = bits.readSigned(5);
      if (shift < 0) {
        throw error(frameStart, "negative LPC shift " + shift);
      }
      int[] coefficients = lpcCoefficients;
      for (int j = 0; j < order; j++) {
        coefficients[j] = bits.readSigned(precision);
      }
      readResidual(out, n, order, frameStart);
      FlacLpc.restore(out, n, coefficients, order, shift);
    } else {
      throw error(frameStart, "reserved subframe type " + type);
    }

    if (wasted > 0) {
      for (int i = 0; i < n; i++) {
        out[i] <<= wasted;
      }
    }
  }

  private void checkOrder(int order, int n, long frameStart) throws WfdbException {
    if (order > n) {
      throw error(frameStart, "predictor order " + order + " exceeds block size " + n);
    }
  }

  /** Reads the residual of samples {@code order .. n} into {@code out} at the same positions. */
  private void readResidual(int[] out, int n, int order, long frameStart) throws IOException {
    int method = bits.readUnsigned(2);
    if (method != RESIDUAL_RICE && method != RESIDUAL_RICE2) {
      throw error(frameStart, "reserved residual coding method " + method);
    }
    int parameterBits = method == RESIDUAL_RICE ? 4 : 5;
    int escape = method == RESIDUAL_RICE ? RICE_ESCAPE : RICE2_ESCAPE;
    int partitionOrder = bits.readUnsigned(4);
    int partitions = 1 << partitionOrder;
    int partitionSize = n >>> partitionOrder;
    if ((partitionSize << partitionOrder) != n || partitionSize < order) {
      throw error(frameStart, "partition order " + partitionOrder + " does not fit block size " + n
          + " and predictor order " + order);
    }
    int position = order;
    for (int p = 0; p < partitions; p++) {
      int count = p == 0 ? partitionSize - order : partitionSize;
      int parameter = bits.readUnsigned(parameterBits);
      if (parameter == escape) {
        bits.readSigned(out, position, count, bits.readUnsigned(ESCAPE_WIDTH_BITS));
      } else {
        bits.readRice(out, position, count, parameter);
      }
      position += count;
    }
  }

  private static void restoreFixed(int[] s, int n, int order) {
    switch (order) {
      case 1:
        for (int i = 1; i < n; i++) {
          s[i] += s[i - 1];
        }
        break;
      case 2:
        for (int i = 2; i < n; i++) {
          s[i] += 2 * s[i - 1] - s[i - 2];
        }
        break;
      case 3:
        for (int i = 3; i < n; i++) {
          s[i] += 3 * (s[i - 1] - s[i - 2]) + s[i - 3];
        }
        break;
      case 4:
        for (int i = 4; i < n; i++) {
          s[i] += 4 * (s[i - 1] + s[i - 3]) - 6 * s[i - 2] - s[i - 4];
        }
        break;
      default:
        break; // order 0: the residual is the signal
    }
  }

  /** FIXED prediction for samples too wide for the int sums of {@link #restoreFixed}. */
  private static void restoreFixedWide(int[] s, int n, int order) {
    for (int i = order; i < n; i++) {
      long prediction;
      switch (order) {
        case 1: prediction = s[i - 1]; break;
        case 2: prediction = 2L * s[i - 1] - s[i - 2]; break;
        case 3: prediction = 3L * s[i - 1] - 3L * s[i - 2] + s[i - 3]; break;
        case 4: prediction = 4L * s[i - 1] - 6L * s[i - 2] + 4L * s[i - 3] - s[i - 4]; break;
        default: prediction = 0; break;
      }
      s[i] = (int) (s[i] + prediction);
    }
  }

  private WfdbException error(long frameStart, String problem) {
    return WfdbException.atByte(file, frameStart, problem);
  }
}
