package io.wavebeam.wfdb.flac;

import static io.wavebeam.wfdb.flac.FlacFrameCodes.MAX_FIXED_ORDER;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.SUBFRAME_CONSTANT;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.SUBFRAME_VERBATIM;
import static io.wavebeam.wfdb.flac.FlacFrameCodes.fixedSubframe;

/** Writes one channel of a block as the cheapest of CONSTANT, VERBATIM and FIXED orders 0..4. */
final class FlacSubframeEncoder {
  private static final int HEADER_BITS = 8;

  private final int[] residual;
  private final int[] bestResidual;
  private final FlacResidualCoder coder = new FlacResidualCoder();

  FlacSubframeEncoder(int blockSize) {
    residual = new int[blockSize];
    bestResidual = new int[blockSize];
  }

  void encode(FlacBitWriter out, int[] s, int n, int bits) {
    boolean constant = true;
    for (int i = 1; i < n && constant; i++) {
      constant = s[i] == s[0];
    }
    if (constant) {
      writeHeader(out, SUBFRAME_CONSTANT);
      out.write(s[0], bits);
      return;
    }

    long verbatimBits = (long) n * bits;
    long bestBits = verbatimBits;
    int bestOrder = -1;
    for (int order = 0; order <= Math.min(MAX_FIXED_ORDER, n - 1); order++) {
      fixedResidual(s, n, order, residual);
      long total = (long) order * bits + coder.plan(residual, n, order);
      if (total < bestBits) {
        bestBits = total;
        bestOrder = order;
        System.arraycopy(residual, 0, bestResidual, 0, n);
      }
    }

    if (bestOrder < 0) {
      writeHeader(out, SUBFRAME_VERBATIM);
      for (int i = 0; i < n; i++) {
        out.write(s[i], bits);
      }
      return;
    }
    writeHeader(out, fixedSubframe(bestOrder));
    for (int i = 0; i < bestOrder; i++) {
      out.write(s[i], bits);
    }
    coder.plan(bestResidual, n, bestOrder); // the coder remembers only its last plan
    coder.write(out, bestResidual, n, bestOrder);
  }

  private static void writeHeader(FlacBitWriter out, int type) {
    out.write(type << 1, HEADER_BITS); // padding bit 0, type, no wasted bits
  }

  /** Residual of the FIXED predictor of {@code order}; entries before {@code order} are left untouched. */
  static void fixedResidual(int[] s, int n, int order, int[] r) {
    switch (order) {
      case 0:
        System.arraycopy(s, 0, r, 0, n);
        break;
      case 1:
        for (int i = 1; i < n; i++) {
          r[i] = s[i] - s[i - 1];
        }
        break;
      case 2:
        for (int i = 2; i < n; i++) {
          r[i] = s[i] - 2 * s[i - 1] + s[i - 2];
        }
        break;
      case 3:
        for (int i = 3; i < n; i++) {
          r[i] = s[i] - 3 * s[i - 1] + 3 * s[i - 2] - s[i - 3];
        }
        break;
      case 4:
        for (int i = 4; i < n; i++) {
          r[i] = s[i] - 4 * s[i - 1] + 6 * s[i - 2] - 4 * s[i - 3] + s[i - 4];
        }
        break;
      default:
        throw new IllegalArgumentException("FIXED order " + order);
    }
  }
}
