package io.wavebeam.wfdb;

import java.io.Closeable;
import java.io.IOException;

/**
 * The raw frames of one signal file: every frame's values in file order (each signal of the file in turn, with
 * all its samples of the frame), as stored. Invalid values, format 8 accumulation and skew are handled above.
 */
interface FrameSource extends Closeable {
  /** Values in one frame (the sum of the file's signals' samples per frame). */
  int valuesPerFrame();

  /**
   * Decodes up to {@code frames} frames into {@code dst} from {@code off}; returns the frames decoded, fewer
   * only at the end of the file (0 there).
   */
  int read(int[] dst, int off, int frames) throws IOException;

  /** How many frames the file holds after the byte offset, or -1 when that is unknown without decoding it. */
  long availableFrames() throws IOException;

  /** Frames per call that keep the packed formats' groups aligned. */
  int frameAlignment();

  /** The file position of the next undecoded byte, for messages; -1 when the storage cannot say. */
  long bytePosition();
}
