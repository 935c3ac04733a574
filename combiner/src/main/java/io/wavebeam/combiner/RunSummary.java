package io.wavebeam.combiner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The small things the workers send back, merged: per table the part files written, the rows and which file holds
 * which group; the per-quantity statistics of the summary table; the first {@link #REPORTS_KEPT} problems in input
 * order (file, then line) with the total. Workers make one per input file ({@link GroupFileScan}); {@link Merge}
 * combines them in any order. Sent between workers with {@link RunSummaryCoder}.
 */
final class RunSummary implements Serializable {
  static final int REPORTS_KEPT = 10;

  /** A {@code FILE:LINE: problem} report; ordered by the file's position in the sorted input list, then line. */
  record Report(int fileIndex, long line, String text) implements Serializable {
    static final Comparator<Report> ORDER = Comparator.comparingInt(Report::fileIndex)
        .thenComparingLong(Report::line).thenComparing(Report::text);
  }

  /** A Parquet file in the staging area, relative to its dataset folder, and its rows. */
  record Part(String name, long rows) implements Serializable {}

  /** The first line of {@code file} that holds a group. */
  record GroupClaim(int fileIndex, String file, long line) implements Serializable {}

  /** What one table's files gave. */
  static final class Table implements Serializable {
    long files;
    long rows;
    final List<Part> parts = new ArrayList<>();
    final List<String> emptyFiles = new ArrayList<>();
    final Map<String, GroupClaim> groups = new TreeMap<>();
  }

  long lines;
  long bytes;
  /** Malformed lines, duplicate rows and groups claimed by two files. */
  long problems;
  long duplicateRows;
  final Map<TableSchema, Table> tables = new EnumMap<>(TableSchema.class);
  final List<Report> reports = new ArrayList<>();
  final Map<String, SignalStats.Accumulator> stats = new TreeMap<>();

  RunSummary() {
    for (TableSchema t : TableSchema.values()) {
      tables.put(t, new Table());
    }
  }

  Table table(TableSchema t) {
    return tables.get(t);
  }

  void report(Report r) {
    problems++;
    reports.add(r);
    if (reports.size() > 8 * REPORTS_KEPT) {
      trimReports();
    }
  }

  void trimReports() {
    reports.sort(Report.ORDER);
    if (reports.size() > REPORTS_KEPT) {
      reports.subList(REPORTS_KEPT, reports.size()).clear();
    }
  }

  void merge(RunSummary o) {
    lines += o.lines;
    bytes += o.bytes;
    problems += o.problems;
    duplicateRows += o.duplicateRows;
    reports.addAll(o.reports);
    trimReports();
    o.stats.forEach((k, v) -> stats.merge(k, v, (a, b) -> {
      a.merge(b);
      return a;
    }));
    for (TableSchema t : TableSchema.values()) {
      Table mine = table(t);
      Table theirs = o.table(t);
      mine.files += theirs.files;
      mine.rows += theirs.rows;
      mine.parts.addAll(theirs.parts);
      mine.emptyFiles.addAll(theirs.emptyFiles);
      for (Map.Entry<String, GroupClaim> e : theirs.groups.entrySet()) {
        claim(t, mine, e.getKey(), e.getValue());
      }
    }
  }

  /** A group's rows must be in one file of each table: a second file claiming it is a problem. */
  private void claim(TableSchema t, Table table, String group, GroupClaim theirs) {
    GroupClaim mine = table.groups.get(group);
    if (mine == null) {
      table.groups.put(group, theirs);
    } else if (mine.fileIndex() != theirs.fileIndex()) {
      GroupClaim first = mine.fileIndex() < theirs.fileIndex() ? mine : theirs;
      GroupClaim second = first == mine ? theirs : mine;
      table.groups.put(group, first);
      problems++;
      reports.add(new Report(second.fileIndex(), second.line(), second.file() + ":" + second.line() + ": group '"
          + group + "' is also in " + first.file() + ":" + first.line()
          + " (a group's rows must be in one " + t.inputFile() + ", as pass 1 writes them)"));
      trimReports();
    }
  }

  /** Combines the summaries of every input file into one. */
  static final class Merge extends Combine.CombineFn<RunSummary, RunSummary, RunSummary> {
    @Override
    public RunSummary createAccumulator() {
      return new RunSummary();
    }

    @Override
    public RunSummary addInput(RunSummary acc, RunSummary input) {
      acc.merge(input);
      return acc;
    }

    @Override
    public RunSummary mergeAccumulators(Iterable<RunSummary> accumulators) {
      RunSummary merged = new RunSummary();
      for (RunSummary a : accumulators) {
        merged.merge(a);
      }
      return merged;
    }

    @Override
    public RunSummary extractOutput(RunSummary acc) {
      for (Table t : acc.tables.values()) {
        t.parts.sort(Comparator.comparing(Part::name));
        t.emptyFiles.sort(null);
      }
      acc.trimReports();
      return acc;
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<RunSummary> getAccumulatorCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<RunSummary> input) {
      return RunSummaryCoder.of();
    }

    @Override
    public org.apache.beam.sdk.coders.Coder<RunSummary> getDefaultOutputCoder(
        org.apache.beam.sdk.coders.CoderRegistry registry, org.apache.beam.sdk.coders.Coder<RunSummary> input) {
      return RunSummaryCoder.of();
    }
  }
}
