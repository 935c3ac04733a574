package io.wavebeam.wfdb.flac;

/**
 * Chooses and writes the Rice coding of a residual (RFC 9639, section 9.2.7): the partition order and, per
 * partition, the cheapest Rice parameter or an escape to plain binary.
 */
final class FlacResidualCoder {
  static final int MAX_PARTITION_ORDER = 8;
  private static final int METHOD_BITS = 2;
  private static final int PARTITION_ORDER_BITS = 4;
  private static final int RICE_PARAMETER_BITS = 4;
  private static final int RICE2_PARAMETER_BITS = 5;
  private static final int RICE_MAX_PARAMETER = 14;
  private static final int RICE2_MAX_PARAMETER = 30;
  private static final int RICE_ESCAPE = 15;
  private static final int RICE2_ESCAPE = 31;
  private static final int ESCAPE_WIDTH_BITS = 5;
  /** Marks an escaped partition in {@link #parameters}. */
  private static final int ESCAPED = -1;

  private final int[] parameters = new int[1 << MAX_PARTITION_ORDER];
  private final int[] escapeWidths = new int[1 << MAX_PARTITION_ORDER];
  private final int[] bestParameters = new int[1 << MAX_PARTITION_ORDER];
  private final int[] bestEscapeWidths = new int[1 << MAX_PARTITION_ORDER];
  private int bestOrder;
  private boolean bestRice2;

  static long fold(int value) {
    return ((long) value << 1) ^ (value >> 31);
  }

  /**
   * Finds the cheapest coding of {@code residual[order, n)} (the first {@code order} entries are warm-up samples
   * and not coded) and returns its size in bits; {@link #write} then writes that choice.
   */
  long plan(int[] residual, int n, int order) {
    long best = Long.MAX_VALUE;
    for (int partitionOrder = 0; partitionOrder <= MAX_PARTITION_ORDER; partitionOrder++) {
      int size = n >>> partitionOrder;
      if ((size << partitionOrder) != n || size < order || (partitionOrder > 0 && size == 0)) {
        break;
      }
      long bits = METHOD_BITS + PARTITION_ORDER_BITS;
      boolean rice2 = false;
      int partitions = 1 << partitionOrder;
      for (int p = 0; p < partitions; p++) {
        int from = p == 0 ? order : p * size;
        int to = (p + 1) * size;
        bits += planPartition(residual, from, to, p);
        rice2 |= parameters[p] > RICE_MAX_PARAMETER;
      }
      bits += (long) partitions * (rice2 ? RICE2_PARAMETER_BITS : RICE_PARAMETER_BITS);
      if (bits < best) {
        best = bits;
        bestOrder = partitionOrder;
        bestRice2 = rice2;
        System.arraycopy(parameters, 0, bestParameters, 0, partitions);
        System.arraycopy(escapeWidths, 0, bestEscapeWidths, 0, partitions);
      }
    }
    return best;
  }

  /** Bits of one partition without its parameter field; records the choice in {@link #parameters}. */
  private long planPartition(int[] residual, int from, int to, int p) {
    int count = to - from;
    long sum = 0;
    int widest = 0;
    int any = 0;
    for (int i = from; i < to; i++) {
      sum += fold(residual[i]);
      widest |= residual[i] ^ (residual[i] >> 31);
      any |= residual[i];
    }
    // Two's complement width: magnitude bits plus a sign bit; an all-zero partition needs no bits at all.
    int escapeWidth = any == 0 ? 0 : 33 - Integer.numberOfLeadingZeros(widest);
    long escapeBits = ESCAPE_WIDTH_BITS + (long) count * escapeWidth;
    // The best parameter is close to log2 of the mean folded value; try it and its neighbours exactly.
    int guess = count == 0 ? 0 : Math.max(0, 63 - Long.numberOfLeadingZeros(Math.max(1, sum / count)));
    long bestBits = Long.MAX_VALUE;
    int bestK = 0;
    for (int k = Math.max(0, guess - 1); k <= Math.min(RICE2_MAX_PARAMETER, guess + 1); k++) {
      long bits = (long) count * (k + 1);
      for (int i = from; i < to; i++) {
        bits += fold(residual[i]) >>> k;
      }
      if (bits < bestBits) {
        bestBits = bits;
        bestK = k;
      }
    }
    if (escapeBits < bestBits) {
      parameters[p] = ESCAPED;
      escapeWidths[p] = escapeWidth;
      return escapeBits;
    }
    parameters[p] = bestK;
    return bestBits;
  }

  /** Escaped partitions of the last plan, and how many of those have width 0; for tests. */
  int[] escapedPartitionsOfLastPlan() {
    int escaped = 0;
    int empty = 0;
    for (int p = 0; p < (1 << bestOrder); p++) {
      if (bestParameters[p] == ESCAPED) {
        escaped++;
        empty += bestEscapeWidths[p] == 0 ? 1 : 0;
      }
    }
    return new int[] {escaped, empty};
  }

  /** Whether the last plan needs the 5-bit parameters of Rice2; for tests. */
  boolean lastPlanUsesRice2() {
    return bestRice2;
  }

  /** Writes the residual as planned by the last call of {@link #plan}. */
  void write(FlacBitWriter out, int[] residual, int n, int order) {
    out.write(bestRice2 ? 1 : 0, METHOD_BITS);
    out.write(bestOrder, PARTITION_ORDER_BITS);
    int parameterBits = bestRice2 ? RICE2_PARAMETER_BITS : RICE_PARAMETER_BITS;
    int escape = bestRice2 ? RICE2_ESCAPE : RICE_ESCAPE;
    int size = n >>> bestOrder;
    for (int p = 0; p < (1 << bestOrder); p++) {
      int from = p == 0 ? order : p * size;
      int to = (p + 1) * size;
      if (bestParameters[p] == ESCAPED) {
        out.write(escape, parameterBits);
        int width = bestEscapeWidths[p];
        out.write(width, ESCAPE_WIDTH_BITS);
        for (int i = from; i < to; i++) {
          out.write(residual[i], width);
        }
      } else {
        int k = bestParameters[p];
        out.write(k, parameterBits);
        for (int i = from; i < to; i++) {
          out.writeRice(residual[i], k);
        }
      }
    }
  }
}
