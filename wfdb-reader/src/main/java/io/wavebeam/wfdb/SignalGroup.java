package io.wavebeam.wfdb;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The signals stored in one file, read as a window of raw frames so that skewed signals can look ahead: output
 * frame t of a signal with skew k is raw frame t + k. Applies format 8 accumulation, marks invalid values,
 * and checks the header checksums when the whole signal has been read.
 */
final class SignalGroup implements Closeable {
  private final String file; // location, for messages
  private final int format;
  private final int[] signals; // record signal index of each member
  private final int[] spf;
  private final int[] skew;
  private final int[] slotOffset; // offset of each member's first value within a frame
  private final int[] slotMember; // member index of each value slot of a frame
  private final int valuesPerFrame;
  private final int maxSkew;
  private final int invalid;
  private final FrameSource source;
  private final Integer[] expectedChecksum;
  private final long headerLength; // frames the header says the file holds
  private final long required; // raw frames that must be present
  private final long limit; // raw frames worth decoding: never past the header's length
  private final boolean checking;
  private final long[] checksum;
  private final long[] accumulator; // format 8 running values (long: they never wrap)
  private final List<String> warnings;
  /** Decode straight from the file's bytes into the caller's arrays (fixed-width formats without skew). */
  private final BinaryFrameSource direct;
  private final int bytesPerValue;
  private final StridedDecoders.Kernel kernel;
  /** Decodes four one-sample signals per pass, or null (format without one, or several samples per frame). */
  private final StridedDecoders.QuadKernel quadKernel;

  private int[] window = new int[0];
  private long windowStart; // raw frame of window[0]
  private int windowFrames;
  private long decoded; // raw frames decoded so far (absolute index of the next one)
  private boolean ended;

  SignalGroup(String file, List<SignalSpec> specs, int[] signals, FrameSource source, long startFrame,
      long endFrame, long headerLength, List<String> warnings) throws IOException {
    this.file = file;
    this.format = specs.get(0).format();
    this.signals = signals;
    this.source = source;
    this.headerLength = headerLength;
    this.warnings = warnings;
    int n = specs.size();
    spf = new int[n];
    skew = new int[n];
    slotOffset = new int[n];
    expectedChecksum = new Integer[n];
    accumulator = new long[n];
    int vpf = 0;
    int ms = 0;
    for (int i = 0; i < n; i++) {
      SignalSpec s = specs.get(i);
      spf[i] = s.samplesPerFrame();
      skew[i] = s.skew();
      slotOffset[i] = vpf;
      vpf += spf[i];
      ms = Math.max(ms, skew[i]);
      expectedChecksum[i] = s.checksum();
      accumulator[i] = s.initValue();
    }
    valuesPerFrame = vpf;
    maxSkew = ms;
    slotMember = new int[vpf];
    for (int i = 0; i < n; i++) {
      Arrays.fill(slotMember, slotOffset[i], slotOffset[i] + spf[i], i);
    }
    invalid = SampleFormat.invalidValue(format);
    required = Math.min(endFrame + maxSkew, headerLength);
    // Never past the header's length: a skewed signal's last samples are invalid, not bytes after the length
    // (trailing bytes, or the padding slots of a packed format's last group).
    limit = required;
    checksum = new long[n];
    boolean anyChecksum = false;
    for (Integer c : expectedChecksum) {
      anyChecksum |= c != null;
    }
    checking = anyChecksum && startFrame == 0 && limit >= headerLength;
    windowStart = startFrame;
    decoded = startFrame;
    bytesPerValue = StridedDecoders.bytesPerValue(format);
    // format 8's running sums follow file order, which per-sample passes over a frame would not
    boolean runningSumsInOrder = format != 8 || vpf == n;
    direct = maxSkew == 0 && bytesPerValue > 0 && runningSumsInOrder && source instanceof BinaryFrameSource
        ? (BinaryFrameSource) source : null;
    kernel = direct != null ? StridedDecoders.kernel(format) : null;
    quadKernel = direct != null && vpf == n && n >= 4 ? StridedDecoders.quadKernel(format) : null;
  }

