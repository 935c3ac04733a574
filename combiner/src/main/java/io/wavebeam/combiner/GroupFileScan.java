package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Reads one {@code ws_df_group.json} from start to end on one worker: each line is parsed into a reused row,
 * a segment's rows (consecutive lines, as pass 1 writes them) get their normalised names and duplicate flags,
 * each row goes to the Parquet part file of its group file and into the per-quantity statistics. What comes back
 * is a small {@link RunSummary}: the parts, the statistics, the problems. Nothing per row leaves the worker.
 *
 * <p>Duplicate rows (same group, record, segment and signal_index) are found with a compact per-file key set:
 * records and segments are numbered as they first appear, a row key is (segment number, signal_index) in a
 * {@link LongLongMap} to its line. A group's rows are all in one file (checked across files by
 * {@link RunSummary#merge}), so the per-file set finds every duplicate.
 */
final class GroupFileScan {
  /** Where a file's rows go: one Parquet writer per part; a scan without a sink only checks and counts. */
  interface PartSink {
    /** The writer of the part of {@code group} (called once per part, then reused). */
    ParquetWriter<SummaryRow> open(String partName) throws IOException;
  }

  /** Called every {@link #PROGRESS_LINES} lines and at the end with the lines and bytes read since the last call. */
  interface Progress {
    void advance(long lines, long bytes);
  }

  static final int PROGRESS_LINES = 1 << 14;

  private final SignalAliases aliases;
  private final boolean partitioned;
  private final FeatureRowParser parser = new FeatureRowParser();
  private final Map<String, SignalAliases.Normalized> names = new HashMap<>();

  GroupFileScan(SignalAliases aliases, boolean partitioned) {
    this.aliases = aliases;
    this.partitioned = partitioned;
  }

  /** The part file name of group file number {@code fileIndex}, inside the dataset folder. */
  static String partName(int fileIndex, String group, boolean partitioned) {
    String part = String.format("part-%05d.parquet", fileIndex);
    return partitioned ? Pass1p5Pipeline.partitionFolder(group) + "/" + part : part;
  }

  /** State of one file's scan. */
  private final class FileState {
    final int fileIndex;
    final String file;
    final PartSink sink;
    final RunSummary summary = new RunSummary();
    final Map<String, ParquetWriter<SummaryRow>> writers = new LinkedHashMap<>();
    final Map<String, long[]> partRows = new LinkedHashMap<>();
    final Map<String, Integer> recordIds = new HashMap<>();
    final Map<String, Integer> segmentIds = new HashMap<>();
    final LongLongMap rowKeys = new LongLongMap();
    final Map<String, SignalStats.Accumulator> stats = new HashMap<>();
    SummaryRow[] pool = {new SummaryRow(), new SummaryRow(), new SummaryRow(), new SummaryRow()};
    int pending;
    /** The writer of the last row's group, and its row count. */
    ParquetWriter<SummaryRow> writer;
    String writerGroup;
    long[] writerRows;

    FileState(int fileIndex, String file, PartSink sink) {
      this.fileIndex = fileIndex;
      this.file = file;
      this.sink = sink;
    }

    void problem(long line, String text) {
      summary.report(new RunSummary.Report(fileIndex, line, file + ":" + line + ": " + text));
    }
  }

  /** Scans {@code in} (the content of {@code file}, number {@code fileIndex} of the sorted input list). */
  RunSummary scan(int fileIndex, String file, InputStream in, PartSink sink, Progress progress) throws IOException {
    FileState s = new FileState(fileIndex, file, sink);
    LineReader lines = new LineReader(in);
    long lastLines = 0;
    long lastBytes = 0;
    try {
      while (lines.next()) {
        if (lines.tooLong()) {
          s.problem(lines.number(), "line longer than " + (LineReader.MAX_LINE >> 20) + " MB");
        } else if (!lines.isBlank()) {
          SummaryRow row = s.pool[s.pending];
          try {
            parser.parse(lines.bytes(), lines.start(), lines.length(), row);
            row.line = lines.number();
            if (s.pending > 0 && !row.sameSegment(s.pool[0])) {
              flushSegment(s, s.pending);
              SummaryRow first = s.pool[0];
              s.pool[0] = row;
              s.pool[s.pending] = first;
              s.pending = 0;
            }
            s.pending++;
            if (s.pending == s.pool.length) {
              s.pool = Arrays.copyOf(s.pool, s.pool.length * 2);
              for (int i = s.pending; i < s.pool.length; i++) {
                s.pool[i] = new SummaryRow();
              }
            }
          } catch (FeatureRowParser.BadLine e) {
            s.problem(lines.number(), e.getMessage());
          }
        }
        if (lines.number() - lastLines >= PROGRESS_LINES) {
          progress.advance(lines.number() - lastLines, lines.bytesRead() - lastBytes);
          lastLines = lines.number();
          lastBytes = lines.bytesRead();
        }
      }
      flushSegment(s, s.pending);
      s.pending = 0;
    } finally {
      for (ParquetWriter<SummaryRow> w : s.writers.values()) {
        w.close();
      }
    }
    progress.advance(lines.number() - lastLines, lines.bytesRead() - lastBytes);
    RunSummary summary = s.summary;
    summary.files = 1;
    summary.lines = lines.number();
    summary.bytes = lines.bytesRead();
    s.partRows.forEach((name, n) -> summary.parts.add(new RunSummary.Part(name, n[0])));
    s.stats.forEach((key, acc) -> summary.stats.put(key, acc.endFile()));
    if (summary.rows == 0 && summary.problems == 0) {
      summary.emptyFiles.add(file);
    }
    summary.trimReports();
    return summary;
  }

  /** The {@code n} rows of one segment in {@code s.pool}: names, duplicate flags, keys, statistics, Parquet. */
  private void flushSegment(FileState s, int n) throws IOException {
    if (n == 0) {
      return;
    }
    SummaryRow[] rows = s.pool;
    // pass 1 writes a segment's signals in signal_index order; sort anyway (insertion sort, a few rows, stable)
    for (int i = 1; i < n; i++) {
      SummaryRow r = rows[i];
      int j = i - 1;
      while (j >= 0 && rows[j].signalIndex() > r.signalIndex()) {
        rows[j + 1] = rows[j];
        j--;
      }
      rows[j + 1] = r;
    }
    SummaryRow head = rows[0];
    String recordKey = head.group() + '\0' + head.record();
    int recordId = s.recordIds.computeIfAbsent(recordKey, k -> s.recordIds.size());
    int segmentId = s.segmentIds.computeIfAbsent(recordKey + '\0' + head.segment(), k -> s.segmentIds.size());
    s.summary.groups.putIfAbsent(head.group(), new RunSummary.GroupClaim(s.fileIndex, s.file, head.line));
    for (int i = 0; i < n; i++) {
      SummaryRow row = rows[i];
      row.name = names.computeIfAbsent(row.signal(), aliases::normalize);
      row.duplicate = false;
      for (int j = 0; j < i; j++) {
        if (rows[j].name.name().equals(row.name.name())) {
          row.duplicate = true;
          break;
        }
      }
      long key = ((long) segmentId << 32) | (row.signalIndex() & 0xffffffffL);
      long firstLine = s.rowKeys.putIfAbsent(key, row.line);
      if (!LongLongMap.absent(firstLine)) {
        s.summary.duplicateRows++;
        s.problem(row.line, "duplicate row: group '" + row.group() + "', record '" + row.record() + "', segment '"
            + row.segment() + "', signal_index " + row.signalIndex() + " is also on line " + firstLine);
        continue;
      }
      s.summary.rows++;
      s.stats.computeIfAbsent(SignalStats.key(row.name.name(), row.units()),
          k -> new SignalStats.Accumulator(row.name, row.units())).add(row, recordId, segmentId);
      if (s.sink != null && s.summary.problems == 0) {
        if (s.writer == null || !row.group().equals(s.writerGroup)) {
          String part = partName(s.fileIndex, row.group(), partitioned);
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
  }
}
