package io.wavebeam.combiner;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * The small things the workers send back, merged: the part files written, the per-quantity statistics, the first
 * {@link #REPORTS_KEPT} problems in line order (file, then line) with the total, and which file holds which group.
 * Workers make one per group file ({@link GroupFileScan}); {@link Merge} combines them in any order.
 */
final class RunSummary implements Serializable {
  static final int REPORTS_KEPT = 10;

  /** A {@code FILE:LINE: problem} report; ordered by the file's position in the sorted input list, then line. */
  record Report(int fileIndex, long line, String text) implements Serializable {
    static final Comparator<Report> ORDER = Comparator.comparingInt(Report::fileIndex)
        .thenComparingLong(Report::line).thenComparing(Report::text);
  }

  /** A Parquet file in the staging area, relative to the dataset folder, and its rows. */
  record Part(String name, long rows) implements Serializable {}

  /** The first line of {@code file} that holds a group. */
  record GroupClaim(int fileIndex, String file, long line) implements Serializable {}

  long files;
  long lines;
  long rows;
  long bytes;
  /** Malformed lines, duplicate rows and groups claimed by two files. */
  long problems;
  long duplicateRows;
  final List<Part> parts = new ArrayList<>();
  final List<String> emptyFiles = new ArrayList<>();
  final List<Report> reports = new ArrayList<>();
  final Map<String, SignalStats.Accumulator> stats = new TreeMap<>();
  final Map<String, GroupClaim> groups = new TreeMap<>();

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
    files += o.files;
    lines += o.lines;
    rows += o.rows;
    bytes += o.bytes;
    problems += o.problems;
    duplicateRows += o.duplicateRows;
    parts.addAll(o.parts);
    emptyFiles.addAll(o.emptyFiles);
    reports.addAll(o.reports);
    trimReports();
    o.stats.forEach((k, v) -> stats.merge(k, v, (a, b) -> {
      a.merge(b);
      return a;
    }));
    for (Map.Entry<String, GroupClaim> e : o.groups.entrySet()) {
      GroupClaim mine = groups.get(e.getKey());
      GroupClaim theirs = e.getValue();
      if (mine == null) {
        groups.put(e.getKey(), theirs);
      } else if (mine.fileIndex() != theirs.fileIndex()) {
        GroupClaim first = mine.fileIndex() < theirs.fileIndex() ? mine : theirs;
        GroupClaim second = first == mine ? theirs : mine;
        groups.put(e.getKey(), first);
        problems++;
        reports.add(new Report(second.fileIndex(), second.line(), second.file() + ":" + second.line() + ": group '"
            + e.getKey() + "' is also in " + first.file() + ":" + first.line()
            + " (a group's rows must be in one file, as pass 1 writes them)"));
        trimReports();
      }
    }
  }

  /** Combines the summaries of every group file into one. */
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
      acc.parts.sort(Comparator.comparing(Part::name));
      acc.emptyFiles.sort(null);
      acc.trimReports();
      return acc;
    }

    @Override
    public Coder<RunSummary> getAccumulatorCoder(CoderRegistry registry, Coder<RunSummary> inputCoder) {
      return SerializableCoder.of(RunSummary.class);
    }

    @Override
    public Coder<RunSummary> getDefaultOutputCoder(CoderRegistry registry, Coder<RunSummary> inputCoder) {
      return SerializableCoder.of(RunSummary.class);
    }
  }
}
