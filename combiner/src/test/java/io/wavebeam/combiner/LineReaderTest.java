package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineReader} against lines cut independently ({@code \n}, {@code \r\n}, a last line without an end), over a
 * stream that gives its bytes in small uneven reads, with a newline at every position of the eight-byte words the
 * reader searches.
 */
class LineReaderTest {

  /** Hands out at most a few bytes per read. */
  static final class TrickleStream extends InputStream {
    private final byte[] bytes;
    private final Random random;
    private int position;

    TrickleStream(byte[] bytes, long seed) {
      this.bytes = bytes;
      this.random = new Random(seed);
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, 1 + random.nextInt(50)), bytes.length - position);
      System.arraycopy(bytes, position, b, off, n);
      position += n;
      return n;
    }
  }

  private static List<String> read(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    long[] counted = new long[2];
    long[] lastNumber = {0};
    new LineReader(in).readAll((bytes, start, length, number) -> {
      assertEquals(lastNumber[0] + 1, number);
      lastNumber[0] = number;
      lines.add(new String(bytes, start, length, StandardCharsets.UTF_8));
    }, (l, b) -> {
      counted[0] += l;
      counted[1] += b;
    });
    assertEquals(lines.size(), counted[0]);
    return lines;
  }

  @Test
  void linesAreCutAtEveryNewlineWhereverItFalls() throws IOException {
    Random r = new Random(15);
    for (int round = 0; round < 50; round++) {
      List<String> expected = new ArrayList<>();
      StringBuilder text = new StringBuilder();
      int n = 1 + r.nextInt(200);
      for (int i = 0; i < n; i++) {
        StringBuilder line = new StringBuilder();
        int length = r.nextInt(round % 5 == 0 ? 3 : 40);
        for (int k = 0; k < length; k++) {
          line.append((char) ('a' + r.nextInt(26)));
        }
        expected.add(line.toString());
        text.append(line).append(r.nextInt(4) == 0 ? "\r\n" : "\n");
      }
      if (r.nextBoolean() && !expected.get(n - 1).isEmpty()) {
        text.setLength(text.length() - (text.charAt(text.length() - 2) == '\r' ? 2 : 1)); // last line without end
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      assertEquals(expected, read(new TrickleStream(bytes, round)), "round " + round);
      assertEquals(expected, read(new ByteArrayInputStream(bytes)), "round " + round);
    }
  }

  @Test
  void indexOfNewlineFindsTheFirstAtEveryOffset() {
    for (int length = 0; length < 40; length++) {
      for (int at = -1; at < length; at++) {
        byte[] b = new byte[length + 3];
        for (int i = 0; i < b.length; i++) {
          b[i] = (byte) (i % 3 == 0 ? 0x0B : 0x8A); // neighbours of '\n' in value and in bit pattern
        }
        if (at >= 0) {
          b[at + 1] = '\n';
          if (at + 3 < length) {
            b[at + 3] = '\n';
          }
        }
        assertEquals(at < 0 ? -1 : at + 1, LineReader.indexOfNewline(b, 1, length + 1), length + " " + at);
      }
    }
  }

  @Test
  void aLineLongerThanTheLimitIsSkippedAndTheNextIsRead() throws IOException {
    byte[] big = new byte[LineReader.MAX_LINE + 10 + 8];
    java.util.Arrays.fill(big, (byte) 'x');
    byte[] tail = "ok\nlast".getBytes(StandardCharsets.UTF_8);
    System.arraycopy(tail, 0, big, big.length - tail.length, tail.length);
    big[LineReader.MAX_LINE + 5] = '\n';
    List<Integer> lengths = new ArrayList<>();
    new LineReader(new ByteArrayInputStream(big)).readAll((bytes, start, length, number) -> lengths.add(length),
        (l, b) -> { });
    // the long line (skipped), then the x's after it up to "ok", then "last"
    assertEquals(List.of(LineReader.TOO_LONG, 7, 4), lengths);
  }
}
