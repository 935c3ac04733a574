package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads one input file of either table ({@link TableSchema}) from start to end on one worker: each line is parsed
 * into a reused row (one {@link RowParser} for both tables), gets its normalised name and duplicate flag, is checked
 * for a duplicate key, and goes to the Parquet part of its group; summary rows also go into the per-quantity
 * statistics. What comes back is a small {@link RunSummary}: the parts, the statistics, the problems. Nothing per
 * row leaves the worker.
 *
 * <p>The two tables differ only in their unit and key. A summary row's unit is its segment (consecutive lines, as
 * pass 1 writes them: a few rows, buffered and sorted by signal_index); its key is (record, segment,
 * signal_index). A window row's unit is its record, whose rows pass 1 writes sorted by signal_index then
 * window_index (thousands of rows: streamed, the names of the record's signals remembered); its key is (record,
 * signal_index, window_index). Keys go into compact per-file sets: records and segments are numbered as they first
 * appear, a key is a long in a {@link LongLongMap} to its line. A group's rows are all in one file of each table
 * (checked across files by {@link RunSummary#merge}), so the per-file sets find every duplicate.
 */
final class GroupFileScan {
  /** Where a file's rows go: one Parquet writer per part; a scan without a sink only checks and counts. */
  interface PartSink {
    /** The writer of the part {@code partName} of the dataset (called once per part, then reused). */
    PartWriter open(String partName) throws IOException;
  }

  /**
   * Called every {@link LineReader#PROGRESS_LINES} lines and at the end with the lines and bytes read since the last
   * call.
   */
  interface Progress {
    void advance(long lines, long bytes);
  }

  private final TableSchema table;
  private final SignalAliases aliases;
  private final boolean partitioned;
  private final RowParser parser;
  private final Map<String, SignalAliases.Normalized> names = new HashMap<>();

  GroupFileScan(TableSchema table, SignalAliases aliases, boolean partitioned) {
    this.table = table;
    this.aliases = aliases;
    this.partitioned = partitioned || table == TableSchema.WINDOWS;
    this.parser = new RowParser(table);
  }

  /** The part file name of input file number {@code fileIndex} of its table, inside the dataset folder. */
  static String partName(int fileIndex, String group, boolean partitioned) {
    String part = String.format("part-%05d.parquet", fileIndex);
    return partitioned ? Pass1p5Pipeline.partitionFolder(group) + "/" + part : part;
  }

  /** State of one file's scan. */
  private final class FileState {
    final GroupFile file;
    final PartSink sink;
    final RunSummary summary = new RunSummary();
    final RunSummary.Table counts;
    final Map<String, PartWriter> writers = new LinkedHashMap<>();
    final Map<String, long[]> partRows = new LinkedHashMap<>();
    final Map<String, Integer> recordIds = new HashMap<>();
    final Map<String, Integer> segmentIds = new HashMap<>();
    final LongLongMap rowKeys = new LongLongMap();
    final Map<String, SignalStats.Accumulator> stats = new HashMap<>();
    InputRow[] pool = {new InputRow(table), new InputRow(table), new InputRow(table), new InputRow(table)};
    int pending;
    /** WINDOWS: the record being read, and the lowest signal_index of each normalised name in it so far. */
    int recordId = -1;
    int lastSignalIndex;
    final Map<String, Integer> firstIndexOfName = new HashMap<>();
    /** WINDOWS: per record, (signal_index, window_index) → first line; the current record's. */
    final Map<Integer, LongLongMap> windowKeys = new HashMap<>();
    LongLongMap recordKeys;
    /** The writer of the last row's group, and its row count. */
    PartWriter writer;
    String writerGroup;
    long[] writerRows;

    FileState(GroupFile file, PartSink sink) {
      this.file = file;
      this.sink = sink;
      this.counts = summary.table(table);
    }

    void problem(long line, String text) {
      summary.report(new RunSummary.Report(file.order(), line, file.path() + ":" + line + ": " + text));
    }
  }

  /** Scans {@code in}, the content of {@code file}. */
  RunSummary scan(GroupFile file, InputStream in, PartSink sink, Progress progress) throws IOException {
    FileState s = new FileState(file, sink);
    long[] read = new long[2]; // lines and bytes, summed from the reader's progress calls
    try {
      new LineReader(in).readAll((bytes, start, length, number) -> {
        if (length == LineReader.TOO_LONG) {
          s.problem(number, "line longer than " + (LineReader.MAX_LINE >> 20) + " MB");
        } else if (!LineReader.isBlank(bytes, start, length)) {
          InputRow row = s.pool[s.pending];
          try {
            parser.parse(bytes, start, length, row);
            row.line = number;
            if (table == TableSchema.WINDOWS) {
              windowRow(s, row);
            } else {
              summaryRow(s, row);
            }
          } catch (RowParser.BadLine e) {
            s.problem(number, e.getMessage());
          }
        }
      }, (lines, bytes) -> {
        read[0] += lines;
        read[1] += bytes;
        progress.advance(lines, bytes);
      });
      flushSegment(s, s.pending);
      s.pending = 0;
    } finally {
      for (PartWriter w : s.writers.values()) {
        w.close();
      }
    }
    RunSummary summary = s.summary;
    RunSummary.Table counts = s.counts;
    counts.files = 1;
    summary.lines = read[0];
    summary.bytes = read[1];
    s.partRows.forEach((name, n) -> counts.parts.add(new RunSummary.Part(name, n[0])));
    s.stats.forEach((key, acc) -> summary.stats.put(key, acc.endFile()));
    if (counts.rows == 0 && summary.problems == 0) {
      counts.emptyFiles.add(file.path());
    }
    summary.trimReports();
    return summary;
  }

  /** SUMMARY: rows wait in the pool until their segment is complete. */
  private void summaryRow(FileState s, InputRow row) throws IOException {
    if (s.pending > 0 && !row.sameSegment(s.pool[0])) {
      flushSegment(s, s.pending);
      InputRow first = s.pool[0];
      s.pool[0] = row;
      s.pool[s.pending] = first;
      s.pending = 0;
    }
    s.pending++;
    if (s.pending == s.pool.length) {
      s.pool = Arrays.copyOf(s.pool, s.pool.length * 2);
      for (int i = s.pending; i < s.pool.length; i++) {
        s.pool[i] = new InputRow(table);
      }
    }
  }

  /** The {@code n} rows of one segment in {@code s.pool}: names, duplicate flags, keys, statistics, Parquet. */
  private void flushSegment(FileState s, int n) throws IOException {
    if (n == 0) {
      return;
    }
    InputRow[] rows = s.pool;
    // pass 1 writes a segment's signals in signal_index order; sort anyway (insertion sort, a few rows, stable)
    for (int i = 1; i < n; i++) {
      InputRow r = rows[i];
      int j = i - 1;
      while (j >= 0 && rows[j].signalIndex() > r.signalIndex()) {
        rows[j + 1] = rows[j];
        j--;
      }
      rows[j + 1] = r;
    }
    InputRow head = rows[0];
    String recordKey = head.group() + '\0' + head.record();
    int recordId = s.recordIds.computeIfAbsent(recordKey, k -> s.recordIds.size());
    int segmentId = s.segmentIds.computeIfAbsent(recordKey + '\0' + head.segment(), k -> s.segmentIds.size());
    claimGroup(s, head);
    for (int i = 0; i < n; i++) {
      InputRow row = rows[i];
      row.name = names.computeIfAbsent(row.signal(), aliases::normalize);
      row.duplicate = false;
      for (int j = 0; j < i; j++) {
        if (rows[j].name.name().equals(row.name.name())) {
          row.duplicate = true;
          break;
        }
      }
      long key = ((long) segmentId << 32) | (row.signalIndex() & 0xffffffffL);
      if (isDuplicate(s, s.rowKeys, key, row, "segment '" + row.segment() + "', signal_index " + row.signalIndex())) {
        continue;
      }
      s.stats.computeIfAbsent(SignalStats.key(row.name.name(), row.units()),
          k -> new SignalStats.Accumulator(row.name, row.units())).add(row, recordId, segmentId);
      write(s, row);
    }
  }

  /**
   * WINDOWS: one row at a time. Its signal is a duplicate when a lower signal_index of the same record has the same
   * normalised name; the record's rows come sorted by signal_index (as pass 1 writes them), which is checked.
   */
  private void windowRow(FileState s, InputRow row) throws IOException {
    int recordId = s.recordIds.computeIfAbsent(row.group() + '\0' + row.record(), k -> s.recordIds.size());
    if (recordId != s.recordId) {
      s.recordId = recordId;
      s.lastSignalIndex = Integer.MIN_VALUE;
      s.firstIndexOfName.clear();
      claimGroup(s, row);
    }
    int index = row.signalIndex();
    long window = row.windowIndex();
    if (index < s.lastSignalIndex) {
      s.problem(row.line, "rows of record '" + row.record() + "' are not sorted by signal_index (" + index
          + " after " + s.lastSignalIndex + "), as pass 1 writes them");
      s.lastSignalIndex = index; // the rows after it are reported only if the order breaks again
      return;
    }
    if (index < 0 || window < 0 || window >= 1L << 32) {
      s.problem(row.line, "signal_index " + index + " or window_index " + window + " out of range");
      return;
    }
    s.lastSignalIndex = index;
    row.name = names.computeIfAbsent(row.signal(), aliases::normalize);
    Integer first = s.firstIndexOfName.putIfAbsent(row.name.name(), index);
    row.duplicate = first != null && first < index;
    long key = ((long) index << 32) | window;
    s.recordKeys = s.windowKeys.computeIfAbsent(recordId, k -> new LongLongMap(16));
    if (isDuplicate(s, s.recordKeys, key, row, "signal_index " + index + ", window_index " + window)) {
      return;
    }
    write(s, row);
  }

  /** The first line of a group in this file claims the group for it. */
  private static void claimGroup(FileState s, InputRow row) {
    s.counts.groups.putIfAbsent(row.group(), new RunSummary.GroupClaim(s.file.order(), s.file.path(), row.line));
  }

  /** Whether {@code key} was seen before in this file (then the row is reported, not written). */
  private static boolean isDuplicate(FileState s, LongLongMap keys, long key, InputRow row, String what) {
    long firstLine = keys.putIfAbsent(key, row.line);
    if (LongLongMap.absent(firstLine)) {
      return false;
    }
    s.summary.duplicateRows++;
    s.problem(row.line, "duplicate row: group '" + row.group() + "', record '" + row.record() + "', " + what
        + " is also on line " + firstLine);
    return true;
  }

  /** Counts the row and hands it to the part of its group, unless the file already has a problem. */
  private void write(FileState s, InputRow row) throws IOException {
    s.counts.rows++;
    if (s.sink == null || s.summary.problems != 0) {
      return;
    }
    if (s.writer == null || !row.group().equals(s.writerGroup)) {
      String part = partName(s.file.index(), row.group(), partitioned);
      s.writer = s.writers.get(part);
      if (s.writer == null) {
        s.writer = s.sink.open(part);
        s.writers.put(part, s.writer);
        s.partRows.put(part, new long[1]);
      }
      s.writerRows = s.partRows.get(part);
      s.writerGroup = row.group();
    }
    s.writer.write(row);
    s.writerRows[0]++;
  }
}
