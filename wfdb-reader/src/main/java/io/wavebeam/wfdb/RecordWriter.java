package io.wavebeam.wfdb;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes a single-segment WFDB record block by block, in constant memory: one signal file per run of signal
 * specs naming the same file, then, on {@link #close}, the header with the length, the initial values and the
 * checksums of what was written.
 *
 * <p>Values are written as stored frames: a spec's skew and byte offset go into the header as given (the byte
 * offset as that many zero bytes before the samples), so tests can build skewed or offset files on purpose.
 * {@link SampleFormat#INVALID} is written as the format's invalid value. The spec's initial value and checksum
 * are ignored: they are computed.
 */
public final class RecordWriter implements Closeable {
  private final Path dir;
  private final String name;
  private final double fs;
  private final List<SignalSpec> specs;
  private final LocalTime baseTime;
  private final LocalDate baseDate;
  private final List<String> comments;
  private final List<FileWriter> files = new ArrayList<>();
  private final long[] checksum;
  private final int[] initValue;
  private long frames;
  private boolean closed;

  private RecordWriter(Path dir, String name, double fs, List<SignalSpec> specs, LocalTime baseTime,
      LocalDate baseDate, List<String> comments) {
    this.dir = dir;
    this.name = name;
    this.fs = fs;
    this.specs = List.copyOf(specs);
    this.baseTime = baseTime;
    this.baseDate = baseDate;
    this.comments = List.copyOf(comments);
    this.checksum = new long[specs.size()];
    this.initValue = new int[specs.size()];
  }

  public static RecordWriter create(Path dir, String name, double fs, List<SignalSpec> specs, LocalTime baseTime,
      LocalDate baseDate, List<String> comments) throws IOException {
    Files.createDirectories(dir);
    RecordWriter w = new RecordWriter(dir, name, fs, specs, baseTime, baseDate, comments);
    int i = 0;
    while (i < specs.size()) {
      SignalSpec first = specs.get(i);
      int j = i + 1;
      while (first.isStored() && j < specs.size() && specs.get(j).fileName().equals(first.fileName())) {
        j++;
      }
      if (first.isStored()) {
        if (SampleFormat.isFlac(first.format())) {
          w.close();
          throw new IllegalArgumentException("RecordWriter does not write FLAC formats yet: " + first.format());
        }
        w.files.add(new FileWriter(dir.resolve(first.fileName()), first.format(), i, specs.subList(i, j),
            first.byteOffset()));
      }
      i = j;
    }
    return w;
  }

  /** Appends {@code frames} frames: signal {@code s} takes {@code frames * samplesPerFrame} values of block[s]. */
  public void write(int[][] block, int frames) throws IOException {
    if (closed) {
      throw new IllegalStateException("writer is closed");
    }
    for (int s = 0; s < specs.size(); s++) {
      SignalSpec spec = specs.get(s);
      int n = frames * spec.samplesPerFrame();
      if (frames > 0 && this.frames == 0) {
        initValue[s] = block[s][0] == SampleFormat.INVALID ? SampleFormat.invalidValue(spec.format()) : block[s][0];
      }
      int invalid = SampleFormat.invalidValue(spec.format());
      for (int k = 0; k < n; k++) {
        int v = block[s][k];
        checksum[s] += v == SampleFormat.INVALID ? invalid : v;
      }
    }
    for (FileWriter f : files) {
      f.write(block, frames);
    }
    this.frames += frames;
  }

  /** Flushes the signal files and writes the header. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    for (FileWriter f : files) {
      f.close();
    }
    StringBuilder h = new StringBuilder();
    h.append(name).append(' ').append(specs.size()).append(' ').append(number(fs)).append(' ').append(frames);
    appendTime(h, baseTime, baseDate);
    h.append('\n');
    for (int s = 0; s < specs.size(); s++) {
      SignalSpec spec = specs.get(s);
      h.append(spec.isStored() ? spec.fileName() : SignalSpec.NO_FILE).append(' ').append(spec.format());
      if (spec.samplesPerFrame() != 1) {
        h.append('x').append(spec.samplesPerFrame());
      }
      if (spec.skew() != 0) {
        h.append(':').append(spec.skew());
      }
      if (spec.byteOffset() != 0) {
        h.append('+').append(spec.byteOffset());
      }
      h.append(' ').append(number(spec.adcGain())).append('(').append(spec.baseline()).append(")/")
          .append(spec.units().isEmpty() ? SignalSpec.DEFAULT_UNITS : spec.units())
          .append(' ').append(spec.adcResolution())
          .append(' ').append(spec.adcZero())
          .append(' ').append(spec.isStored() ? initValue[s] : 0)
          .append(' ').append(spec.isStored() ? (short) checksum[s] : 0)
          .append(' ').append(spec.blockSize());
      if (!spec.description().isEmpty()) {
        h.append(' ').append(spec.description());
      }
      h.append('\n');
    }
    for (String c : comments) {
      h.append("# ").append(c).append('\n');
    }
    writeAtomically(dir.resolve(name + ".hea"), h.toString());
  }

  /** Writes the header of a multi-segment record; the segments are records written on their own. */
  public static void writeMultiSegmentHeader(Path dir, String name, int signals, double fs,
      List<SegmentSpec> segments, LocalTime baseTime, LocalDate baseDate, List<String> comments) throws IOException {
    long length = 0;
    for (SegmentSpec s : segments) {
      length += s.length();
    }
    StringBuilder h = new StringBuilder();
    h.append(name).append('/').append(segments.size()).append(' ').append(signals).append(' ').append(number(fs))
        .append(' ').append(length);
    appendTime(h, baseTime, baseDate);
    h.append('\n');
    for (SegmentSpec s : segments) {
      h.append(s.name()).append(' ').append(s.length()).append('\n');
    }
    for (String c : comments) {
      h.append("# ").append(c).append('\n');
    }
    Files.createDirectories(dir);
    writeAtomically(dir.resolve(name + ".hea"), h.toString());
  }

  private static void appendTime(StringBuilder h, LocalTime time, LocalDate date) {
    if (time == null && date == null) {
      return;
    }
    LocalTime t = time == null ? LocalTime.MIDNIGHT : time;
    h.append(' ').append(String.format(Locale.ROOT, "%02d:%02d:%02d", t.getHour(), t.getMinute(), t.getSecond()));
    if (t.getNano() != 0) {
      h.append(String.format(Locale.ROOT, ".%03d", t.getNano() / 1_000_000));
    }
    if (date != null) {
      h.append(' ').append(String.format(Locale.ROOT, "%02d/%02d/%04d", date.getDayOfMonth(), date.getMonthValue(),
          date.getYear()));
    }
  }

  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.US_ASCII);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** One signal file: interleaves the frames of its signals and encodes them. */
  private static final class FileWriter implements Closeable {
    private final Path path;
    private final int format;
    private final int firstSignal;
    private final int[] spf;
    private final int valuesPerFrame;
    private final int group;
    private final int invalid;
    private final OutputStream out;
    private final int[] last; // format 8: previous value of each signal
    private int[] values = new int[0];
    private int pending; // values carried to the next write to keep packed groups whole
    private byte[] bytes = new byte[0];
    private boolean started;

    FileWriter(Path path, int format, int firstSignal, List<SignalSpec> specs, long byteOffset) throws IOException {
      this.path = path;
      this.format = format;
      this.firstSignal = firstSignal;
      this.spf = specs.stream().mapToInt(SignalSpec::samplesPerFrame).toArray();
      this.valuesPerFrame = Arrays.stream(spf).sum();
      this.group = format == 212 ? 2 : (format == 310 || format == 311) ? 3 : 1;
      this.invalid = SampleFormat.invalidValue(format);
      this.last = new int[spf.length];
      this.out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 16);
      for (long i = 0; i < byteOffset; i++) {
        out.write(0);
      }
    }

    void write(int[][] block, int frames) throws IOException {
      int need = pending + frames * valuesPerFrame;
      if (values.length < need) {
        values = Arrays.copyOf(values, need);
      }
      int p = pending;
      int bits = SampleFormat.bits(format);
      long lo = format == 8 ? -128 : -(1L << (bits - 1));
      long hi = format == 8 ? 127 : (1L << (bits - 1)) - 1;
      for (int f = 0; f < frames; f++) {
        for (int m = 0; m < spf.length; m++) {
          int[] src = block[firstSignal + m];
          for (int k = 0; k < spf[m]; k++) {
            int v = src[f * spf[m] + k];
            if (v == SampleFormat.INVALID) {
              if (format == 8) {
                throw new IllegalArgumentException(path + ": format 8 cannot store an invalid sample");
              }
              v = invalid;
            }
            if (format == 8) {
              int d = started || k > 0 || f > 0 ? v - last[m] : 0;
              last[m] = v;
              v = d;
            }
            if (v < lo || v > hi) {
              throw new IllegalArgumentException(path + ": value " + (format == 8 ? "difference " : "") + v
                  + " does not fit format " + format);
            }
            values[p++] = v;
          }
        }
      }
      if (frames > 0) {
        started = true;
      }
      int whole = p / group * group;
      emit(whole);
      pending = p - whole;
      System.arraycopy(values, whole, values, 0, pending);
    }

    private void emit(int count) throws IOException {
      int n = (int) SampleFormat.bytesFor(format, count);
      if (bytes.length < n) {
        bytes = new byte[n];
      }
      int written = BinaryEncoders.encode(format, values, 0, count, bytes, 0);
      out.write(bytes, 0, written);
    }

    @Override
    public void close() throws IOException {
      try (out) {
        if (pending > 0) {
          emit(pending);
          pending = 0;
        }
      }
    }
  }
}
