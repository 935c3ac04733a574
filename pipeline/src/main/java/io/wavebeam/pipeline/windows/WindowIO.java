package io.wavebeam.pipeline.windows;

import io.wavebeam.pipeline.JsonCoder;
import io.wavebeam.pipeline.RecordFailure;
import io.wavebeam.wfdb.WfdbException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Beam transforms for pass 1's windowed output. Records, not segments, are the unit: a window may span
 * segments, so each whole record (see {@link WindowRecords}) is read by one worker, in frame order.
 *
 * <pre>{@code
 * PCollectionTuple out = p.apply("SummarizeWindows", WindowIO.summarize(groupDir, "30", spec, 8));
 * out.get(WindowIO.RECORDS);   // WindowedRecord: one record's rows as JSON lines
 * out.get(WindowIO.FAILURES);  // RecordFailure: a record that could not be read
 * }</pre>
 */
public final class WindowIO {
  /** Metric namespace of the counters: records, rows, values, failures. */
  public static final String METRICS_NAMESPACE = "wavebeam.pass1.windows";
  public static final TupleTag<WindowedRecord> RECORDS = new TupleTag<>("windowed-records") {};
  public static final TupleTag<RecordFailure> FAILURES = new TupleTag<>("window-failures") {};
  /** Names of the per-record part files in the staging folder. */
  static final String PART_PREFIX = "windows-part-";
  /** Work units per unit of parallelism, as for the segments. */
  static final int UNITS_PER_WORKER = 4;

  private WindowIO() {}

  /** Reads the records of {@code groupDir}; each record's rows become a part file in {@code stagingDir}. */
  public static Summarize summarize(Path groupDir, String group, WindowSpec spec, int parallelism,
      String stagingDir) {
    return new Summarize(groupDir, group, spec, parallelism, stagingDir);
  }

  /** A batch of records one worker reads. */
  public record Unit(int index, List<WindowRecords.Task> tasks) implements Serializable {}

  /** Lists the group's records when the pipeline is built and summarises them in balanced units. */
  public static final class Summarize extends PTransform<PBegin, PCollectionTuple> {
    private final Path groupDir;
    private final String group;
    private final WindowSpec spec;
    private final int parallelism;
    private final String stagingDir;

    Summarize(Path groupDir, String group, WindowSpec spec, int parallelism, String stagingDir) {
      this.groupDir = groupDir;
      this.group = group;
      this.spec = spec;
      this.parallelism = parallelism;
      this.stagingDir = stagingDir;
    }

    @Override
    public PCollectionTuple expand(PBegin input) {
      List<Unit> units;
      try {
        units = balance(WindowRecords.list(groupDir), UNITS_PER_WORKER * Math.max(1, parallelism));
      } catch (IOException e) {
        throw new IllegalStateException(groupDir + ": cannot list the group's records: " + e.getMessage(), e);
      }
      PCollectionTuple out = input
          .apply("ListRecords", Create.of(units).withCoder(JsonCoder.of(Unit.class)))
          .apply("Spread", Reshuffle.viaRandomKey())
          .apply("ReadRecords", ParDo.of(new SummarizeFn(group, spec, stagingDir))
              .withOutputTags(RECORDS, TupleTagList.of(FAILURES)));
      out.get(RECORDS).setCoder(JsonCoder.of(WindowedRecord.class));
      out.get(FAILURES).setCoder(JsonCoder.of(RecordFailure.class));
      return out;
    }
  }

  /** Largest record first into the lightest of {@code unitCount} units; an empty group gives no unit. */
  static List<Unit> balance(List<WindowRecords.Task> tasks, int unitCount) {
    int n = Math.min(unitCount, tasks.size());
    long[] weight = new long[n];
    List<List<WindowRecords.Task>> members = new ArrayList<>();
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.<Integer>comparingLong(i -> weight[i]).thenComparingInt(i -> i));
    for (int i = 0; i < n; i++) {
      members.add(new ArrayList<>());
      lightest.add(i);
    }
    List<WindowRecords.Task> bySize = new ArrayList<>(tasks);
    bySize.sort(Comparator.comparingLong(WindowRecords.Task::bytes).reversed()
        .thenComparing(WindowRecords.Task::headerPath));
    for (WindowRecords.Task t : bySize) {
      int i = lightest.poll();
      members.get(i).add(t);
      weight[i] += t.bytes() + (16L << 10); // opening files costs something even for tiny records
      lightest.add(i);
    }
    List<Unit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      units.add(new Unit(i, members.get(i)));
    }
    return units;
  }

  /** Reads each record of a unit; a record that cannot be read becomes a failure, never an exception. */
  static final class SummarizeFn extends DoFn<Unit, WindowedRecord> {
    private final String group;
    private final WindowSpec spec;
    private final String stagingDir;
    private final Counter records = Metrics.counter(METRICS_NAMESPACE, "records");
    private final Counter rows = Metrics.counter(METRICS_NAMESPACE, "rows");
    private final Counter values = Metrics.counter(METRICS_NAMESPACE, "values");
    private final Counter failures = Metrics.counter(METRICS_NAMESPACE, "failures");

    SummarizeFn(String group, WindowSpec spec, String stagingDir) {
      this.group = group;
      this.spec = spec;
      this.stagingDir = stagingDir;
    }

    @ProcessElement
    public void process(@Element Unit unit, MultiOutputReceiver out) {
      for (WindowRecords.Task task : unit.tasks()) {
        try {
          out.get(RECORDS).output(summarize(task));
          records.inc();
        } catch (IOException | RuntimeException e) {
          failures.inc();
          out.get(FAILURES).output(failure(task, e));
        }
      }
    }

    private WindowedRecord summarize(WindowRecords.Task task) throws IOException {
      // rows arrive window by window; one list per signal gives the output order (signal, then window)
      List<List<String>> bySignal = new ArrayList<>();
      RecordWindowSummarizer.Summary s = RecordWindowSummarizer.summarize(group, Path.of(task.headerPath()), spec,
          row -> {
            while (bySignal.size() <= row.signalIndex()) {
              bySignal.add(new ArrayList<>());
            }
            bySignal.get(row.signalIndex()).add(row.toJson());
          });
      // the part file: a fresh name per attempt, so a retried bundle never appends to an earlier attempt's part
      ResourceId part = FileSystems.matchNewResource(stagingDir, true).resolve(
          PART_PREFIX + java.util.UUID.randomUUID() + ".jsonl", StandardResolveOptions.RESOLVE_FILE);
      long lines = 0;
      try (java.io.Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(
          java.nio.channels.Channels.newOutputStream(FileSystems.create(part, MimeTypes.TEXT)),
          java.nio.charset.StandardCharsets.UTF_8), 1 << 16)) {
        for (List<String> signal : bySignal) {
          for (String line : signal) {
            w.write(line);
            w.write('\n');
            lines++;
          }
        }
      }
      rows.inc(lines);
      values.inc(s.values());
      return new WindowedRecord(s.record(), task.headerPath(), s.windows(), s.values(), s.warnings().size(), lines,
          part.toString());
    }
  }

  static RecordFailure failure(WindowRecords.Task task, Throwable error) {
    String file = error instanceof WfdbException w ? w.file() : task.headerPath();
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    if (!(error instanceof WfdbException) && !message.contains(file)) {
      message = file + ": " + message;
    }
    Path parent = Path.of(task.headerPath()).getParent();
    String folder = parent == null || parent.getFileName() == null ? task.record() : parent.getFileName().toString();
    return new RecordFailure(file, task.headerPath(), folder, task.record(), error.getClass().getSimpleName(),
        message);
  }
}
