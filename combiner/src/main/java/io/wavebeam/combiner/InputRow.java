package io.wavebeam.combiner;

import io.wavebeam.combiner.TableSchema.Column;
import java.util.ArrayList;
import java.util.List;

/**
 * One pass-1 row of either table while it is read and written: a mutable holder, reused from line to line (no
 * object per row). Values sit in slots by {@link Column#index()}: {@link #longs}, {@link #doubles},
 * {@link #strings} or {@link #lists} by kind, and {@link #isNull} for nullable fields. The identity fields have
 * accessors; the normalisation columns are set by the reader.
 */
final class InputRow {
  final TableSchema table;
  final long[] longs;
  final double[] doubles;
  final String[] strings;
  final List<List<String>> lists;
  final boolean[] isNull;
  /** The line of the input file this row came from (1-based). */
  long line;
  SignalAliases.Normalized name;
  boolean duplicate;

  InputRow(TableSchema table) {
    this.table = table;
    int n = table.columns().size();
    longs = new long[n];
    doubles = new double[n];
    strings = new String[n];
    isNull = new boolean[n];
    lists = new ArrayList<>(n);
    for (Column c : table.columns()) {
      lists.add(c.kind() == TableSchema.Kind.STRING_LIST ? new ArrayList<>() : null);
    }
  }

  String group() {
    return strings[table.group];
  }

  String record() {
    return strings[table.record];
  }

  /** The segment (SUMMARY rows). */
  String segment() {
    return strings[table.segment];
  }

  String signal() {
    return strings[table.signal];
  }

  String units() {
    return strings[table.units];
  }

  int signalIndex() {
    return (int) longs[table.signalIndex];
  }

  /** The window index (WINDOWS rows). */
  long windowIndex() {
    return longs[table.window];
  }

  boolean sameRecord(InputRow o) {
    return strings[table.record].equals(o.strings[table.record])
        && strings[table.group].equals(o.strings[table.group]);
  }

  boolean sameSegment(InputRow o) {
    return strings[table.segment].equals(o.strings[table.segment]) && sameRecord(o);
  }
}
