package io.wavebeam.wfdb;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The signals stored in one file, read block by block into the caller's arrays. One subclass per kind of
 * storage: {@link DirectSignalGroup} decodes fixed-width formats without skew straight from the file's bytes;
 * {@link WindowSignalGroup} keeps a window of decoded frames for the packed formats, FLAC and skewed signals
 * (output frame t of a signal with skew k is raw frame t + k). Both never read past the header's length, mark
 * invalid values, apply format 8's running sums and check the header checksums (through {@link GroupChecksums}).
 */
abstract class SignalGroup implements Closeable {
  final String file; // location, for messages
  final int format;
  final int[] signals; // record signal index of each member
  final int[] spf;
  final int[] skew;
  final int[] slotOffset; // offset of each member's first value within a frame
  final int valuesPerFrame;
  final int maxSkew;
  final long headerLength; // frames the header says the file holds
  final long required; // raw frames that must be present
  final long limit; // raw frames worth decoding: never past the header's length
  final GroupChecksums checksums;
  final long[] accumulator; // format 8 running values (long: they never wrap)
  private final FrameSource source;

  long windowStart; // output frame the next read starts at
  long decoded; // raw frames decoded so far (absolute index of the next one)
  boolean ended;

  /** Reads output frames [from, endFrame); the source stands at frame {@code sourceStart} (at most from). */
  SignalGroup(String file, List<SignalSpec> specs, int[] signals, FrameSource source, long sourceStart, long from,
      long endFrame, long headerLength, List<String> warnings) {
    this.file = file;
    this.source = source;
    this.format = specs.get(0).format();
    this.signals = signals;
    this.headerLength = headerLength;
    int n = specs.size();
    spf = new int[n];
    skew = new int[n];
    slotOffset = new int[n];
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
      accumulator[i] = s.initValue();
    }
    valuesPerFrame = vpf;
    maxSkew = ms;
    required = Math.min(endFrame + maxSkew, headerLength);
    // A skewed signal's last samples are invalid, never bytes after the header's length (trailing bytes, or the
    // padding slots of a packed format's last group).
    limit = required;
    checksums = new GroupChecksums(file, specs, signals, from == 0 && limit >= headerLength, headerLength,
        warnings);
    windowStart = sourceStart;
    decoded = sourceStart;
  }

  /**
   * Opens the group of {@code specs} (consecutive signal lines naming {@code file}) positioned at frame
   * {@code from}: the storage's own kind of group, having decoded and dropped whatever precedes {@code from}
   * where the format cannot seek there.
   */
  static SignalGroup open(WfdbFile file, List<SignalSpec> specs, int[] signals, long from, long to,
      long headerLength, List<String> warnings) throws IOException {
    int format = specs.get(0).format();
    int vpf = 0;
    int maxSkew = 0;
    for (SignalSpec s : specs) {
      vpf += s.samplesPerFrame();
      maxSkew = Math.max(maxSkew, s.skew());
    }
    // format 8's running sums follow file order, which the direct kernels' per-slot passes would not
    boolean direct = maxSkew == 0 && StridedDecoders.bytesPerValue(format) > 0 && (format != 8 || vpf == specs.size());
    // format 8 and FLAC decode from the start; packed formats from the group boundary before `from`
    long sourceStart = format == 8 || SampleFormat.isFlac(format) ? 0
        : from - from % (direct ? 1 : BinaryFrameSource.alignmentFor(format, vpf));
    SignalGroup group;
    if (direct) {
      BinaryFrameSource source = new BinaryFrameSource(file, format, vpf, specs.get(0).byteOffset(), sourceStart);
      group = new DirectSignalGroup(file.location(), specs, signals, source, sourceStart, from, to, headerLength,
          warnings);
    } else {
      FrameSource source = openSource(file, specs, vpf, sourceStart);
      group = new WindowSignalGroup(file.location(), specs, signals, source, sourceStart, from, to, headerLength,
          warnings);
    }
    try {
      group.skipTo(from);
    } catch (IOException | RuntimeException e) {
      group.close();
      throw e;
    }
    return group;
  }

  /** The frames of a signal file, decoded, from {@code sourceStart} (0 for FLAC: one stream). */
  static FrameSource openSource(WfdbFile file, List<SignalSpec> specs, int vpf, long sourceStart)
      throws IOException {
    SignalSpec first = specs.get(0);
    if (SampleFormat.isFlac(first.format())) {
      return FlacSupport.open(file, specs, first.byteOffset());
    }
    return new BinaryFrameSource(file, first.format(), vpf, first.byteOffset(), sourceStart);
  }

  /** Decodes and drops frames from the source's start to {@code startFrame}; then reads start there. */
  abstract void skipTo(long startFrame) throws IOException;

  /** Fills dest for output frames [t, t + n), where t is {@link #windowStart}. */
  abstract void read(int[][] dest, int n) throws IOException;

  /** Whether {@link #readOffsetBinaryCodes} can serve this file: format 80 read straight from its bytes. */
  boolean hasOffsetBinaryCodes() {
    return false;
  }

  /**
   * Fills dest with the stored bytes of output frames [t, t + n), t the window start: format 80's codes, 0 for
   * an invalid sample and for frames past the end of the file.
   */
  void readOffsetBinaryCodes(byte[][] dest, int n) throws IOException {
    throw new IllegalStateException(file + ": no offset-binary codes here");
  }

  WfdbException shortFile() {
    long bytePos = source.bytePosition();
    String problem = "signal file ends after " + decoded + " frames; the header says " + headerLength;
    return bytePos >= 0 ? WfdbException.atByte(file, bytePos, problem) : WfdbException.of(file, problem);
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
