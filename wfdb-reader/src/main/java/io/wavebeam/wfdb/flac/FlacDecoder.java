package io.wavebeam.wfdb.flac;

import io.wavebeam.wfdb.WfdbException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Streaming FLAC decoder (RFC 9639) for the sample data of WFDB formats 508, 516 and 524.
 *
 * <p>Reads the "fLaC" marker and all metadata blocks up front (only STREAMINFO is used), then decodes one frame at
 * a time into per-channel buffers of STREAMINFO's maximum block size, so memory does not grow with the stream.
 * Both checksums of every frame are verified. Samples come out as signed ints exactly as encoded.
 *
 * <p>Not thread-safe.
 */
public final class FlacDecoder implements Closeable {
  private static final int STREAM_MARKER = 0x664C6143; // "fLaC"
  private static final int METADATA_STREAMINFO = 0;
  private static final int METADATA_INVALID = 127;
  private static final int STREAMINFO_LENGTH = 34;
  /** 14-bit frame sync code, 0b11111111111110. */
  private static final int FRAME_SYNC = 0x3FFE;
  private static final int CHANNELS_LEFT_SIDE = 8;
  private static final int CHANNELS_RIGHT_SIDE = 9;
  private static final int CHANNELS_MID_SIDE = 10;
  /** Sample sizes of the frame header's 3-bit code; 0 means "from STREAMINFO", -1 reserved. */
  private static final int[] BITS_PER_SAMPLE_CODES = {0, 8, 12, -1, 16, 20, 24, 32};

  private final FlacBitReader bits;
  private final String file;
  private final StreamInfo info;
  private final FlacSubframeDecoder subframes;

  /** The decoded frame, one row per channel, and how much of it was handed out. */
  private final int[][] block;
  private int blockLength;
  private int blockPosition;
  private long samplesDecoded;
  private boolean finished;
  private final InputStream in;

  public FlacDecoder(InputStream in, java.nio.file.Path file) throws IOException {
    this(in, String.valueOf(file));
  }

  /** {@code file} names the stream in error messages: a path or a URI. */
  public FlacDecoder(InputStream in, String file) throws IOException {
    this.in = in;
    this.file = file;
    this.bits = new FlacBitReader(in, file);
    if (bits.readBits(32) != STREAM_MARKER) {
      throw WfdbException.atByte(file, 0, "not a FLAC stream: no \"fLaC\" marker");
    }
    boolean last;
    StreamInfo info = null;
    do {
      long blockStart = bits.bytePosition();
      last = bits.readBits(1) == 1;
      int type = bits.readUnsigned(7);
      int length = bits.readUnsigned(24);
      if (type == METADATA_INVALID) {
        throw WfdbException.atByte(file, blockStart, "invalid metadata block type 127");
      }
      if (info == null && type != METADATA_STREAMINFO) {
        throw WfdbException.atByte(file, blockStart, "first metadata block is not STREAMINFO (type " + type + ")");
      }
      if (type == METADATA_STREAMINFO) {
        if (info != null) {
          throw WfdbException.atByte(file, blockStart, "second STREAMINFO block");
        }
        if (length != STREAMINFO_LENGTH) {
          throw WfdbException.atByte(file, blockStart, "STREAMINFO length " + length + ", expected 34");
        }
        info = readStreamInfo(blockStart);
      } else {
        bits.skipBytes(length);
      }
    } while (!last);
    this.info = info;
    this.block = new int[info.channels()][info.maxBlockSize()];
    this.subframes = new FlacSubframeDecoder(bits, file);
  }

  /**
   * What the STREAMINFO block says about the stream (RFC 9639, section 8.2).
   *
   * @param minBlockSize smallest block size of the stream except the last block
   * @param totalSamples inter-channel samples in the stream; 0 when unknown
   */
  public record StreamInfo(int minBlockSize, int maxBlockSize, int sampleRate, int channels, int bitsPerSample,
      long totalSamples) {}

  /** Reads the body of the STREAMINFO block that starts at byte {@code blockStart}. */
  private StreamInfo readStreamInfo(long blockStart) throws IOException {
    int minBlockSize = bits.readUnsigned(16);
    int maxBlockSize = bits.readUnsigned(16);
    bits.readBits(24); // minimum frame size: not needed
    bits.readBits(24); // maximum frame size: not needed
    int sampleRate = bits.readUnsigned(20);
    int channels = bits.readUnsigned(3) + 1;
    int bitsPerSample = bits.readUnsigned(5) + 1;
    long totalSamples = (bits.readBits(4) << 32) | bits.readBits(32);
    bits.skipBytes(16); // MD5 of the unencoded samples: not checked, it would cost a second pass
    if (maxBlockSize == 0 || minBlockSize > maxBlockSize) {
      throw WfdbException.atByte(file, blockStart,
          "STREAMINFO block sizes " + minBlockSize + ".." + maxBlockSize + " are invalid");
    }
    if (bitsPerSample < 4) {
      throw WfdbException.atByte(file, blockStart, "STREAMINFO bits per sample " + bitsPerSample + " below 4");
    }
    return new StreamInfo(minBlockSize, maxBlockSize, sampleRate, channels, bitsPerSample, totalSamples);
  }

