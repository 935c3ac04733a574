package io.wavebeam.wfdb;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * A file read as a window of decoded raw frames, so that skewed signals can look ahead: the packed formats
 * (212, 310, 311), FLAC, any skewed signal, and format 8 with several samples per frame. The source decodes
 * whole frames (packed formats: whole groups) into the window; format 8's running sums, the checksums and the
 * invalid values are applied there, in file order.
 */
final class WindowSignalGroup extends SignalGroup {
  private final FrameSource source;
  private final int[] slotMember; // member index of each value slot of a frame
  private final int invalid;

  private int[] window = new int[0];
  private int windowFrames;

  WindowSignalGroup(String file, List<SignalSpec> specs, int[] signals, FrameSource source, long sourceStart,
      long from, long endFrame, long headerLength, List<String> warnings) {
    super(file, specs, signals, source, sourceStart, from, endFrame, headerLength, warnings);
    this.source = source;
    slotMember = new int[valuesPerFrame];
    for (int i = 0; i < signals.length; i++) {
      Arrays.fill(slotMember, slotOffset[i], slotOffset[i] + spf[i], i);
    }
    invalid = SampleFormat.invalidValue(format);
  }

  @Override
  void skipTo(long startFrame) throws IOException {
    windowFrames = 0;
    while (decoded < startFrame) {
      windowStart = decoded;
      int n = (int) Math.min(4096, startFrame - decoded);
      windowFrames = decodeInto(0, n);
      if (windowFrames < n) {
        throw shortFile();
      }
    }
    int drop = (int) (startFrame - windowStart);
    windowFrames -= drop;
    if (windowFrames > 0) {
      System.arraycopy(window, drop * valuesPerFrame, window, 0, windowFrames * valuesPerFrame);
    }
    windowStart = startFrame;
  }

  @Override
  void read(int[][] dest, int n) throws IOException {
    long wantEnd = Math.min(windowStart + n + maxSkew, limit);
    int have = windowFrames;
    int want = (int) (wantEnd - windowStart);
    if (want > have && !ended) {
      int got = decodeInto(have, want - have);
      windowFrames = have + got;
    }
    if (windowStart + windowFrames < Math.min(wantEnd, required)) {
      throw shortFile();
    }
    // decoding rounds up to the packed formats' groups: frames past the limit may sit in the window, unused
    int usable = (int) Math.min(windowFrames, limit - windowStart);
    for (int m = 0; m < signals.length; m++) {
      int[] d = dest[signals[m]];
      int k = spf[m];
      int off = slotOffset[m];
      int present = Math.max(0, Math.min(n, usable - skew[m]));
      if (k == 1) {
        int p = skew[m] * valuesPerFrame + off;
        for (int i = 0; i < present; i++, p += valuesPerFrame) {
          d[i] = window[p];
        }
      } else {
        for (int i = 0; i < present; i++) {
          System.arraycopy(window, (i + skew[m]) * valuesPerFrame + off, d, i * k, k);
        }
      }
      Arrays.fill(d, present * k, n * k, SampleFormat.INVALID);
    }
    int keep = Math.max(0, windowFrames - n);
    if (keep > 0) {
      System.arraycopy(window, n * valuesPerFrame, window, 0, keep * valuesPerFrame);
    }
    windowFrames = keep;
    windowStart += n;
  }

  private void ensureCapacity(int frames) {
    int need = frames * valuesPerFrame;
    if (window.length < need) {
      window = Arrays.copyOf(window, Math.max(need, window.length * 3 / 2));
    }
  }

  /**
   * Decodes at least {@code frames} raw frames (rounded up to the source's alignment, so that packed formats
   * stay on group boundaries) into the window at frame {@code at}; returns the frames decoded, fewer only at the
   * end of the file.
   */
  private int decodeInto(int at, int frames) throws IOException {
    int align = source.frameAlignment();
    int ask = (frames + align - 1) / align * align;
    ensureCapacity(at + ask);
    int got = 0;
    while (got < ask && !ended) {
      int n = source.read(window, (at + got) * valuesPerFrame, ask - got);
      if (n == 0) {
        ended = true;
        break;
      }
      postProcess((at + got) * valuesPerFrame, n);
      got += n;
      decoded += n;
    }
    checksums.verifyAt(decoded);
    return got;
  }

  private void postProcess(int from, int frames) {
    int to = from + frames * valuesPerFrame;
    if (format == 8) {
      int slot = 0;
      for (int p = from; p < to; p++) {
        int m = slotMember[slot];
        window[p] = StridedDecoders.runningValue(accumulator[m] += window[p]);
        if (++slot == valuesPerFrame) {
          slot = 0;
        }
      }
    }
    int countable = checksums.countable(decoded, frames);
    if (countable > 0) {
      long[] sums = checksums.sums;
      int end = from + countable * valuesPerFrame;
      int slot = 0;
      for (int p = from; p < end; p++) {
        sums[slotMember[slot]] += window[p];
        if (++slot == valuesPerFrame) {
          slot = 0;
        }
      }
    }
    if (invalid != SampleFormat.INVALID) {
      for (int p = from; p < to; p++) {
        if (window[p] == invalid) {
          window[p] = SampleFormat.INVALID;
        }
      }
    }
  }
}
