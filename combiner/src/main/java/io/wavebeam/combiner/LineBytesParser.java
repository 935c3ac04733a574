package io.wavebeam.combiner;

import com.fasterxml.jackson.core.io.doubleparser.JavaDoubleParser;
import io.wavebeam.combiner.TableSchema.Column;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fast path of {@link RowParser}: reads a line as pass 1 writes it straight from its UTF-8 bytes into the row's
 * slots, without a tokenizer, a text buffer or a String per number. It accepts only a strict subset of JSON: one
 * object whose fields are the table's columns in column order, each once, of the column's JSON type; strings of
 * printable ASCII without escapes; numbers of JSON's grammar; whitespace between tokens. Anything else — an
 * escape, a non-ASCII byte, another field order, a type or range error, broken JSON — returns false without a
 * verdict, and {@link RowParser} reads the line again with Jackson, which accepts it or says what is wrong. So
 * every line this class accepts is one Jackson accepts too, with the same values, and every message about a bad
 * line is Jackson's path's.
 *
 * <p>Numbers: whole numbers are accumulated by hand (up to 18 digits; longer ones go to Jackson); a decimal with
 * at most 18 significant digits whose value is {@code m × 10^e} with {@code m ≤ 2^53} and {@code |e| ≤ 22} is one
 * correctly rounded IEEE multiplication or division of two exact doubles (Clinger's fast path); every other decimal
 * goes to {@link JavaDoubleParser} over the same bytes (the correctly rounded parser Jackson itself uses). A whole
 * number in a decimal column becomes {@code (double) long}, as Jackson converts it (so {@code -0} is {@code 0.0},
 * while {@code -0.0} is {@code -0.0}).
 */
final class LineBytesParser {
  /** Longer number literals go to Jackson (its own limit is 1,000 characters). */
  private static final int MAX_NUMBER_LENGTH = 500;
  /** The whole numbers a long holds without a check: 18 digits. */
  private static final int MAX_LONG_DIGITS = 18;
  private static final long EXACT_MANTISSA = 1L << 53;
  private static final double[] POWERS_OF_TEN = {
      1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
      1e20, 1e21, 1e22};

  private final Column[] columns;
  /** Each column's name as it appears on the line: {@code "name"}, quotes included. */
  private final byte[][] names;
  /** The last value of each string column, as bytes and as the String given out (values repeat row to row). */
  private final byte[][] lastBytes;
  private final int[] lastLength;
  private final String[] lastString;
  /** Where the current value ends: set by the value readers, -1 when the line is not on the fast path. */
  private int position;

  LineBytesParser(TableSchema table) {
    columns = table.columns().toArray(new Column[0]);
    names = new byte[columns.length][];
    for (Column c : columns) {
      names[c.index()] = ('"' + c.name() + '"').getBytes(StandardCharsets.UTF_8);
    }
    lastBytes = new byte[columns.length][];
    lastLength = new int[columns.length];
    lastString = new String[columns.length];
  }

  /**
   * Reads the line {@code b[from, from + length)} into {@code row}; false when the line is not in the subset this
   * class reads (the row may then hold some of its values: the caller reads the line again).
   */
  boolean parse(byte[] b, int from, int length, InputRow row) {
    int end = from + length;
    int p = skipSpace(b, from, end);
    if (p >= end || b[p] != '{') {
      return false;
    }
    p++;
    for (int k = 0; k < columns.length; k++) {
      p = skipSpace(b, p, end);
      if (k > 0) {
        if (p >= end || b[p] != ',') {
          return false;
        }
        p = skipSpace(b, p + 1, end);
      }
      byte[] name = names[k];
      if (end - p < name.length || !Arrays.equals(b, p, p + name.length, name, 0, name.length)) {
        return false;
      }
      p = skipSpace(b, p + name.length, end);
      if (p >= end || b[p] != ':') {
        return false;
      }
      p = skipSpace(b, p + 1, end);
      if (p >= end || !value(b, p, end, columns[k], row)) {
        return false;
      }
      p = position;
    }
    p = skipSpace(b, p, end);
    if (p >= end || b[p] != '}') {
      return false;
    }
    return skipSpace(b, p + 1, end) == end;
  }

  /** JSON's whitespace: space, tab, carriage return, line feed. */
  private static int skipSpace(byte[] b, int p, int end) {
    while (p < end) {
      byte c = b[p];
      if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
        break;
      }
      p++;
    }
    return p;
  }

  /** The value of column {@code c} starting at {@code b[p]} ({@code p < end}); sets {@link #position}. */
  private boolean value(byte[] b, int p, int end, Column c, InputRow row) {
    int i = c.index();
    if (b[p] == 'n') {
      if (!c.nullable() || end - p < 4 || b[p + 1] != 'u' || b[p + 2] != 'l' || b[p + 3] != 'l') {
        return false;
      }
      row.isNull[i] = true;
      position = p + 4;
      return true;
    }
    row.isNull[i] = false;
    return switch (c.kind()) {
      case LONG -> {
        int digits = firstDigit(b, p, end);
        yield digits >= 0 && wholeNumber(b, p, digits, end, c, row);
      }
      case DOUBLE -> {
        int digits = firstDigit(b, p, end);
        yield digits >= 0 && decimal(b, p, digits, end, row, i);
      }
      case STRING -> {
        String s = string(b, p, end, i);
        row.strings[i] = s;
        yield s != null;
      }
      case STRING_LIST -> list(b, p, end, row.lists.get(i));
    };
  }

  /** Where the digits of a number starting at {@code b[p]} begin (after its minus sign), or -1 if none does. */
  private static int firstDigit(byte[] b, int p, int end) {
    int q = b[p] == '-' ? p + 1 : p;
    return q < end && isDigit(b[q]) ? q : -1;
  }

  /** The whole number at {@code b[p]}, whose digits start at {@code b[digits]}. */
  private boolean wholeNumber(byte[] b, int p, int digits, int end, Column c, InputRow row) {
    int q = digits;
    long v = 0;
    if (b[q] == '0') {
      q++; // JSON has no leading zeros: a digit after it ends the fast path at the next token
    } else {
      while (q < end && isDigit(b[q])) {
        if (q - digits == MAX_LONG_DIGITS) {
          return false;
        }
        v = v * 10 + (b[q++] - '0');
      }
    }
    if (q < end && (b[q] == '.' || b[q] == 'e' || b[q] == 'E')) {
      return false;
    }
    long value = digits > p ? -v : v;
    if (c.int32() && value != (int) value) {
      return false;
    }
    row.longs[c.index()] = value;
    position = q;
    return true;
  }

  /** The number at {@code b[p]}, whose integer digits start at {@code b[intStart]}, into decimal slot {@code i}. */
  private boolean decimal(byte[] b, int p, int intStart, int end, InputRow row, int i) {
    boolean negative = intStart > p;
    int q = intStart;
    long m = 0; // the first 18 significant digits (19 could overflow)
    int significant = 0;
    int exponent = 0; // value = m * 10^exponent while no digit was dropped
    boolean dropped = false;
    if (b[q] == '0') {
      q++;
    } else {
      while (q < end && isDigit(b[q])) {
        if (significant < MAX_LONG_DIGITS) {
          m = m * 10 + (b[q] - '0');
          significant++;
        } else {
          dropped = true;
        }
        q++;
      }
    }
    int intDigits = q - intStart;
    boolean whole = true;
    if (q < end && b[q] == '.') {
      whole = false;
      q++;
      if (q >= end || !isDigit(b[q])) {
        return false;
      }
      while (q < end && isDigit(b[q])) {
        int d = b[q] - '0';
        if (significant < MAX_LONG_DIGITS) {
          if (m != 0 || d != 0) {
            m = m * 10 + d;
            significant++;
          }
          exponent--;
        } else {
          dropped = true;
        }
        q++;
      }
    }
    if (q < end && (b[q] == 'e' || b[q] == 'E')) {
      whole = false;
      q++;
      boolean negativeExponent = false;
      if (q < end && (b[q] == '+' || b[q] == '-')) {
        negativeExponent = b[q] == '-';
        q++;
      }
      if (q >= end || !isDigit(b[q])) {
        return false;
      }
      int e = 0;
      while (q < end && isDigit(b[q])) {
        if (e < 100_000) {
          e = e * 10 + (b[q] - '0');
        }
        q++;
      }
      exponent += negativeExponent ? -e : e;
    }
    if (q - p > MAX_NUMBER_LENGTH) {
      return false;
    }
    double value;
    if (whole && intDigits <= MAX_LONG_DIGITS) {
      value = negative ? -m : m; // Jackson reads a whole number as a long, then converts: -0 is 0.0
    } else if (!dropped && m <= EXACT_MANTISSA && exponent >= -22 && exponent <= 22) {
      double d = m;
      d = exponent >= 0 ? d * POWERS_OF_TEN[exponent] : d / POWERS_OF_TEN[-exponent];
      value = negative ? -d : d;
    } else {
      value = JavaDoubleParser.parseDouble(b, p, q - p);
    }
    row.doubles[i] = value;
    position = q;
    return true;
  }

  /**
   * The string starting with the quote at {@code b[p]}, or null when it is not printable ASCII without escapes;
   * sets {@link #position} after the closing quote. Column {@code slot} (or -1) remembers its last value.
   */
  private String string(byte[] b, int p, int end, int slot) {
    if (b[p] != '"') {
      return null;
    }
    int start = p + 1;
    int q = start;
    while (true) {
      if (q >= end) {
        return null;
      }
      byte c = b[q];
      if (c == '"') {
        break;
      }
      if (c < 0x20 || c == '\\') { // bytes above 0x7f are negative: non-ASCII goes to Jackson too
        return null;
      }
      q++;
    }
    position = q + 1;
    int length = q - start;
    if (slot < 0) {
      return new String(b, start, length, StandardCharsets.ISO_8859_1);
    }
    byte[] last = lastBytes[slot];
    if (last != null && lastLength[slot] == length && Arrays.equals(b, start, q, last, 0, length)) {
      return lastString[slot];
    }
    if (last == null || last.length < length) {
      last = lastBytes[slot] = new byte[Math.max(32, length)];
    }
    System.arraycopy(b, start, last, 0, length);
    lastLength[slot] = length;
    return lastString[slot] = new String(b, start, length, StandardCharsets.ISO_8859_1);
  }

  private boolean list(byte[] b, int p, int end, List<String> list) {
    if (b[p] != '[') {
      return false;
    }
    list.clear();
    int q = skipSpace(b, p + 1, end);
    if (q < end && b[q] == ']') {
      position = q + 1;
      return true;
    }
    while (true) {
      if (q >= end) {
        return false;
      }
      String s = string(b, q, end, -1);
      if (s == null) {
        return false;
      }
      list.add(s);
      q = skipSpace(b, position, end);
      if (q >= end) {
        return false;
      }
      if (b[q] == ']') {
        position = q + 1;
        return true;
      }
      if (b[q] != ',') {
        return false;
      }
      q = skipSpace(b, q + 1, end);
    }
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
