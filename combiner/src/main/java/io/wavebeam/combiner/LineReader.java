package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a UTF-8 stream as byte ranges of one reused buffer (no String per line): {@link #next} moves to
 * the next line, {@link #bytes}/{@link #start}/{@link #length} give it (without {@code \n} or {@code \r\n}). A line
 * longer than {@link #MAX_LINE} is reported as {@link #tooLong} and skipped, so one broken file cannot take the
 * worker's memory.
 */
final class LineReader {
  static final int MAX_LINE = 16 << 20;
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
  boolean next() throws IOException {
    tooLong = false;
    boolean skipping = false;
    while (true) {
      for (int i = position; i < filled; i++) {
        if (buffer[i] == '\n') {
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

  byte[] bytes() {
    return buffer;
  }

  int start() {
    return start;
  }

  int length() {
    return length;
  }

  /** 1-based number of the current line. */
  long number() {
    return number;
  }

  long bytesRead() {
    return bytesRead;
  }

  boolean tooLong() {
    return tooLong;
  }

  boolean isBlank() {
    for (int i = start; i < start + length; i++) {
      byte b = buffer[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }
}
