package io.wavebeam.pipeline.windows;

import io.wavebeam.pipeline.GroupPlan;
import io.wavebeam.pipeline.JsonCoder;
import io.wavebeam.pipeline.SegmentBatch;
import io.wavebeam.pipeline.SegmentResult;
import io.wavebeam.pipeline.SegmentSummarizer;
import io.wavebeam.pipeline.WfdbIO;
import io.wavebeam.pipeline.WorkTask;
import io.wavebeam.pipeline.RecordFailure;
import io.wavebeam.wfdb.WfdbException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Beam transforms for pass 1's windowed run. Records, not segments, are the unit: a window may span segments, so
 * each whole record (see {@link WindowRecords}) is read by one worker, in frame order. The same read gives the
 * segment rows: each segment's whole-segment counts are the merge of its window parts, so a windowed run reads
 * every value once and writes both {@code ws_df_group.json} (identical to a run without windows) and
 * {@code ws_df_windows.json}.
 *
 * <pre>{@code
 * PCollectionTuple out = p.apply("SummarizeWindows", WindowIO.summarize(plan, spec, stagingDir));
 * out.get(WindowIO.RECORDS);           // WindowedRecord: one record's rows, as a part file in stagingDir
 * out.get(WindowIO.FAILURES);          // RecordFailure: a record whose windows could not be read
 * WindowIO.segments(out);              // WfdbIO.Result: the segment rows and failures, as WfdbIO.read() gives
 * }</pre>
 *
 * <p>Trade-off: a split segment (larger than the plan's chunk size) is not read in parallel chunks here, since
 * its windows are read in order; a record is one worker's task. MIMIC groups hold thousands of records, so the
 * records themselves keep the workers busy; a group of a few huge records runs faster without {@code --window}.
 */
public final class WindowIO {
  /** Metric namespace of the counters: records, rows, values, failures, bytes (of the rows' lines). */
  public static final String METRICS_NAMESPACE = "wavebeam.pass1.windows";
  public static final TupleTag<WindowedRecord> RECORDS = new TupleTag<>("windowed-records") {};
  public static final TupleTag<RecordFailure> FAILURES = new TupleTag<>("window-failures") {};
  static final TupleTag<SegmentBatch> SEGMENTS = new TupleTag<>("segments") {};
  static final TupleTag<RecordFailure> SEGMENT_FAILURES = new TupleTag<>("segment-failures") {};
  /** Names of the per-record part files in the staging folder. */
  static final String PART_PREFIX = "windows-part-";
  /** Work units per unit of parallelism, as for the segments. */
  static final int UNITS_PER_WORKER = 4;

  private WindowIO() {}

  /**
   * Reads the records of {@code plan} (any Beam file system); each record's window rows become a part file in
   * {@code stagingDir}, its segments' rows go to {@link #segments}.
   */
  public static Summarize summarize(GroupPlan plan, WindowSpec spec, String stagingDir) {
    return summarize(plan, spec, stagingDir, Math.max(1, plan.units().size() / UNITS_PER_WORKER));
  }

  /** As {@link #summarize(GroupPlan, WindowSpec, String)}, the records balanced for {@code workers} workers. */
  public static Summarize summarize(GroupPlan plan, WindowSpec spec, String stagingDir, int workers) {
    return new Summarize(plan, new Windowing(plan.group(), spec, stagingDir), workers);
  }

  /**
   * How many units the records go into: {@link #UNITS_PER_WORKER} per worker when there are records enough for
   * several in every unit, else one unit per worker. A record is read whole by one worker, so a few large records
   * spread over more units than workers left one worker with two of them and the other idle at the end (10 records
   * of ~100 MB in 8 units: the DirectRunner's scheduler then spun on the idle worker's thread, 24 % of the CPU
   * samples of a windowed run); one unit per worker, largest record first into the lightest, balances them.
   */
  static int unitCount(int records, int workers) {
    int w = Math.max(1, workers);
    return w * Math.max(1, Math.min(UNITS_PER_WORKER, records / (4 * w)));
  }

  /** The segment rows and failures of a {@link #summarize} output, for {@link io.wavebeam.pipeline.WriteGroupOutput}. */
  public static WfdbIO.Result segments(PCollectionTuple summarized) {
    return WfdbIO.Result.of(summarized.get(SEGMENTS), summarized.get(SEGMENT_FAILURES));
  }

  /** A batch of records one worker reads. */
  public record Unit(int index, List<WindowRecords.Task> tasks) implements Serializable {}

  /** What a worker needs to read a group's records in windows: the group, the windows, where parts go. */
  record Windowing(String group, WindowSpec spec, String stagingDir) implements Serializable {}

  /** Plans the group's records when the pipeline is built and summarises them in balanced units. */
  public static final class Summarize extends PTransform<PBegin, PCollectionTuple> {
    /** The group's records in the units the workers read, planned once when the transform is made. */
    private final List<Unit> units;
    private final Windowing windowing;

    Summarize(GroupPlan plan, Windowing windowing, int workers) {
      List<WindowRecords.Task> records = WindowRecords.of(plan);
      this.units = balance(records, unitCount(records.size(), workers));
      this.windowing = windowing;
    }

    @Override
    public PCollectionTuple expand(PBegin input) {
      JsonCoder<Unit> coder = JsonCoder.of(Unit.class);
      PCollectionTuple out = (units.isEmpty() ? input.apply("NoRecords", Create.empty(coder))
              : input.apply("ListRecords", Create.of(units).withCoder(coder)))
          .apply("Spread", Reshuffle.viaRandomKey())
          .apply("ReadRecords", ParDo.of(new SummarizeFn(windowing))
              .withOutputTags(RECORDS, TupleTagList.of(FAILURES).and(SEGMENTS).and(SEGMENT_FAILURES)));
      out.get(RECORDS).setCoder(JsonCoder.of(WindowedRecord.class));
      out.get(FAILURES).setCoder(JsonCoder.of(RecordFailure.class));
      out.get(SEGMENTS).setCoder(JsonCoder.of(SegmentBatch.class));
      out.get(SEGMENT_FAILURES).setCoder(JsonCoder.of(RecordFailure.class));
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

  /**
   * Reads each record of a unit: its windows and, from the same read, its segments' rows. A record that cannot be
   * read becomes a window failure, never an exception; its segments (and any segment the record's timeline did
   * not read whole) are then read on their own, exactly as a run without windows reads them.
   */
  static final class SummarizeFn extends DoFn<Unit, WindowedRecord> {
    private final Windowing windowing;
    private final Counter records = Metrics.counter(METRICS_NAMESPACE, "records");
    private final Counter rows = Metrics.counter(METRICS_NAMESPACE, "rows");
    private final Counter values = Metrics.counter(METRICS_NAMESPACE, "values");
    private final Counter bytes = Metrics.counter(METRICS_NAMESPACE, "bytes");
    private final Counter failures = Metrics.counter(METRICS_NAMESPACE, "failures");
    private transient WfdbIO.Counters segmentCounters;
    /** The lines of the record being read; its buffers serve the next record (one instance, one thread). */
    private transient WindowLines lines;

    SummarizeFn(Windowing windowing) {
      this.windowing = windowing;
    }

    @Setup
    public void setup() {
      segmentCounters = new WfdbIO.Counters();
      lines = new WindowLines();
    }

    @ProcessElement
    public void process(@Element Unit unit, MultiOutputReceiver out) {
      List<SegmentResult> segments = new ArrayList<>();
      for (WindowRecords.Task task : unit.tasks()) {
        Map<String, SegmentSummarizer.Partial> read = new HashMap<>();
        try {
          out.get(RECORDS).output(summarize(task, read));
          records.inc();
        } catch (Throwable e) {
          failures.inc();
          out.get(FAILURES).output(failure(task, WfdbIO.recordFailure(e)));
        }
        for (List<WorkTask> chunks : bySegment(task.segments())) {
          WorkTask whole = whole(chunks);
          long bytes = chunks.stream().mapToLong(WorkTask::bytes).sum();
          SegmentSummarizer.Partial partial = read.get(whole.headerPath());
          if (partial == null) {
            try {
              partial = SegmentSummarizer.summarize(windowing.group(), whole);
            } catch (Throwable e) {
              segmentCounters.failed();
              out.get(SEGMENT_FAILURES).output(RecordFailure.of(chunks.get(0), WfdbIO.recordFailure(e)));
              continue;
            }
          }
          SegmentResult result = SegmentResult.of(whole.headerPath(), bytes, SegmentSummarizer.rows(partial),
              partial.warnings());
          segmentCounters.read(result);
          segments.add(result);
        }
      }
      if (!segments.isEmpty()) {
        out.get(SEGMENTS).output(new SegmentBatch(segments));
      }
    }

    /**
     * Summarises one record; the whole-segment features of the segments it read completely go into
     * {@code segments}, by header location.
     */
    private WindowedRecord summarize(WindowRecords.Task task, Map<String, SegmentSummarizer.Partial> segments)
        throws IOException {
      for (WorkTask t : task.segments()) {
        if (t.problem() != null && t.headerPath().equals(task.headerPath())) {
          throw new IOException(t.problem());
        }
      }
      Map<String, WorkTask> byName = new HashMap<>();
      for (List<WorkTask> chunks : bySegment(task.segments())) {
        WorkTask whole = whole(chunks);
        if (whole.problem() == null) {
          byName.putIfAbsent(whole.segment(), whole);
        }
      }
      Map<String, Long> listed = new HashMap<>(); // the segments' files, as the plan listed them
      for (WorkTask t : task.segments()) {
        listed.putAll(t.fileSizes());
      }
      WindowLines lines = this.lines;
      lines.clear();
      RecordWindowSummarizer.Summary s = RecordWindowSummarizer.summarize(windowing.group(),
          SegmentSummarizer.open(task.headerPath(), listed), windowing.spec(), lines,
          (segment, features, warnings) -> {
            WorkTask t = byName.get(segment.header().name());
            // a segment opened through its master has the master's length: its own header must agree (the plan
            // holds that length), else its row comes from reading it alone, as without windows
            if (t != null && t.from() == 0 && t.to() == segment.length()) {
              segments.put(t.headerPath(), new SegmentSummarizer.Partial(
                  SegmentSummarizer.identities(windowing.group(), t.recordSet(), segment), features, warnings));
            }
          });
      // the part file: a fresh name per attempt, so a retried bundle never appends to an earlier attempt's part
      ResourceId part = FileSystems.matchNewResource(windowing.stagingDir(), true).resolve(
          PART_PREFIX + java.util.UUID.randomUUID() + ".jsonl", StandardResolveOptions.RESOLVE_FILE);
      // a local part is a FileChannel: each megabyte one system call (see WriteWindowsOutput.createWindowsFile)
      try (java.nio.channels.WritableByteChannel w = WriteWindowsOutput.createWindowsFile(part)) {
        lines.writeTo(w);
      }
      bytes.inc(lines.bytes());
      rows.inc(lines.lines());
      values.inc(s.values());
      return new WindowedRecord(s.record(), task.headerPath(), s.windows(), s.values(), s.warnings().size(),
          lines.lines(), part.toString());
    }
  }

  /** The tasks of each segment (several chunks for a split one), in header order. */
  static List<List<WorkTask>> bySegment(List<WorkTask> tasks) {
    Map<String, List<WorkTask>> by = new TreeMap<>();
    for (WorkTask t : tasks) {
      by.computeIfAbsent(t.headerPath(), k -> new ArrayList<>()).add(t);
    }
    List<List<WorkTask>> out = new ArrayList<>();
    for (List<WorkTask> chunks : by.values()) {
      chunks.sort(Comparator.comparingInt(WorkTask::chunk));
      out.add(chunks);
    }
    return out;
  }

  /** One task for a whole segment, from its chunks: the chunks' frames and bytes together. */
  static WorkTask whole(List<WorkTask> chunks) {
    WorkTask first = chunks.get(0);
    if (chunks.size() == 1 && first.isWhole()) {
      return first;
    }
    WorkTask last = chunks.get(chunks.size() - 1);
    return new WorkTask(first.headerPath(), first.recordSet(), first.segment(), first.from(), last.to(),
        chunks.stream().mapToLong(WorkTask::bytes).sum(), 0, 1, first.problem(), first.fileSizes());
  }

  static RecordFailure failure(WindowRecords.Task task, Throwable error) {
    String file = error instanceof WfdbException w ? w.file() : task.headerPath();
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    if (!(error instanceof WfdbException) && !message.contains(file)) {
      message = file + ": " + message;
    }
    String h = task.headerPath();
    String parentPath = h.substring(0, Math.max(0, h.lastIndexOf('/')));
    String folder = parentPath.isEmpty() ? task.record() : parentPath.substring(parentPath.lastIndexOf('/') + 1);
    return new RecordFailure(file, task.headerPath(), folder, task.record(), error.getClass().getSimpleName(),
        message);
  }
}
