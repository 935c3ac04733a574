package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * JSON lines as UTF-8 bytes, appended value by value: the window rows of one signal of one record, written by the
 * worker straight into its part file. Strings are escaped as Jackson's generator escapes them and doubles printed as
 * its fast writer prints them (Schubfach: the shortest decimal that reads back as the same double), so a line is
 * the text {@link WindowRow#jsonWriter()} gives; going through a StringBuilder, a String and an encoder instead
 * copied every line three times, which under the C1 compiler `run pass1` uses was a tenth of a windowed run.
 */
final class JsonLineBytes {
  private static final byte[] NULL = ascii("null");
  private byte[] bytes;
  private int size;
  /** The last double printed and its text: a window's mean, min, max and quantiles are often the same double. */
  private long lastBits;
  private String last;

  JsonLineBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  /** The bytes of an ASCII constant (field names and punctuation). */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  int size() {
    return size;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  /** The text from byte {@code from} to the end. */
  String text(int from) {
    return new String(bytes, from, size - from, StandardCharsets.UTF_8);
  }

  JsonLineBytes raw(byte[] constant) {
    ensure(constant.length);
    System.arraycopy(constant, 0, bytes, size, constant.length);
    size += constant.length;
    return this;
  }

  JsonLineBytes raw(char c) {
    ensure(1);
    bytes[size++] = (byte) c;
    return this;
  }

  JsonLineBytes integer(long v) {
    return plain(Long.toString(v));
  }

  /** A double as Jackson's generator writes it with {@code USE_FAST_DOUBLE_WRITER}; null as {@code null}. */
  JsonLineBytes number(Double v) {
    return v == null ? raw(NULL) : number(v.doubleValue());
  }

  JsonLineBytes number(double v) {
    long bits = Double.doubleToRawLongBits(v);
    if (last == null || bits != lastBits) {
      last = NumberOutput.toString(v, true);
      lastBits = bits;
    }
    return plain(last);
  }

  /** A JSON string (or {@code null}) as Jackson's generator writes it. */
  JsonLineBytes string(String s) {
    if (s == null) {
      return raw(NULL);
    }
    raw('"');
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      char c = s.charAt(i);
      ascii = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }
    if (ascii) {
      plain(s);
    } else {
      byte[] escaped = new String(JsonStringEncoder.getInstance().quoteAsString(s)).getBytes(StandardCharsets.UTF_8);
      raw(escaped);
    }
    return raw('"');
  }

  /**
   * Characters known to be ASCII and to need no escape. String's low-byte copy is one array copy for a Latin-1
   * string; a {@code charAt} loop paid a bounds check per character (a sixth of the printing in a profile).
   */
  @SuppressWarnings("deprecation")
  private JsonLineBytes plain(String s) {
    int n = s.length();
    ensure(n);
    s.getBytes(0, n, bytes, size);
    size += n;
    return this;
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
