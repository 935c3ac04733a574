package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream as byte ranges of one reused buffer (no String per line), handed one by one to a
 * {@link LineHandler} (without {@code \n} or {@code \r\n}). A line longer than {@link #MAX_LINE} is reported as
 * {@link #TOO_LONG} and skipped, so one broken file cannot take the worker's memory.
 */
final class LineReader {
  static final int MAX_LINE = 16 << 20;
  /** The length given for a line longer than {@link #MAX_LINE}. */
  static final int TOO_LONG = -1;
  static final int PROGRESS_LINES = 1 << 14;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;
  private final InputStream in;
  private byte[] buffer = new byte[1 << 20];
  private int filled;
  private int position;
  private boolean eof;
  private int start;
  private int length;
  private long number;
  private long bytesRead;
  private boolean tooLong;

  LineReader(InputStream in) {
    this.in = in;
  }

  /** Moves to the next line; false at the end of the stream. */
  private boolean next() throws IOException {
    tooLong = false;
    boolean skipping = false;
    while (true) {
      int i = indexOfNewline(buffer, position, filled);
      if (i >= 0) {
        number++;
        start = position;
        length = i - position;
        if (length > 0 && buffer[i - 1] == '\r') {
          length--;
        }
        position = i + 1;
        if (skipping) {
          tooLong = true;
          length = 0;
        }
        return true;
      }
      if (eof) {
        if (position < filled || skipping) {
          number++;
          start = position;
          length = filled - position;
          position = filled;
          if (skipping) {
            tooLong = true;
            length = 0;
          }
          return true;
        }
        return false;
      }
      // No newline in what is buffered: keep the partial line, make room, read more.
      if (position > 0) {
        System.arraycopy(buffer, position, buffer, 0, filled - position);
        filled -= position;
        position = 0;
      }
      if (filled == buffer.length) {
        if (buffer.length >= MAX_LINE) {
          skipping = true;
          filled = 0;
        } else {
          buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
      }
      int n = in.read(buffer, filled, buffer.length - filled);
      if (n < 0) {
        eof = true;
      } else {
        filled += n;
        bytesRead += n;
      }
    }
  }

  /** What a file's scan does with each line. */
  interface LineHandler {
    /**
     * The line {@code bytes[start, start + length)} (without its line end), number {@code number} (1-based);
     * {@code length} is {@link #TOO_LONG} for a line longer than {@link #MAX_LINE}, which was skipped.
     */
    void line(byte[] bytes, int start, int length, long number) throws IOException;
  }

  /**
   * Hands every line of the stream to {@code handler}; every {@link #PROGRESS_LINES} lines and at the end tells
   * {@code progress} the lines and bytes read since its last call.
   */
  void readAll(LineHandler handler, GroupFileScan.Progress progress) throws IOException {
    long lastLines = 0;
    long lastBytes = 0;
    while (next()) {
      handler.line(buffer, start, tooLong ? TOO_LONG : length, number);
      if (number - lastLines >= PROGRESS_LINES) {
        progress.advance(number - lastLines, bytesRead - lastBytes);
        lastLines = number;
        lastBytes = bytesRead;
      }
    }
    progress.advance(number - lastLines, bytesRead - lastBytes);
  }

  /**
   * The index of the first {@code \n} in {@code b[from, to)}, or -1. Eight bytes at a time (lines are ~700 bytes):
   * {@code x = word ^ NEWLINES} has a zero byte where the word has a newline, and {@code (x - 0x01..) & ~x & 0x80..}
   * sets the high bit of the lowest such byte (bits above it may be wrong, the lowest never is).
   */
  static int indexOfNewline(byte[] b, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(b, i) ^ NEWLINES;
      long found = (x - LOW_BITS) & ~x & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code bytes[start, start + length)} holds only spaces, tabs and carriage returns. */
  static boolean isBlank(byte[] bytes, int start, int length) {
    for (int i = start; i < start + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
