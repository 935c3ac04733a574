package io.wavebeam.wfdb;

import java.util.List;

/**
 * The header checksums of the signals of one file: summed while the signals are read from frame 0 to the
 * header's length (frames past it never count), and compared once when the length is reached. A mismatch is a
 * warning, never an error.
 */
final class GroupChecksums {
  /** A run of one slot's frames decoded by a kernel; returns the sum of the values decoded. */
  @FunctionalInterface
  interface Run {
    long decode(int fromFrame, int frames);
  }

  private final String file;
  private final int[] signals;
  private final Integer[] expected;
  private final long headerLength;
  private final List<String> warnings;
  private final boolean checking;
  /** Sum of each member's values; only its low 16 bits matter. */
  final long[] sums;
  private boolean verified;

  GroupChecksums(String file, List<SignalSpec> specs, int[] signals, boolean wholeSignal, long headerLength,
      List<String> warnings) {
    this.file = file;
    this.signals = signals;
    this.headerLength = headerLength;
    this.warnings = warnings;
    expected = new Integer[specs.size()];
    boolean any = false;
    for (int i = 0; i < expected.length; i++) {
      expected[i] = specs.get(i).checksum();
      any |= expected[i] != null;
    }
    checking = any && wholeSignal;
    sums = new long[specs.size()];
  }

  /** Whether the values read are summed at all. */
  boolean checking() {
    return checking;
  }

  /** How many of the frames [first, first + frames) count towards the checksums: those before the length. */
  int countable(long first, int frames) {
    return checking ? (int) Math.max(0, Math.min(frames, headerLength - first)) : 0;
  }

  /** Whether every frame of [first, first + frames) counts, or none needs to: one kernel call covers it. */
  boolean uniform(long first, int frames) {
    return !checking || countable(first, frames) == frames;
  }

  /**
   * Decodes the frames [first, first + frames) of one slot of {@code member} with {@code run}, in order, adding
   * to the member's sum only what lies before the header's length: split into at most two runs.
   */
  void decode(int member, long first, int frames, Run run) {
    int c = countable(first, frames);
    if (c > 0) {
      sums[member] += run.decode(0, c);
    }
    if (c < frames) {
      run.decode(c, frames - c);
    }
  }

  /** Compares the sums once {@code decoded} raw frames reach the header's length. */
  void verifyAt(long decoded) {
    if (!checking || verified || decoded < headerLength) {
      return;
    }
    verified = true;
    for (int m = 0; m < signals.length; m++) {
      if (expected[m] != null && ((sums[m] - expected[m]) & 0xFFFF) != 0) {
        warnings.add(file + ": checksum mismatch for signal " + signals[m] + ": header says " + expected[m]
            + ", samples sum to " + (short) sums[m]);
      }
    }
  }
}
