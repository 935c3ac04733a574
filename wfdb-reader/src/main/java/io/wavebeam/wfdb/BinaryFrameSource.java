package io.wavebeam.wfdb;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.NoSuchFileException;

/**
 * Frames of a file in one of the binary formats, read through one reused buffer from the file's channel:
 * positioned once at the first byte wanted, then read sequentially (a remote file's channel can stream).
 */
final class BinaryFrameSource implements FrameSource {
  private final String file; // location, for messages
  private final int format;
  private final int valuesPerFrame;
  private final long byteOffset;
  private final SeekableByteChannel channel;
  private final int alignment;
  private byte[] buffer = new byte[0];
  private long position; // file position of the next byte to decode
  private boolean ended;

  BinaryFrameSource(WfdbFile file, int format, int valuesPerFrame, long byteOffset, long startFrame)
      throws IOException {
    this.file = file.location();
    this.format = format;
    this.valuesPerFrame = valuesPerFrame;
    this.byteOffset = byteOffset;
    this.alignment = alignmentFor(format, valuesPerFrame);
    if (startFrame % alignment != 0) {
      throw new IllegalArgumentException("start frame " + startFrame + " is not a multiple of " + alignment);
    }
    this.channel = openSignalFile(file);
    this.position = byteOffset + SampleFormat.bytesFor(format, startFrame * valuesPerFrame);
    try {
      channel.position(position);
    } catch (IOException e) {
      channel.close();
      throw WfdbException.atByte(this.file, position, "cannot seek: " + e.getMessage());
    }
  }

  /** Opens a signal file; a missing or unreadable one is a {@link WfdbException} naming it. */
  static SeekableByteChannel openSignalFile(WfdbFile file) throws WfdbException {
    try {
      return file.open();
    } catch (NoSuchFileException e) {
      throw WfdbException.of(file.location(), "signal file not found");
    } catch (WfdbException e) {
      throw e;
    } catch (IOException e) {
      throw WfdbException.of(file.location(), "cannot read signal file: "
          + HeaderParser.withoutLocation(e, file.location()), e);
    }
  }

  /** Frames whose values fill whole groups of a packed format (1 for the other formats). */
  static int alignmentFor(int format, int valuesPerFrame) {
    int group = format == 212 ? 2 : (format == 310 || format == 311) ? 3 : 1;
    return group / gcd(group, valuesPerFrame);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  @Override
  public int valuesPerFrame() {
    return valuesPerFrame;
  }

  @Override
  public int frameAlignment() {
    return alignment;
  }

  @Override
  public long availableFrames() throws IOException {
    long bytes = Math.max(0, channel.size() - byteOffset);
    return SampleFormat.valuesIn(format, bytes) / valuesPerFrame;
  }

  @Override
  public int read(int[] dst, int off, int frames) throws IOException {
    if (ended || frames == 0) {
      return 0;
    }
    int values = frames * valuesPerFrame;
    int need = Math.toIntExact(SampleFormat.bytesFor(format, values));
    if (buffer.length < need) {
      buffer = new byte[need];
    }
    int got = fill(need);
    if (got < need) {
      ended = true;
      values = (int) (SampleFormat.valuesIn(format, got) / valuesPerFrame * valuesPerFrame);
      need = (int) SampleFormat.bytesFor(format, values);
    }
    BinaryDecoders.decode(format, buffer, 0, dst, off, values);
    position += need;
    return values / valuesPerFrame;
  }

  /**
   * Reads the bytes of up to {@code frames} frames into {@link #buffer()} from index 0 without decoding them;
   * returns the whole frames read, fewer only at the end of the file. For fixed-width formats only.
   */
  int readRaw(int frames) throws IOException {
    if (ended || frames == 0) {
      return 0;
    }
    int need = Math.toIntExact(SampleFormat.bytesFor(format, (long) frames * valuesPerFrame));
    if (buffer.length < need) {
      buffer = new byte[need];
    }
    int got = fill(need);
    int whole = frames;
    if (got < need) {
      ended = true;
      whole = (int) (SampleFormat.valuesIn(format, got) / valuesPerFrame);
    }
    position += SampleFormat.bytesFor(format, (long) whole * valuesPerFrame);
    return whole;
  }

  byte[] buffer() {
    return buffer;
  }

  /**
   * Reads up to {@code need} bytes at {@link #position} (where the channel stands: reads are sequential) into
   * the buffer; fewer only at the end of the file.
   */
  private int fill(int need) throws IOException {
    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, need);
    long at = position;
    try {
      while (bb.hasRemaining()) {
        int n = channel.read(bb);
        if (n < 0) {
          break;
        }
        at += n;
      }
    } catch (EOFException e) {
      // treated as the end of the file below
    } catch (IOException e) {
      throw WfdbException.atByte(file, at, "read failed: " + e.getMessage());
    }
    return bb.position();
  }

  @Override
  public long bytePosition() {
    return position;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
