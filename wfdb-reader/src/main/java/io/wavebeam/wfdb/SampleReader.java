package io.wavebeam.wfdb;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Streams a record's samples in blocks of frames, into arrays the caller owns and reuses, so memory stays
 * bounded by the block size whatever the record's length.
 *
 * <p>Values are digital (ADC units); {@link SampleFormat#INVALID} marks an invalid sample, a gap, or a signal
 * that the current segment lacks. Physical value = (digital - {@link #baseline}) / {@link #gain}; a block never
 * crosses a segment boundary, so one gain and baseline per signal hold for the whole block.
 */
public interface SampleReader extends Closeable {
  int signalCount();

  int samplesPerFrame(int signal);

  /** The next frame {@link #read} returns. */
  long position();

  /** The frame after the last one this reader returns. */
  long end();

  /**
   * Reads up to {@code maxFrames} frames: signal {@code s} gets {@code frames * samplesPerFrame(s)} values in
   * {@code dest[s]} from index 0. Returns the number of frames read, 0 at the end.
   */
  int read(int[][] dest, int maxFrames) throws IOException;

  /**
   * Whether {@link #readOffsetBinaryCodes} can serve this reader: every signal is stored in format 80, in files
   * without skew. False for multi-segment records.
   */
  default boolean hasOffsetBinaryCodes() {
    return false;
  }

  /**
   * Reads up to {@code maxFrames} frames like {@link #read}, but as format 80's stored bytes: code {@code c}
   * (unsigned, {@code dest[s][i] & 0xFF}) is the digital value {@code c - 128}, and code 0 an invalid sample.
   * For callers that count values, such as histograms: one byte per value and no conversion, a fraction of the
   * cost of {@link #read}. The header checksums are verified as by {@link #read}. Only when
   * {@link #hasOffsetBinaryCodes()}; the two reads may not be mixed on one reader.
   */
  default int readOffsetBinaryCodes(byte[][] dest, int maxFrames) throws IOException {
    throw new UnsupportedOperationException("this reader has no offset-binary codes");
  }

  /** Allocates byte arrays that hold {@code frames} frames of every signal, for {@link #readOffsetBinaryCodes}. */
  default byte[][] newCodeBlock(int frames) {
    byte[][] block = new byte[signalCount()][];
    for (int s = 0; s < block.length; s++) {
      block[s] = new byte[frames * samplesPerFrame(s)];
    }
    return block;
  }

  /** ADC gain of {@code signal} in the block last read. */
  double gain(int signal);

  /** Baseline of {@code signal} in the block last read. */
  int baseline(int signal);

  /** Storage format of {@code signal} in the block last read; 0 when the block does not store it. */
  int format(int signal);

  /** Index in {@link WfdbRecord#segments()} of the block last read; 0 for a single-segment record. */
  int segment();

  /** Problems that do not stop reading, such as checksum mismatches; complete once the reader has ended. */
  List<String> warnings();

  /** Allocates arrays that hold {@code frames} frames of every signal. */
  default int[][] newBlock(int frames) {
    int[][] block = new int[signalCount()][];
    for (int s = 0; s < block.length; s++) {
      block[s] = new int[frames * samplesPerFrame(s)];
    }
    return block;
  }

  /**
   * The physical value of a digital one: (digital - baseline) / gain, NaN for an invalid sample. The difference
   * is taken in {@code long}: two 32-bit values can be 2^32 apart, which an {@code int} would wrap.
   */
  static double physical(int digital, int baseline, double gain) {
    return digital == SampleFormat.INVALID ? Double.NaN : ((long) digital - baseline) / gain;
  }

  /** For callers that collect warnings from several readers. */
  default void drainWarnings(List<String> into) {
    into.addAll(warnings());
  }
}
