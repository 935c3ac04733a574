package io.wavebeam.wfdb.flac;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A small FLAC encoder (RFC 9639) for writing WFDB formats 508/516/524 and test streams.
 *
 * <p>Fixed block size; each subframe is the cheapest of CONSTANT, VERBATIM and FIXED orders 0..4 with Rice or Rice2
 * partitions (or escaped partitions); channels are coded independently.
 *
 * <p>STREAMINFO comes first in a FLAC stream but its total sample count, frame sizes and MD5 are known only at the
 * end. Two ways to cope:
 * <ul>
 *   <li>{@link #FlacEncoder(OutputStream, int, int, int, int)}: the encoded frames are kept in memory and everything
 *       is written to {@code out} by {@link #finish()}, with complete STREAMINFO (frame sizes and MD5 included).
 *       Memory grows with the compressed size; meant for records of modest size.
 *   <li>{@link #FlacEncoder(OutputStream, int, int, int, int, long)}: the caller states the total sample count up
 *       front; frames go to {@code out} as they are encoded, STREAMINFO has unknown (0) frame sizes and MD5, and
 *       {@link #finish()} fails if the count written differs.
 * </ul>
 * {@link #finish()} does not close {@code out}.
 */
public final class FlacEncoder {
  private static final byte[] STREAM_MARKER = {'f', 'L', 'a', 'C'};
  private static final int METADATA_STREAMINFO = 0;
  private static final int STREAMINFO_LENGTH = 34;
  private static final int MAX_BLOCK_SIZE = 65535;
  private static final int MAX_CHANNELS = 8;
  private static final int MIN_BITS = 4;
  /** The decoder of this package keeps samples and residuals in ints; 24 bits leave room for FIXED order 4. */
  private static final int MAX_BITS = 24;
  private static final long MAX_TOTAL_SAMPLES = (1L << 36) - 1;
  /** Sync code 0b11111111111110, reserved 0, fixed-blocksize strategy 0. */
  private static final int FRAME_SYNC_FIXED = 0xFFF8;
  private static final int UNKNOWN = -1;

  private final OutputStream out;
  private final int channels;
  private final int bitsPerSample;
  private final int sampleRate;
  private final int blockSize;
  private final long declaredTotal;
  private final ByteArrayOutputStream held;
  private final MessageDigest md5;

  private final int[][] block;
  private int buffered;
  private long samplesWritten;
  private long frameNumber;
  private int minFrameSize = Integer.MAX_VALUE;
  private int maxFrameSize;
  private boolean finished;

  private final FlacBitWriter writer = new FlacBitWriter();
  private final FlacSubframeEncoder subframes;
  private final byte[] md5Bytes;

  /** Buffers the compressed stream in memory and writes it all at {@link #finish()}. */
  public FlacEncoder(OutputStream out, int channels, int bitsPerSample, int sampleRate, int blockSize)
      throws IOException {
    this(out, channels, bitsPerSample, sampleRate, blockSize, UNKNOWN);
  }

  /** Streams frames to {@code out} at once; exactly {@code totalSamples} inter-channel samples must follow. */
  public FlacEncoder(OutputStream out, int channels, int bitsPerSample, int sampleRate, int blockSize,
      long totalSamples) throws IOException {
    if (channels < 1 || channels > MAX_CHANNELS) {
      throw new IllegalArgumentException("channels must be 1..8: " + channels);
    }
    if (bitsPerSample < MIN_BITS || bitsPerSample > MAX_BITS) {
      throw new IllegalArgumentException("bits per sample must be 4..24: " + bitsPerSample);
    }
    if (blockSize < 1 || blockSize > MAX_BLOCK_SIZE) {
      throw new IllegalArgumentException("block size must be 1..65535: " + blockSize);
    }
    if (sampleRate < 0 || sampleRate >= (1 << 20)) {
      throw new IllegalArgumentException("sample rate must fit 20 bits: " + sampleRate);
    }
    if (totalSamples != UNKNOWN && (totalSamples < 0 || totalSamples > MAX_TOTAL_SAMPLES)) {
      throw new IllegalArgumentException("total samples must fit 36 bits: " + totalSamples);
    }
    this.out = out;
    this.channels = channels;
    this.bitsPerSample = bitsPerSample;
    this.sampleRate = sampleRate;
    this.blockSize = blockSize;
    this.declaredTotal = totalSamples;
    this.block = new int[channels][blockSize];
    this.subframes = new FlacSubframeEncoder(blockSize);
    this.md5Bytes = new byte[blockSize * channels * ((bitsPerSample + 7) / 8)];
    if (totalSamples == UNKNOWN) {
      held = new ByteArrayOutputStream();
      try {
        md5 = MessageDigest.getInstance("MD5");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("MD5 is required of every JDK", e);
      }
    } else {
      held = null;
      md5 = null;
      writeHeader(out, totalSamples, 0, 0, new byte[16]);
    }
  }

  /** Adds {@code samples[ch][offset .. offset+count)} of every channel; full blocks are encoded at once. */
  public void write(int[][] samples, int offset, int count) throws IOException {
    if (finished) {
      throw new IllegalStateException("finish() was called");
    }
    if (samples.length < channels) {
      throw new IllegalArgumentException(samples.length + " channels given, " + channels + " expected");
    }
    int min = -(1 << (bitsPerSample - 1));
    int max = (1 << (bitsPerSample - 1)) - 1;
    while (count > 0) {
      int n = Math.min(count, blockSize - buffered);
      for (int ch = 0; ch < channels; ch++) {
        int[] from = samples[ch];
        for (int i = 0; i < n; i++) {
          int v = from[offset + i];
          if (v < min || v > max) {
            throw new IllegalArgumentException("sample " + v + " of channel " + ch + " outside " + bitsPerSample
                + "-bit range");
          }
        }
        System.arraycopy(from, offset, block[ch], buffered, n);
      }
      buffered += n;
      offset += n;
      count -= n;
      if (buffered == blockSize) {
        encodeBlock();
      }
    }
  }

  /** Encodes the last, possibly short, block and writes what is still held back. Does not close the stream. */
  public void finish() throws IOException {
    if (finished) {
      return;
    }
    finished = true;
    if (buffered > 0) {
      encodeBlock();
    }
    if (held == null) {
      if (samplesWritten != declaredTotal) {
        throw new IOException("FLAC stream declared " + declaredTotal + " samples, " + samplesWritten + " written");
      }
    } else {
      boolean noFrames = maxFrameSize == 0;
      writeHeader(out, samplesWritten, noFrames ? 0 : minFrameSize, maxFrameSize, md5.digest());
      held.writeTo(out);
    }
    out.flush();
  }

  private void writeHeader(OutputStream target, long total, int minFrame, int maxFrame, byte[] digest)
      throws IOException {
    FlacBitWriter w = new FlacBitWriter();
    for (byte b : STREAM_MARKER) {
      w.write(b, 8);
    }
    w.write(1, 1); // last metadata block
    w.write(METADATA_STREAMINFO, 7);
    w.write(STREAMINFO_LENGTH, 24);
    // The last block may be shorter than the minimum, so min = max = the configured block size.
    w.write(blockSize, 16);
    w.write(blockSize, 16);
    w.write(minFrame, 24);
    w.write(maxFrame, 24);
    w.write(sampleRate, 20);
    w.write(channels - 1, 3);
    w.write(bitsPerSample - 1, 5);
    w.write(total >>> 32, 4);
    w.write(total, 32);
    for (byte b : digest) {
      w.write(b, 8);
    }
    target.write(w.buffer(), 0, w.length());
  }

  private void encodeBlock() throws IOException {
    int n = buffered;
    if (declaredTotal != UNKNOWN && samplesWritten + n > declaredTotal) {
      throw new IOException("more samples than the " + declaredTotal + " declared");
    }
    FlacBitWriter w = writer;
    w.reset();
    writeFrameHeader(w, n);
    for (int ch = 0; ch < channels; ch++) {
      subframes.encode(w, block[ch], n, bitsPerSample);
    }
    w.alignToByte();
    int crc16 = FlacCrc.crc16(0, w.buffer(), 0, w.length());
    w.write(crc16, 16);

    int size = w.length();
    minFrameSize = Math.min(minFrameSize, size);
    maxFrameSize = Math.max(maxFrameSize, size);
    (held != null ? held : out).write(w.buffer(), 0, size);
    if (md5 != null) {
      updateMd5(n);
    }
    samplesWritten += n;
    frameNumber++;
    buffered = 0;
  }

  /** The MD5 of STREAMINFO is over interleaved little-endian samples of whole bytes. */
  private void updateMd5(int n) {
    md5.update(md5Bytes, 0, interleaveLittleEndian(block, n, (bitsPerSample + 7) / 8, md5Bytes));
  }

  /**
   * The first {@code n} samples of every channel, interleaved, each as {@code bytes} little-endian bytes (the
   * layout of STREAMINFO's MD5 and of flac's raw PCM); returns the bytes written to {@code out}.
   */
  static int interleaveLittleEndian(int[][] channels, int n, int bytes, byte[] out) {
    int k = 0;
    for (int i = 0; i < n; i++) {
      for (int[] channel : channels) {
        int v = channel[i];
        for (int b = 0; b < bytes; b++) {
          out[k++] = (byte) (v >> (8 * b));
        }
      }
    }
    return k;
  }

  private void writeFrameHeader(FlacBitWriter w, int n) {
    w.write(FRAME_SYNC_FIXED, 16);
    int blockSizeCode = FlacFrameCodes.blockSizeCode(n);
    int sampleRateCode = FlacFrameCodes.sampleRateCode(sampleRate);
    w.write(blockSizeCode, 4);
    w.write(sampleRateCode, 4);
    w.write(channels - 1, 4); // independent channels
    w.write(FlacFrameCodes.bitsPerSampleCode(bitsPerSample), 3);
    w.write(0, 1);
    FlacFrameCodes.writeCodedNumber(w, frameNumber);
    if (blockSizeCode == FlacFrameCodes.BLOCK_SIZE_8_BIT) {
      w.write(n - 1, 8);
    } else if (blockSizeCode == FlacFrameCodes.BLOCK_SIZE_16_BIT) {
      w.write(n - 1, 16);
    }
    if (sampleRateCode == FlacFrameCodes.SAMPLE_RATE_KHZ) {
      w.write(sampleRate / 1000, 8);
    } else if (sampleRateCode == FlacFrameCodes.SAMPLE_RATE_HZ) {
      w.write(sampleRate, 16);
    } else if (sampleRateCode == FlacFrameCodes.SAMPLE_RATE_TENS_OF_HZ) {
      w.write(sampleRate / 10, 16);
    }
    w.write(FlacCrc.crc8(w.buffer(), 0, w.length()), 8);
  }
}
