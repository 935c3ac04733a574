package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses WFDB header files (header(5)): single-segment headers with signal lines, and multi-segment headers
 * with segment lines. Accepts CRLF and LF line ends, blank lines, and comment lines anywhere.
 *
 * <p>Non-ASCII bytes are dropped from the record, signal and segment lines, as wfdb-python does, so names and
 * units compare equal across readers; comment lines keep them (decoded as UTF-8, else Latin-1).
 */
public final class HeaderParser {
  // Limits on every header field that sizes memory, checked before anything is allocated from it. Each is far
  // above real data (PhysioNet headers: a few hundred signals at most, a few hundred samples per frame,
  // multi-segment masters of a few thousand segments), and low enough that a block of frames still fits in a
  // small heap. docs/wfdb-reader.md lists them.

  /** Real headers are a few KB; a multi-segment master of a long stay a few hundred KB. */
  public static final int MAX_HEADER_BYTES = 16 << 20;
  /** Longest header line (signal lines are ~100 bytes; comments can be longer). */
  public static final int MAX_LINE_BYTES = 64 << 10;
  /** Signals of one record (header line 1's signal count). */
  public static final int MAX_SIGNALS = 4096;
  /** Samples per frame of one signal (the {@code xN} suffix). */
  public static final int MAX_SAMPLES_PER_FRAME = 65_536;
  /** Samples per frame summed over the record's signals: what one frame of a block holds. */
  public static final int MAX_VALUES_PER_FRAME = 65_536;
  /** Segments of a multi-segment record. */
  public static final int MAX_SEGMENTS = 1_000_000;
  /** Block size field of a signal line, in bytes. */
  public static final int MAX_BLOCK_SIZE = 1 << 20;
  /**
   * Skew (frames) times the record's values per frame: the look-ahead window a skewed signal needs, in values
   * (2^24 values: 64 MiB).
   */
  public static final long MAX_SKEW_VALUES = 1L << 24;
  /**
   * Frames times values per frame of a record (and frames of a multi-segment record): 2^60, so that every byte
   * position of any format fits in a {@code long}. Not an allocation, and far above any real record (2^60 values
   * are ~10^18).
   */
  public static final long MAX_RECORD_VALUES = 1L << 60;

  private HeaderParser() {}

  /** Parses {@code path}, which names a {@code .hea} file on a local file system. */
  public static RecordHeader parse(Path path) throws IOException {
    return parse(new LocalWfdbFile(path));
  }

  /** Parses {@code file}, a {@code .hea} file wherever it is stored. */
  public static RecordHeader parse(WfdbFile file) throws IOException {
    return parse(file, read(file));
  }

  /** Parses header bytes; {@code path} names the header for error messages and for resolving its files. */
  public static RecordHeader parse(Path path, byte[] bytes) throws WfdbException {
    return parse(new LocalWfdbFile(path), bytes);
  }

