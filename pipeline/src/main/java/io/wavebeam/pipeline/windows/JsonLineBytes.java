package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.core.io.NumberOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
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
  /** Slots of the printed-double table: a power of two. */
  private static final int NUMBER_SLOTS = 1 << 10;
  /**
   * Longest text of a double kept in the table: an 8-bit signal's physical values print short (-0.475, 1.2),
   * while a mean or a standard deviation prints 17 digits and is seldom seen twice.
   */
  private static final int CACHED_LENGTH = 10;
  private static final int STRING_SLOTS = 8;
  /** Integral doubles of smaller magnitude print as plain digits and ".0" (from 10^7 on, as 1.0E7). */
  private static final long PLAIN_LIMIT = 10_000_000L;
  private byte[] bytes;
  private int size;
  /**
   * Doubles printed so far and their text, by bits (open addressing, emptied when half full). The rows of one
   * signal repeat few values: an 8-bit signal's minimum, maximum and quantiles are among its 256 physical values,
   * and the fractions are often 0; printing a double (Schubfach, then a String) is the dearest part of a row.
   */
  private long[] numberBits; // allocated with the first double: a one-line buffer (WindowRow.toJson) needs none
  private byte[][] numberText;
  private int numbers;
  /**
   * Strings written so far, by reference, and their quoted JSON bytes: a signal's rows repeat the same group,
   * record, signal, units and segment names (the same String objects), so each is escaped and encoded once.
   */
  private final String[] strings = new String[STRING_SLOTS];
  private final byte[][] stringBytes = new byte[STRING_SLOTS][];
  private int nextString;

  JsonLineBytes(int capacity) {
    bytes = new byte[Math.max(16, capacity)];
  }

  /** The bytes of an ASCII constant (field names and punctuation). */
  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Characters known to be ASCII and to need no escape (a double's text), in one array copy. */
  @SuppressWarnings("deprecation")
  private JsonLineBytes plain(String s) {
    int n = s.length();
    ensure(n);
    s.getBytes(0, n, bytes, size);
    size += n;
    return this;
  }

  /** Empties the buffer, keeping its capacity and what it has printed (the tables of doubles and strings). */
  void clear() {
    size = 0;
  }

  int size() {
    return size;
  }

  void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, size);
  }

  /** Largest slice handed to a channel at once: a local file channel copies it through a direct buffer of its size. */
  static final int WRITE_SLICE = 1 << 20;

  /**
   * Writes the buffer into {@code out} in slices of at most {@link #WRITE_SLICE} bytes, one {@code write} each: a
   * stream over Beam's local channel went through 8 KiB at a time (30,000 system calls for a 1 GB group's rows).
   */
  void writeTo(WritableByteChannel out) throws IOException {
    for (int at = 0; at < size; ) {
      ByteBuffer slice = ByteBuffer.wrap(bytes, at, Math.min(WRITE_SLICE, size - at));
      while (slice.hasRemaining()) {
        at += out.write(slice);
      }
    }
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
    ensure(20);
    size = NumberOutput.outputLong(v, bytes, size);
    return this;
  }

  /** A double as Jackson's generator writes it with {@code USE_FAST_DOUBLE_WRITER}; null as {@code null}. */
  JsonLineBytes number(Double v) {
    return v == null ? raw(NULL) : number(v.doubleValue());
  }

  /** A feature: a finite double as {@link #number(double)}, an undefined one (NaN, infinite) as {@code null}. */
  JsonLineBytes feature(double v) {
    return Double.isFinite(v) ? number(v) : raw(NULL);
  }

  /**
   * A feature seldom seen twice (a mean, a standard deviation, a moment: 17 digits, new in every window): as
   * {@link #feature}, printed without looking it up in the table of printed doubles first.
   */
  JsonLineBytes unrepeatedFeature(double v) {
    if (!Double.isFinite(v)) {
      return raw(NULL);
    }
    return integral(v) ? this : plain(NumberOutput.toString(v, true));
  }

  /**
   * Prints {@code v} if it is an integral double below 10^7 in magnitude (a window's offset, a frequency), whose
   * shortest text is its digits and ".0", as Schubfach prints it; returns whether it did.
   */
  private boolean integral(double v) {
    long whole = (long) v;
    if (whole == v && whole > -PLAIN_LIMIT && whole < PLAIN_LIMIT && (whole != 0 || Double.doubleToRawLongBits(v) == 0)) {
      ensure(22);
      size = NumberOutput.outputLong(whole, bytes, size);
      bytes[size++] = '.';
      bytes[size++] = '0';
      return true;
    }
    return false;
  }

  JsonLineBytes number(double v) {
    if (integral(v)) {
      return this;
    }
    if (numberText == null) {
      numberBits = new long[NUMBER_SLOTS];
      numberText = new byte[NUMBER_SLOTS][];
    }
    long bits = Double.doubleToRawLongBits(v);
    int mask = NUMBER_SLOTS - 1;
    int slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 43)) * 0x9E3779B9 >>> 22 & mask;
    while (numberText[slot] != null) {
      if (numberBits[slot] == bits) {
        return raw(numberText[slot]);
      }
      slot = (slot + 1) & mask;
    }
    String printed = NumberOutput.toString(v, true);
    if (printed.length() > CACHED_LENGTH) {
      return plain(printed);
    }
    byte[] text = ascii(printed);
    if (numbers >= NUMBER_SLOTS / 2) {
      Arrays.fill(numberText, null);
      numbers = 0;
      slot = (int) (bits ^ (bits >>> 29) ^ (bits >>> 43)) * 0x9E3779B9 >>> 22 & mask;
    }
    numberBits[slot] = bits;
    numberText[slot] = text;
    numbers++;
    return raw(text);
  }

  /** A JSON string (or {@code null}) as Jackson's generator writes it. */
  JsonLineBytes string(String s) {
    if (s == null) {
      return raw(NULL);
    }
    for (int i = 0; i < STRING_SLOTS; i++) {
      if (strings[i] == s) {
        return raw(stringBytes[i]);
      }
    }
    byte[] quoted = quoted(s);
    strings[nextString] = s;
    stringBytes[nextString] = quoted;
    nextString = (nextString + 1) % STRING_SLOTS;
    return raw(quoted);
  }

  /**
   * A JSON string (or {@code null}) seen once (a window's start): printed ASCII straight into the buffer,
   * leaving the table of strings to those a row repeats.
   */
  @SuppressWarnings("deprecation")
  JsonLineBytes unsharedString(String s) {
    if (s == null) {
      return raw(NULL);
    }
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') {
        return raw(quoted(s));
      }
    }
    ensure(n + 2);
    bytes[size++] = '"';
    s.getBytes(0, n, bytes, size);
    size += n;
    bytes[size++] = '"';
    return this;
  }

  /** A copy of the bytes from {@code from} to the end. */
  byte[] copy(int from) {
    return Arrays.copyOfRange(bytes, from, size);
  }

  /** {@code s} as a JSON string's UTF-8 bytes, quotes included, escaped as Jackson's generator escapes it. */
  private static byte[] quoted(String s) {
    boolean ascii = true;
    for (int i = 0; i < s.length() && ascii; i++) {
      char c = s.charAt(i);
      ascii = c >= 0x20 && c < 0x80 && c != '"' && c != '\\';
    }
    String body = ascii ? s : new String(JsonStringEncoder.getInstance().quoteAsString(s));
    return ('"' + body + '"').getBytes(StandardCharsets.UTF_8);
  }

  private void ensure(int more) {
    if (size + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
    }
  }
}