  /** Decodes and drops frames before {@code startFrame} (alignment, or format 8's running sums). */
  void skipTo(long sourceStart, long startFrame) throws IOException {
    decoded = sourceStart;
    windowStart = sourceStart;
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

  /** Fills dest for output frames [t, t + n), where t is the window start. */
  void read(int[][] dest, int n) throws IOException {
    if (direct != null && windowFrames == 0) {
      readDirect(dest, n);
      return;
    }
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

  /** Whether {@link #readOffsetBinaryCodes} can serve this file: format 80 read straight from its bytes. */
  boolean hasOffsetBinaryCodes() {
    return direct != null && format == 80;
  }

  /**
   * Fills dest with the stored bytes of output frames [t, t + n), t the window start: format 80's codes, 0 for
   * an invalid sample and for frames past the end of the file.
   */
  void readOffsetBinaryCodes(byte[][] dest, int n) throws IOException {
    if (!hasOffsetBinaryCodes() || windowFrames != 0) {
      throw new IllegalStateException(file + ": no offset-binary codes here");
    }
    int got = fetchRaw(n);
    byte[] bytes = direct.buffer();
    long countable = checking ? Math.max(0, Math.min(got, headerLength - windowStart)) : 0;
    int m = 0;
    if (quadKernel != null && (!checking || countable == got)) {
      for (; m + 4 <= signals.length; m += 4) {
        StridedDecoders.copy80x4(bytes, m, valuesPerFrame, dest[signals[m]], dest[signals[m + 1]],
            dest[signals[m + 2]], dest[signals[m + 3]], got, checksum, m);
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
        // the frames past the header's length, if the file has them, do not count towards the checksum
        int c = (int) countable;
        checksum[m] += StridedDecoders.copy80(bytes, pos, valuesPerFrame, d, j, k, c);
        StridedDecoders.copy80(bytes, pos + c * valuesPerFrame, valuesPerFrame, d, j + c * k, k, got - c);
      }
      Arrays.fill(d, got * k, n * k, (byte) 0);
    }
    endDirect(got, n);
  }

  /** Reads the bytes of up to n frames into the direct source's buffer; a file shorter than required throws. */
  private int fetchRaw(int n) throws IOException {
    int got = ended ? 0 : direct.readRaw(n);
    if (got < n) {
      ended = true;
      if (windowStart + got < Math.min(windowStart + n, required)) {
        decoded = windowStart + got;
        throw shortFile();
      }
    }
    return got;
  }

  private void endDirect(int got, int n) {
    decoded = windowStart + got;
    windowStart += n;
    if (checking && decoded >= headerLength) {
      verifyChecksums();
    }
  }

  private void readDirect(int[][] dest, int n) throws IOException {
    int got = fetchRaw(n);
    byte[] bytes = direct.buffer();
    int frameBytes = valuesPerFrame * bytesPerValue;
    long countable = checking ? Math.max(0, Math.min(got, headerLength - windowStart)) : 0;
    int m = 0;
    if (quadKernel != null && (!checking || countable == got)) {
      // one sample per frame: member m's values sit at byte m * bytesPerValue of each frame
      for (; m + 4 <= signals.length; m += 4) {
        quadKernel.decode(bytes, m * bytesPerValue, frameBytes, dest[signals[m]], dest[signals[m + 1]],
            dest[signals[m + 2]], dest[signals[m + 3]], got, checksum, m);
      }
      for (int q = 0; q < m; q++) {
        Arrays.fill(dest[signals[q]], got, n, SampleFormat.INVALID);
      }
    }
    for (; m < signals.length; m++) {
      int[] d = dest[signals[m]];
      int k = spf[m];
      for (int j = 0; j < k; j++) {
        int pos = (slotOffset[m] + j) * bytesPerValue;
        if (countable == got) {
          checksum[m] += kernel.decode(bytes, pos, frameBytes, d, j, k, got, accumulator, m);
        } else {
          // the frames past the header's length do not count towards the checksum
          int c = (int) countable;
          checksum[m] += kernel.decode(bytes, pos, frameBytes, d, j, k, c, accumulator, m);
          kernel.decode(bytes, pos + c * frameBytes, frameBytes, d, j + c * k, k, got - c, accumulator, m);
        }
      }
      Arrays.fill(d, got * k, n * k, SampleFormat.INVALID);
    }
    endDirect(got, n);
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
    if (checking && decoded >= headerLength) {
      verifyChecksums();
    }
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
    if (checking) {
      long framesBeforeEnd = Math.max(0, Math.min(frames, headerLength - decoded));
      int end = from + (int) framesBeforeEnd * valuesPerFrame;
      int slot = 0;
      for (int p = from; p < end; p++) {
        checksum[slotMember[slot]] += window[p];
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

  private boolean verified;

  private void verifyChecksums() {
    if (verified) {
      return;
    }
    verified = true;
    for (int m = 0; m < signals.length; m++) {
      Integer expected = expectedChecksum[m];
      if (expected != null && ((checksum[m] - expected) & 0xFFFF) != 0) {
        warnings.add(file + ": checksum mismatch for signal " + signals[m] + ": header says " + expected
            + ", samples sum to " + (short) checksum[m]);
      }
    }
  }

  private WfdbException shortFile() {
    long bytePos = source instanceof BinaryFrameSource ? ((BinaryFrameSource) source).position() : -1;
    String problem = "signal file ends after " + decoded + " frames; the header says " + headerLength;
    return bytePos >= 0 ? WfdbException.atByte(file, bytePos, problem) : WfdbException.of(file, problem);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