  /** Parses header bytes; {@code file} names the header for error messages and for resolving its files. */
  public static RecordHeader parse(WfdbFile file, byte[] bytes) throws WfdbException {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        throw WfdbException.atByte(file.location(), i, "NUL byte in header: not a text WFDB header");
      }
    }
    return new LineParser(file, splitLines(file.location(), bytes)).parse();
  }

  /** The header's bytes; a file larger than any header is refused before it is read. */
  private static byte[] read(WfdbFile file) throws WfdbException {
    String where = file.location();
    try {
      long size = file.size();
      if (size > MAX_HEADER_BYTES) {
        throw tooLarge(where);
      }
      try (SeekableByteChannel channel = file.open()) {
        // Read to the end rather than trust size(): the limit holds even if the file grows meanwhile.
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(MAX_HEADER_BYTES + 1L, Math.max(size + 1, 256)));
        while (true) {
          if (!buffer.hasRemaining()) {
            if (buffer.capacity() > MAX_HEADER_BYTES) {
              throw tooLarge(where);
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) Math.min(MAX_HEADER_BYTES + 1L, buffer.capacity() * 2L));
            buffer.flip();
            buffer = bigger.put(buffer);
          }
          if (channel.read(buffer) < 0) {
            break;
          }
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
      }
    } catch (WfdbException e) {
      throw e;
    } catch (NoSuchFileException e) {
      throw WfdbException.of(where, "header file not found");
    } catch (IOException e) {
      throw WfdbException.of(where, "cannot read header: " + withoutLocation(e, where), e);
    }
  }

  private static WfdbException tooLarge(String where) {
    return WfdbException.of(where, "header is larger than " + MAX_HEADER_BYTES + " bytes: not a WFDB header");
  }

  /** The message of a file's own exception, without the location it repeats. */
  static String withoutLocation(IOException e, String where) {
    String m = String.valueOf(e.getMessage());
    return m.startsWith(where + ": ") ? m.substring(where.length() + 2) : m;
  }

  private static List<byte[]> splitLines(String where, byte[] bytes) throws WfdbException {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bytes.length; i++) {
      if (i - start > MAX_LINE_BYTES) {
        throw WfdbException.atLine(where, lines.size() + 1, "line longer than " + MAX_LINE_BYTES
            + " bytes: not a WFDB header");
      }
      if (i == bytes.length || bytes[i] == '\n' || bytes[i] == '\r') {
        if (i < bytes.length || i > start) {
          byte[] line = new byte[i - start];
          System.arraycopy(bytes, start, line, 0, line.length);
          lines.add(line);
        }
        if (i < bytes.length && bytes[i] == '\r' && i + 1 < bytes.length && bytes[i + 1] == '\n') {
          i++;
        }
        start = i + 1;
      }
    }
    return lines;
  }

  /** Holds the position while walking the lines, so every error can name its line. */
  /** A field's text before a parenthesis, and inside it (null when there is none). */
  private record Parenthesised(String outside, String inside) {}

  private static final class LineParser {
    private final WfdbFile file;
    private final String path; // the header's location, for messages
    private final List<byte[]> lines;
    private int lineNo; // 1-based number of the line being parsed

    LineParser(WfdbFile file, List<byte[]> lines) {
      this.file = file;
      this.path = file.location();
      this.lines = lines;
    }

    RecordHeader parse() throws WfdbException {
      List<String> comments = new ArrayList<>();
      String recordLine = nextContentLine(comments);
      if (recordLine == null) {
        throw WfdbException.of(path, "empty header: no record line");
      }
      int recordLineNo = lineNo;
      String[] f = recordLine.trim().split("\\s+");
      String nameField = f[0];
      String name = nameField;
      int segmentCount = 0;
      int slash = nameField.indexOf('/');
      if (slash >= 0) {
        name = nameField.substring(0, slash);
        segmentCount = parseInt(nameField.substring(slash + 1), "number of segments");
        if (segmentCount <= 0) {
          throw error("number of segments must be positive, got " + segmentCount);
        }
        if (segmentCount > MAX_SEGMENTS) {
          throw error(segmentCount + " segments: more than the limit of " + MAX_SEGMENTS);
        }
      }
      if (name.isEmpty()) {
        throw error("empty record name");
      }
      int signalCount = f.length > 1 ? parseInt(f[1], "number of signals") : 0;
      if (signalCount < 0) {
        throw error("negative number of signals: " + signalCount);
      }
      if (signalCount > MAX_SIGNALS) {
        throw error(signalCount + " signals: more than the limit of " + MAX_SIGNALS);
      }
      double fs = RecordHeader.DEFAULT_FREQUENCY;
      Double counterFreq = null;
      double baseCounter = 0;
      if (f.length > 2) {
        String fsField = f[2];
        int cs = fsField.indexOf('/');
        String fsText = cs >= 0 ? fsField.substring(0, cs) : fsField;
        fs = parseDouble(fsText, "sampling frequency");
        if (!(fs > 0) || Double.isInfinite(fs)) {
          throw error("sampling frequency must be positive, got '" + fsText + "'");
        }
        if (cs >= 0) {
          String counter = fsField.substring(cs + 1);
          Parenthesised split = splitParenthesis(counter, "counter frequency", counter);
          if (split.inside() != null) {
            baseCounter = parseDouble(split.inside(), "base counter value");
          }
          counterFreq = parseDouble(split.outside(), "counter frequency");
        }
      }
      Long length = null;
      if (f.length > 3) {
        length = parseLong(f[3], "number of samples");
        if (length < 0) {
          throw error("negative number of samples: " + length);
        }
      }
      LocalTime baseTime = f.length > 4 ? parseTime(f[4]) : null;
      LocalDate baseDate = f.length > 5 ? parseDate(f[5]) : null;
      if (f.length > 6) {
        throw error("unexpected field '" + f[6] + "' after the base date");
      }

      List<SignalSpec> signals = new ArrayList<>();
      List<SegmentSpec> segments = new ArrayList<>();
      if (segmentCount > 0) {
        for (int i = 0; i < segmentCount; i++) {
          String line = nextContentLine(comments);
          if (line == null) {
            throw WfdbException.atLine(path, recordLineNo,
                "header declares " + segmentCount + " segments but lists " + i);
          }
          segments.add(parseSegment(line));
        }
      } else {
        for (int i = 0; i < signalCount; i++) {
          String line = nextContentLine(comments);
          if (line == null) {
            throw WfdbException.atLine(path, recordLineNo,
                "header declares " + signalCount + " signals but has " + i + " signal lines");
          }
          signals.add(parseSignal(line));
          checkFrameSize(signals);
        }
      }
      String extra = nextContentLine(comments);
      if (extra != null) {
        throw error("unexpected line after the " + (segmentCount > 0 ? "segment" : "signal") + " lines: '"
            + abbreviate(extra) + "'");
      }
      long values = signals.stream().mapToLong(SignalSpec::samplesPerFrame).sum();
      if (length != null && values > 0 && length > MAX_RECORD_VALUES / values) {
        // every byte offset of the record must fit in a long, whatever the format
        throw WfdbException.atLine(path, recordLineNo, length + " frames of " + values + " values: more than the "
            + "limit of " + MAX_RECORD_VALUES + " values in a record");
      }
      long total = 0;
      for (SegmentSpec seg : segments) {
        total += seg.length();
        if (total > MAX_RECORD_VALUES || total < 0) {
          throw WfdbException.atLine(path, recordLineNo, "the segments' lengths add up to more than "
              + MAX_RECORD_VALUES + " frames");
        }
      }
      return new RecordHeader(file, name, segmentCount, signalCount, fs, counterFreq, baseCounter, length,
          baseTime, baseDate, signals, segments, comments);
    }

    /**
     * Checks, as each signal line is added, the sizes a reader allocates from: values per frame summed over the
     * signals, and the skew window. The error names the line that crosses the limit.
     */
    private void checkFrameSize(List<SignalSpec> signals) throws WfdbException {
      long values = 0;
      long maxSkew = 0;
      for (SignalSpec s : signals) {
        values += s.samplesPerFrame();
        maxSkew = Math.max(maxSkew, s.skew());
      }
      if (values > MAX_VALUES_PER_FRAME) {
        throw error("the signals so far have " + values + " samples per frame together: more than the limit of "
            + MAX_VALUES_PER_FRAME);
      }
      if (maxSkew * values > MAX_SKEW_VALUES) {
        throw error("skew of " + maxSkew + " frames of " + values + " values: more than the limit of "
            + MAX_SKEW_VALUES + " values to look ahead");
      }
    }

    /** The next line that is neither blank nor a comment (comments are collected), or null at the end. */
    private String nextContentLine(List<String> comments) {
      while (lineNo < lines.size()) {
        byte[] raw = lines.get(lineNo++);
        int i = 0;
        while (i < raw.length && (raw[i] == ' ' || raw[i] == '\t')) {
          i++;
        }
        if (i == raw.length) {
          continue;
        }
        if (raw[i] == '#') {
          comments.add(decodeComment(raw, i + 1));
          continue;
        }
        return asciiOnly(raw);
      }
      return null;
    }

    private SegmentSpec parseSegment(String line) throws WfdbException {
      String[] f = line.trim().split("\\s+");
      if (f.length != 2) {
        throw error("segment line must be 'name length', got '" + abbreviate(line) + "'");
      }
      long length = parseLong(f[1], "segment length");
      if (length < 0) {
        throw error("negative segment length " + length);
      }
      return new SegmentSpec(f[0], length);
    }

    private SignalSpec parseSignal(String line) throws WfdbException {
      Fields f = new Fields(line);
      String fileName = f.next();
      String formatField = f.next();
      if (formatField == null) {
        throw error("signal line has no format: '" + abbreviate(line) + "'");
      }
      // format[xspf][:skew][+offset], each suffix optional but in this order
      int end = firstOf(formatField, "x:+", 0);
      int format = parseInt(formatField.substring(0, end), "format");
      if (!SampleFormat.isKnown(format)) {
        throw error("unknown signal format " + format);
      }
      int spf = 1;
      int skew = 0;
      long byteOffset = 0;
      if (end < formatField.length() && formatField.charAt(end) == 'x') {
        int next = firstOf(formatField, ":+", end + 1);
        spf = parseInt(formatField.substring(end + 1, next), "samples per frame");
        if (spf < 1) {
          throw error("samples per frame must be at least 1, got " + spf);
        }
        if (spf > MAX_SAMPLES_PER_FRAME) {
          throw error(spf + " samples per frame: more than the limit of " + MAX_SAMPLES_PER_FRAME);
        }
        end = next;
      }
      if (end < formatField.length() && formatField.charAt(end) == ':') {
        int next = firstOf(formatField, "+", end + 1);
        skew = parseInt(formatField.substring(end + 1, next), "skew");
        if (skew < 0) {
          throw error("negative skew " + skew);
        }
        end = next;
      }
      if (end < formatField.length() && formatField.charAt(end) == '+') {
        byteOffset = parseLong(formatField.substring(end + 1), "byte offset");
        if (byteOffset < 0) {
          throw error("negative byte offset " + byteOffset);
        }
        end = formatField.length();
      }
      if (end != formatField.length()) {
        throw error("bad format field '" + formatField + "'");
      }

      double gain = SignalSpec.DEFAULT_GAIN;
      Integer baseline = null;
      String units = SignalSpec.DEFAULT_UNITS;
      String gainField = f.next();
      if (gainField != null) {
        int unitsAt = gainField.indexOf('/');
        String gainAndBase = unitsAt >= 0 ? gainField.substring(0, unitsAt) : gainField;
        if (unitsAt >= 0 && unitsAt + 1 < gainField.length()) {
          units = gainField.substring(unitsAt + 1);
        }
        Parenthesised split = splitParenthesis(gainAndBase, "gain field", gainField);
        if (split.inside() != null) {
          baseline = parseInt(split.inside(), "baseline");
        }
        gain = parseDouble(split.outside(), "ADC gain");
        if (gain == 0) {
          gain = SignalSpec.DEFAULT_GAIN; // 0 means "uncalibrated": WFDB applies the default
        }
      }
      int resolution = optionalInt(f.next(), "ADC resolution", 0);
      int adcZero = optionalInt(f.next(), "ADC zero", 0);
      int initValue = optionalInt(f.next(), "initial value", adcZero);
      String checksumText = f.next();
      Integer checksum = checksumText == null ? null : parseInt(checksumText, "checksum");
      int blockSize = optionalInt(f.next(), "block size", 0);
      if (blockSize < 0 || blockSize > MAX_BLOCK_SIZE) {
        throw error("block size " + blockSize + " outside 0.." + MAX_BLOCK_SIZE);
      }
      String description = f.rest();
      return new SignalSpec(fileName, format, spf, skew, byteOffset, gain,
          baseline != null ? baseline : adcZero, units, resolution, adcZero, initValue, checksum, blockSize,
          description);
    }

    private LocalTime parseTime(String text) throws WfdbException {
      // [[HH:]MM:]SS[.sss]
      String[] parts = text.split(":", -1);
      if (parts.length > 3) {
        throw error("bad base time '" + text + "'");
      }
      try {
        int h = parts.length == 3 ? Integer.parseInt(parts[0]) : 0;
        int m = parts.length >= 2 ? Integer.parseInt(parts[parts.length - 2]) : 0;
        String sec = parts[parts.length - 1];
        double s = Double.parseDouble(sec);
        int whole = (int) Math.floor(s);
        long nanos = Math.round((s - whole) * 1e9);
        if (nanos >= 1_000_000_000L) {
          whole++;
          nanos -= 1_000_000_000L;
        }
        return LocalTime.of(h, m, whole, (int) nanos);
      } catch (NumberFormatException | DateTimeException e) {
        throw error("bad base time '" + text + "'");
      }
    }

    private LocalDate parseDate(String text) throws WfdbException {
      String[] parts = text.split("/", -1);
      try {
        if (parts.length != 3) {
          throw new NumberFormatException();
        }
        return LocalDate.of(Integer.parseInt(parts[2]), Integer.parseInt(parts[1]), Integer.parseInt(parts[0]));
      } catch (NumberFormatException | DateTimeException e) {
        throw error("bad base date '" + text + "' (expected DD/MM/YYYY)");
      }
    }

    private int optionalInt(String text, String what, int dflt) throws WfdbException {
      return text == null ? dflt : parseInt(text, what);
    }

    private int parseInt(String text, String what) throws WfdbException {
      long v = parseLong(text, what);
      if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
        throw error(what + " out of range: '" + text + "'");
      }
      return (int) v;
    }

    private long parseLong(String text, String what) throws WfdbException {
      try {
        return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
      } catch (NumberFormatException e) {
        throw error("bad " + what + " '" + abbreviate(text) + "'");
      }
    }

    private double parseDouble(String text, String what) throws WfdbException {
      try {
        double v = Double.parseDouble(text);
        if (Double.isNaN(v) || Double.isInfinite(v) || text.endsWith("d") || text.endsWith("f")
            || text.endsWith("D") || text.endsWith("F")) {
          throw new NumberFormatException();
        }
        return v;
      } catch (NumberFormatException e) {
        throw error("bad " + what + " '" + abbreviate(text) + "'");
      }
    }

    /**
     * {@code text} of the form {@code A(B)} split into A and B (B null without a parenthesis), as the counter
     * frequency and the gain carry their base value; a '(' without its ')' is an error naming {@code field}.
     */
    private Parenthesised splitParenthesis(String text, String what, String field) throws WfdbException {
      int paren = text.indexOf('(');
      if (paren < 0) {
        return new Parenthesised(text, null);
      }
      if (!text.endsWith(")")) {
        throw error("bad " + what + " '" + field + "': missing ')'");
      }
      return new Parenthesised(text.substring(0, paren), text.substring(paren + 1, text.length() - 1));
    }

    private WfdbException error(String problem) {
      return WfdbException.atLine(path, lineNo, problem);
    }
  }

  /** Whitespace-separated fields, with the rest of the line kept as written for the description. */
  private static final class Fields {
    private final String line;
    private int pos;

    Fields(String line) {
      this.line = line;
    }

    String next() {
      skipSpace();
      if (pos >= line.length()) {
        return null;
      }
      int start = pos;
      while (pos < line.length() && !isSpace(line.charAt(pos))) {
        pos++;
      }
      return line.substring(start, pos);
    }

    String rest() {
      skipSpace();
      return pos >= line.length() ? "" : line.substring(pos).strip();
    }

    private void skipSpace() {
      while (pos < line.length() && isSpace(line.charAt(pos))) {
        pos++;
      }
    }

    private static boolean isSpace(char c) {
      return c == ' ' || c == '\t';
    }
  }

  private static int firstOf(String s, String chars, int from) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return s.length();
  }

  private static String asciiOnly(byte[] raw) {
    StringBuilder sb = new StringBuilder(raw.length);
    for (byte b : raw) {
      if (b >= 0) {
        sb.append((char) b);
      }
    }
    return sb.toString();
  }

  private static String decodeComment(byte[] raw, int from) {
    byte[] body = java.util.Arrays.copyOfRange(raw, from, raw.length);
    var decoder = StandardCharsets.UTF_8.newDecoder();
    try {
      return decoder.decode(java.nio.ByteBuffer.wrap(body)).toString().strip();
    } catch (java.nio.charset.CharacterCodingException e) {
      return new String(body, StandardCharsets.ISO_8859_1).strip();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
