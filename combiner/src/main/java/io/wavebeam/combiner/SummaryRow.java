package io.wavebeam.combiner;

import io.wavebeam.combiner.WaveformSummarySchema.Column;
import java.util.List;

/**
 * One pass-1 row while it is read and written: a mutable holder, reused from line to line (no object per row).
 * Values sit in slots by {@link Column#index()}: {@link #longs}, {@link #doubles} or {@link #strings} by kind, and
 * {@link #isNull} for nullable fields. The identity fields have accessors; the normalisation columns are set by
 * the reader once the segment's rows are known.
 */
final class SummaryRow {
  static final List<Column> COLUMNS = WaveformSummarySchema.featureColumns();
  static final int GROUP = slot("group");
  static final int RECORD = slot("record");
  static final int SEGMENT = slot("segment");
  static final int SIGNAL = slot("signal");
  static final int SIGNAL_INDEX = slot("signal_index");
  static final int UNITS = slot("units");
  static final int DURATION_S = slot("duration_s");
  static final int N_VALUES = slot("n_values");
  static final int N_INVALID = slot("n_invalid");
  static final int COUNT = slot("count");
  static final int MEAN = slot("mean");

  final long[] longs = new long[COLUMNS.size()];
  final double[] doubles = new double[COLUMNS.size()];
  final String[] strings = new String[COLUMNS.size()];
  final boolean[] isNull = new boolean[COLUMNS.size()];
  /** The line of the input file this row came from (1-based). */
  long line;
  SignalAliases.Normalized name;
  boolean duplicate;

  private static int slot(String name) {
    return COLUMNS.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().index();
  }

  String group() {
    return strings[GROUP];
  }

  String record() {
    return strings[RECORD];
  }

  String segment() {
    return strings[SEGMENT];
  }

  String signal() {
    return strings[SIGNAL];
  }

  String units() {
    return strings[UNITS];
  }

  int signalIndex() {
    return (int) longs[SIGNAL_INDEX];
  }

  boolean sameSegment(SummaryRow o) {
    return strings[SEGMENT].equals(o.strings[SEGMENT]) && strings[RECORD].equals(o.strings[RECORD])
        && strings[GROUP].equals(o.strings[GROUP]);
  }
}
