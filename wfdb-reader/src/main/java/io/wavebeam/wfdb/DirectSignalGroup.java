package io.wavebeam.wfdb;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A file of a fixed-width format without skew: each block's bytes are read into the source's one buffer and
 * decoded by a per-format kernel straight into the caller's arrays (no intermediate int buffer), marking
 * invalid values and summing the checksums on the way. Four one-sample signals go through one wide load per
 * frame where the format has a {@link StridedDecoders.QuadKernel}.
 */
final class DirectSignalGroup extends SignalGroup {
  /** Frames per block when frames before the range are decoded and dropped (format 8). */
  private static final int SKIP_FRAMES = 4096;

  private final BinaryFrameSource source;
  private final int bytesPerValue;
  private final StridedDecoders.Kernel kernel;
  /** Decodes four one-sample signals per pass, or null (format without one, or several samples per frame). */
  private final StridedDecoders.QuadKernel quadKernel;

  DirectSignalGroup(String file, List<SignalSpec> specs, int[] signals, BinaryFrameSource source, long sourceStart,
      long from, long endFrame, long headerLength, List<String> warnings) {
    super(file, specs, signals, source, sourceStart, from, endFrame, headerLength, warnings);
    this.source = source;
    bytesPerValue = StridedDecoders.bytesPerValue(format);
    kernel = StridedDecoders.kernel(format);
    quadKernel = valuesPerFrame == signals.length && signals.length >= 4 ? StridedDecoders.quadKernel(format) : null;
  }

  @Override
  void skipTo(long startFrame) throws IOException {
    if (windowStart >= startFrame) {
      return;
    }
    // format 8: the running sums need every frame before the range
    int[][] scratch = new int[signals[signals.length - 1] + 1][];
    for (int m = 0; m < signals.length; m++) {
      scratch[signals[m]] = new int[SKIP_FRAMES * spf[m]];
    }
    while (windowStart < startFrame) {
      read(scratch, (int) Math.min(SKIP_FRAMES, startFrame - windowStart));
    }
  }

  @Override
  void read(int[][] dest, int n) throws IOException {
    int got = fetchRaw(n);
    byte[] bytes = source.buffer();
    int frameBytes = valuesPerFrame * bytesPerValue;
    long first = windowStart;
    int m = 0;
    if (quadKernel != null && checksums.uniform(first, got)) {
      // one sample per frame: member m's values sit at byte m * bytesPerValue of each frame
      for (; m + 4 <= signals.length; m += 4) {
        quadKernel.decode(bytes, m * bytesPerValue, frameBytes, dest[signals[m]], dest[signals[m + 1]],
            dest[signals[m + 2]], dest[signals[m + 3]], got, checksums.sums, m);
      }
      for (int q = 0; q < m; q++) {
        Arrays.fill(dest[signals[q]], got, n, SampleFormat.INVALID);
      }
    }
    for (; m < signals.length; m++) {
      int[] d = dest[signals[m]];
      int k = spf[m];
      int member = m;
      for (int j = 0; j < k; j++) {
        int pos = (slotOffset[m] + j) * bytesPerValue;
        int slot = j;
        checksums.decode(m, first, got, (from, frames) -> kernel.decode(bytes, pos + from * frameBytes, frameBytes,
            d, slot + from * k, k, frames, accumulator, member));
      }
      Arrays.fill(d, got * k, n * k, SampleFormat.INVALID);
    }
    endBlock(got, n);
  }

  @Override
  boolean hasOffsetBinaryCodes() {
    return format == 80;
  }

  @Override
  void readOffsetBinaryCodes(byte[][] dest, int n) throws IOException {
    if (!hasOffsetBinaryCodes()) {
      super.readOffsetBinaryCodes(dest, n);
    }
    int got = fetchRaw(n);
    byte[] bytes = source.buffer();
    long first = windowStart;
    int m = 0;
    if (quadKernel != null && checksums.uniform(first, got)) {
      for (; m + 4 <= signals.length; m += 4) {
        StridedDecoders.copy80x4(bytes, m, valuesPerFrame, dest[signals[m]], dest[signals[m + 1]],
            dest[signals[m + 2]], dest[signals[m + 3]], got, checksums.sums, m);
      }
      for (int q = 0; q < m; q++) {
        Arrays.fill(dest[signals[q]], got, n, (byte) 0);
      }
    }
    for (; m < signals.length; m++) {
      byte[] d = dest[signals[m]];
      int k = spf[m];
      for (int j = 0; j < k; j++) {
        int pos = slotOffset[m] + j;
        int slot = j;
        checksums.decode(m, first, got, (from, frames) -> StridedDecoders.copy80(bytes, pos + from * valuesPerFrame,
            valuesPerFrame, d, slot + from * k, k, frames));
      }
      Arrays.fill(d, got * k, n * k, (byte) 0);
    }
    endBlock(got, n);
  }

  /** Reads the bytes of up to n frames into the source's buffer; a file shorter than required throws. */
  private int fetchRaw(int n) throws IOException {
    int got = ended ? 0 : source.readRaw(n);
    if (got < n) {
      ended = true;
      if (windowStart + got < Math.min(windowStart + n, required)) {
        decoded = windowStart + got;
        throw shortFile();
      }
    }
    return got;
  }

  private void endBlock(int got, int n) {
    decoded = windowStart + got;
    windowStart += n;
    checksums.verifyAt(decoded);
  }
}