  /** The stream's STREAMINFO: channels, sample size and rate, block sizes, total samples. */
  public StreamInfo streamInfo() {
    return info;
  }

  /** Bytes of the stream consumed so far. */
  public long bytePosition() {
    return bits.bytePosition();
  }

  /**
   * Decodes up to {@code max} inter-channel samples into {@code dest[ch][offset .. offset+n)} for every channel;
   * returns n (> 0), or -1 at the end of the stream. Keeps the rest of a partly consumed FLAC frame for the next
   * call. {@code max} must be positive.
   */
  public int read(int[][] dest, int offset, int max) throws IOException {
    if (max <= 0) {
      throw new IllegalArgumentException("max must be positive: " + max);
    }
    if (blockPosition == blockLength) {
      if (finished || !decodeFrame()) {
        finished = true;
        return -1;
      }
    }
    int n = Math.min(max, blockLength - blockPosition);
    for (int ch = 0; ch < info.channels(); ch++) {
      System.arraycopy(block[ch], blockPosition, dest[ch], offset, n);
    }
    blockPosition += n;
    return n;
  }

  /** Closes the InputStream given to the constructor. */
  @Override
  public void close() throws IOException {
    in.close();
  }

  // ---------------------------------------------------------------- frames

  /** Decodes the next frame into {@link #block}; false at the end of the stream. */
  private boolean decodeFrame() throws IOException {
    bits.alignToByte();
    if (bits.atEnd()) {
      if (info.totalSamples() > 0 && samplesDecoded < info.totalSamples()) {
        throw WfdbException.atByte(file, bits.bytePosition(),
            "stream ends after " + samplesDecoded + " of " + info.totalSamples() + " samples");
      }
      return false;
    }
    bits.startFrame();
    long frameStart = bits.frameStart();

    // Header: read byte by byte so that its CRC-8 can be kept on the way.
    int b0 = bits.readUnsigned(8);
    int b1 = bits.readUnsigned(8);
    int crc8 = FlacCrc.crc8(FlacCrc.crc8(0, b0), b1);
    if (((b0 << 8 | b1) >>> 2) != FRAME_SYNC) {
      throw WfdbException.atByte(file, frameStart, "lost sync: no frame sync code");
    }
    if ((b1 & 2) != 0) {
      throw error(frameStart, "reserved bit set in frame header");
    }
    int b2 = bits.readUnsigned(8);
    int b3 = bits.readUnsigned(8);
    crc8 = FlacCrc.crc8(FlacCrc.crc8(crc8, b2), b3);
    int blockSizeCode = b2 >>> 4;
    int sampleRateCode = b2 & 0xF;
    int channelCode = b3 >>> 4;
    int bitsCode = (b3 >>> 1) & 7;
    if ((b3 & 1) != 0) {
      throw error(frameStart, "reserved bit set in frame header");
    }

    // The coded frame or sample number: UTF-8 style, 1 to 7 bytes.
    int first = bits.readUnsigned(8);
    crc8 = FlacCrc.crc8(crc8, first);
    int leadingOnes = Integer.numberOfLeadingZeros(~first << 24);
    if (leadingOnes == 1 || leadingOnes >= 8) {
      throw error(frameStart, "invalid coded frame number");
    }
    int extraBytes = Math.max(0, leadingOnes - 1);
    for (int i = 0; i < extraBytes; i++) {
      int b = bits.readUnsigned(8);
      crc8 = FlacCrc.crc8(crc8, b);
      if ((b & 0xC0) != 0x80) {
        throw error(frameStart, "invalid coded frame number");
      }
    }

    int blockSize;
    if (blockSizeCode == 0) {
      throw error(frameStart, "reserved block size code 0");
    } else if (blockSizeCode == 1) {
      blockSize = 192;
    } else if (blockSizeCode <= 5) {
      blockSize = 576 << (blockSizeCode - 2);
    } else if (blockSizeCode == FlacFrameCodes.BLOCK_SIZE_8_BIT) {
      int b = bits.readUnsigned(8);
      crc8 = FlacCrc.crc8(crc8, b);
      blockSize = b + 1;
    } else if (blockSizeCode == FlacFrameCodes.BLOCK_SIZE_16_BIT) {
      int hi = bits.readUnsigned(8);
      int lo = bits.readUnsigned(8);
      crc8 = FlacCrc.crc8(FlacCrc.crc8(crc8, hi), lo);
      blockSize = (hi << 8 | lo) + 1;
    } else {
      blockSize = 256 << (blockSizeCode - 8);
    }

    // The sample rate is only read past: WFDB takes its frequency from the header file.
    if (sampleRateCode == FlacFrameCodes.SAMPLE_RATE_KHZ) {
      crc8 = FlacCrc.crc8(crc8, bits.readUnsigned(8));
    } else if (sampleRateCode == FlacFrameCodes.SAMPLE_RATE_HZ
        || sampleRateCode == FlacFrameCodes.SAMPLE_RATE_TENS_OF_HZ) {
      crc8 = FlacCrc.crc8(crc8, bits.readUnsigned(8));
      crc8 = FlacCrc.crc8(crc8, bits.readUnsigned(8));
    } else if (sampleRateCode == FlacFrameCodes.SAMPLE_RATE_INVALID) {
      throw error(frameStart, "invalid sample rate code 15");
    }

    int storedCrc8 = bits.readUnsigned(8);
    if (storedCrc8 != crc8) {
      throw error(frameStart, String.format("frame header CRC-8 mismatch (stored 0x%02X, computed 0x%02X)",
          storedCrc8, crc8));
    }

    int frameChannels;
    if (channelCode < CHANNELS_LEFT_SIDE) {
      frameChannels = channelCode + 1;
    } else if (channelCode <= CHANNELS_MID_SIDE) {
      frameChannels = 2;
    } else {
      throw error(frameStart, "reserved channel assignment " + channelCode);
    }
    if (frameChannels != info.channels()) {
      throw error(frameStart, "frame has " + frameChannels + " channels, STREAMINFO " + info.channels());
    }
    int frameBits = BITS_PER_SAMPLE_CODES[bitsCode];
    if (frameBits < 0) {
      throw error(frameStart, "reserved bits-per-sample code " + bitsCode);
    }
    if (frameBits != 0 && frameBits != info.bitsPerSample()) {
      throw error(frameStart, "frame has " + frameBits + " bits per sample, STREAMINFO " + info.bitsPerSample());
    }
    if (blockSize > info.maxBlockSize()) {
      throw error(frameStart, "block size " + blockSize + " exceeds STREAMINFO maximum " + info.maxBlockSize());
    }
    if (info.totalSamples() > 0 && samplesDecoded + blockSize > info.totalSamples()) {
      throw error(frameStart, "frame holds samples beyond the " + info.totalSamples() + " of STREAMINFO");
    }

    // Subframes: the side channel has one more bit than the others.
    for (int ch = 0; ch < info.channels(); ch++) {
      boolean side = (channelCode == CHANNELS_LEFT_SIDE && ch == 1)
          || (channelCode == CHANNELS_RIGHT_SIDE && ch == 0)
          || (channelCode == CHANNELS_MID_SIDE && ch == 1);
      int sampleBits = info.bitsPerSample() + (side ? 1 : 0);
      if (sampleBits > 32) {
        throw error(frameStart, "side channel of 32-bit samples is not supported");
      }
      subframes.decode(block[ch], blockSize, sampleBits, frameStart);
    }
    undoDecorrelation(channelCode, block, blockSize);

    bits.alignToByte();
    int computed = bits.frameCrc16();
    int stored = bits.readUnsigned(16);
    if (stored != computed) {
      throw error(frameStart, String.format("frame CRC-16 mismatch (stored 0x%04X, computed 0x%04X)",
          stored, computed));
    }
    samplesDecoded += blockSize;
    blockLength = blockSize;
    blockPosition = 0;
    return true;
  }

  private static void undoDecorrelation(int channelCode, int[][] block, int n) {
    if (channelCode == CHANNELS_LEFT_SIDE) {
      int[] left = block[0];
      int[] side = block[1];
      for (int i = 0; i < n; i++) {
        side[i] = left[i] - side[i];
      }
    } else if (channelCode == CHANNELS_RIGHT_SIDE) {
      int[] side = block[0];
      int[] right = block[1];
      for (int i = 0; i < n; i++) {
        side[i] += right[i];
      }
    } else if (channelCode == CHANNELS_MID_SIDE) {
      int[] mid = block[0];
      int[] side = block[1];
      for (int i = 0; i < n; i++) {
        // The encoder dropped the lowest bit of left + right; left - right has the same parity, so it comes back.
        int s = side[i];
        int m = (mid[i] << 1) | (s & 1);
        mid[i] = (m + s) >> 1;
        side[i] = (m - s) >> 1;
      }
    }
  }

  private WfdbException error(long frameStart, String problem) {
    return WfdbException.atByte(file, frameStart, problem);
  }
}
