package io.wavebeam.pipeline.windows;

import io.wavebeam.pipeline.features.SignalStatistics;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.WritableByteChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The window rows of one record as the lines of its part of {@code ws_df_windows.json}, in the file's order
 * (signal, then window) although they arrive window by window: one UTF-8 buffer per signal, each row printed into
 * its signal's buffer as it comes (see {@link JsonLineBytes}), the buffers written one after the other.
 */
public final class WindowLines implements WindowRow.Sink {
  /** Initial bytes per signal: a day of minute windows is ~800 KB, so a buffer grows a few times at most. */
  private static final int INITIAL_BYTES = 1 << 16;
  private final List<JsonLineBytes> bySignal = new ArrayList<>();
  /** What each signal's last row printed that its next row repeats. */
  private final List<WindowRow.LineParts> repeated = new ArrayList<>();
  private long lines;

  /** Prints {@code row} (a row made elsewhere: the tests' and the driver's). */
  public void accept(WindowRow row) {
    JsonLineBytes signal = signal(row.signalIndex());
    row.appendJson(signal, repeated.get(row.signalIndex()));
    signal.raw('\n');
    lines++;
  }

  /**
   * Prints the row {@code WindowRow.of(id, windowS, index, offsetS, start, segments, stats)} without making it
   * (see {@link WindowRow#appendJson(JsonLineBytes, WindowRow.LineParts, WindowRow.Identity, long, long, double,
   * String, List, SignalStatistics)}); {@code segments} is only read.
   */
  @Override
  public void accept(WindowRow.Identity id, long windowS, long index, double offsetS, String start, List<String> segments,
      SignalStatistics stats) {
    JsonLineBytes signal = signal(id.signalIndex());
    WindowRow.appendJson(signal, repeated.get(id.signalIndex()), id, windowS, index, offsetS, start, segments, stats);
    signal.raw('\n');
    lines++;
  }

  /** The buffer of signal {@code index}, made (with its repeated parts) on the signal's first row. */
  private JsonLineBytes signal(int index) {
    while (bySignal.size() <= index) {
      bySignal.add(new JsonLineBytes(INITIAL_BYTES));
      repeated.add(new WindowRow.LineParts());
    }
    return bySignal.get(index);
  }

  /** Forgets every line, keeping the buffers for the next record (a record's lines are megabytes). */
  public void clear() {
    for (JsonLineBytes signal : bySignal) {
      signal.clear();
    }
    lines = 0;
  }

  /** Rows received. */
  public long lines() {
    return lines;
  }

  /** Bytes of the lines, newlines included. */
  public long bytes() {
    return bySignal.stream().mapToLong(JsonLineBytes::size).sum();
  }

  /** Writes every line, signal by signal. */
  public void writeTo(OutputStream out) throws IOException {
    for (JsonLineBytes signal : bySignal) {
      signal.writeTo(out);
    }
  }

  /** Writes every line, signal by signal, in slices of up to a megabyte (one {@code write} call each). */
  public void writeTo(WritableByteChannel out) throws IOException {
    for (JsonLineBytes signal : bySignal) {
      signal.writeTo(out);
    }
  }
}
