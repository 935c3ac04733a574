package io.wavebeam.pipeline;

import io.wavebeam.common.StorageLocation;
import io.wavebeam.pipeline.features.SignalFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Beam transforms for WFDB records, in the manner of Beam's {@code ParquetIO}: {@link #match} lists a group folder
 * into balanced work units, {@link #summarize} reads them into per-segment features plus failsafe failures.
 *
 * <pre>{@code
 * PCollection<WorkUnit> units = p.apply("Match", WfdbIO.match(groupDir).withParallelism(8));
 * PCollectionTuple out = units.apply("Summarize", WfdbIO.summarize("30"));
 * PCollection<SegmentBatch> segments = out.get(WfdbIO.SEGMENTS);
 * PCollection<RecordFailure> failures = out.get(WfdbIO.FAILURES);
 * }</pre>
 */
public final class WfdbIO {
  /** Metric namespace of the counters. */
  public static final String METRICS_NAMESPACE = "wavebeam.pass1";
  /** Record segments read whole or merged from their chunks. */
  public static final TupleTag<SegmentBatch> SEGMENTS = new TupleTag<>("segments") {};
  /** Records that could not be read: one element per record. */
  public static final TupleTag<RecordFailure> FAILURES = new TupleTag<>("failures") {};
  static final TupleTag<KV<String, ChunkResult>> CHUNKS = new TupleTag<>("chunks") {};

  private WfdbIO() {}

  /** Lists {@code groupDir} (a local path or URI of a Beam file system) and emits its planned work units. */
  public static Match match(String groupDir) {
    return new Match(groupDir, null, Runtime.getRuntime().availableProcessors(), 0, null);
  }

  /** Lists the local folder {@code groupDir} and emits its planned work units. */
  public static Match match(Path groupDir) {
    return match(groupDir.toAbsolutePath().normalize().toString());
  }

  /** Reads every task of each work unit and summarises every signal. */
  public static Summarize summarize(String group) {
    return new Summarize(group);
  }

  /** See {@link WfdbIO#match}. */
  public static final class Match extends PTransform<PBegin, PCollection<WorkUnit>> {
    private final String groupDir;
    private final String group;
    private final int parallelism;
    private final long chunkBytes;
    private transient GroupPlan plan;

    private Match(String groupDir, String group, int parallelism, long chunkBytes, GroupPlan plan) {
      this.groupDir = groupDir;
      this.group = group;
      this.parallelism = parallelism;
      this.chunkBytes = chunkBytes;
      this.plan = plan;
    }

    public Match withGroup(String group) {
      return new Match(groupDir, group, parallelism, chunkBytes, null);
    }

    public Match withParallelism(int parallelism) {
      return new Match(groupDir, group, parallelism, chunkBytes, null);
    }

    /** Split records larger than {@code bytes} into frame ranges of about that size; 0 chooses automatically. */
    public Match withChunkBytes(long bytes) {
      return new Match(groupDir, group, parallelism, bytes, null);
    }

    /** The plan, made on first use (in the driver). */
    public GroupPlan plan() {
      if (plan == null) {
        try {
          ResourceId root = StorageLocation.folder(groupDir, "input");
          String name = group != null ? group : StorageLocation.name(root);
          plan = GroupPlanner.plan(root, name, parallelism, chunkBytes);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return plan;
    }

    @Override
    public PCollection<WorkUnit> expand(PBegin input) {
      GroupPlan planned = plan();
      JsonCoder<WorkUnit> coder = JsonCoder.of(WorkUnit.class);
      PCollection<WorkUnit> units = planned.units().isEmpty()
          ? input.apply("NoWorkUnits", Create.empty(coder))
          : input.apply("WorkUnits", Create.of(planned.units()).withCoder(coder));
      // Without the reshuffle a runner may keep all of Create's elements on one worker.
      return units.apply("Spread", Reshuffle.viaRandomKey());
    }
  }

  /** See {@link WfdbIO#summarize}. */
  public static final class Summarize extends PTransform<PCollection<WorkUnit>, PCollectionTuple> {
    private final String group;

    private Summarize(String group) {
      this.group = group;
    }

    @Override
    public PCollectionTuple expand(PCollection<WorkUnit> units) {
      PCollectionTuple read = units.apply("ReadWorkUnits",
          ParDo.of(new ReadWorkUnitFn(group)).withOutputTags(SEGMENTS, TupleTagList.of(FAILURES).and(CHUNKS)));
      read.get(SEGMENTS).setCoder(JsonCoder.of(SegmentBatch.class));
      read.get(FAILURES).setCoder(JsonCoder.of(RecordFailure.class));
      read.get(CHUNKS).setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(ChunkResult.class)));

      PCollectionTuple merged = read.get(CHUNKS)
          .apply("GroupChunks", GroupByKey.create())
          .apply("MergeChunks",
              ParDo.of(new MergeChunksFn()).withOutputTags(SEGMENTS, TupleTagList.of(FAILURES)));
      merged.get(SEGMENTS).setCoder(JsonCoder.of(SegmentBatch.class));
      merged.get(FAILURES).setCoder(JsonCoder.of(RecordFailure.class));

      PCollection<SegmentBatch> segments = PCollectionList.of(read.get(SEGMENTS)).and(merged.get(SEGMENTS))
          .apply("AllSegments", Flatten.pCollections());
      PCollection<RecordFailure> failures = PCollectionList.of(read.get(FAILURES)).and(merged.get(FAILURES))
          .apply("AllFailures", Flatten.pCollections());
      return PCollectionTuple.of(SEGMENTS, segments).and(FAILURES, failures);
    }
  }

  /**
   * {@code error}, if it is the failure of one record; rethrows it if it is the failure of the worker.
   *
   * <p>Every {@link Exception} is the record's. Of the {@link Error}s, two are the record's too: an
   * {@link OutOfMemoryError} thrown while reading one record comes from an allocation that record asked for (a
   * header sizing a buffer absurdly; once refused, the heap is as it was), and a {@link StackOverflowError} has
   * unwound by the time it is caught. Everything else ({@link InternalError}, {@link LinkageError}, a
   * {@code ThreadDeath}) says the JVM or the program is broken, not the record: it fails the run, as it should.
   */
  static Throwable recordFailure(Throwable error) {
    if (error instanceof Exception || error instanceof OutOfMemoryError || error instanceof StackOverflowError) {
      return error;
    }
    if (error instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(error);
  }

  /** Counters shared by the read and merge steps. */
  static final class Counters {
    final Counter records = Metrics.counter(METRICS_NAMESPACE, "records");
    final Counter signals = Metrics.counter(METRICS_NAMESPACE, "signals");
    final Counter bytes = Metrics.counter(METRICS_NAMESPACE, "bytes");
    final Counter samples = Metrics.counter(METRICS_NAMESPACE, "samples");
    final Counter failures = Metrics.counter(METRICS_NAMESPACE, "failures");
    final Counter warnings = Metrics.counter(METRICS_NAMESPACE, "warnings");

    void read(SegmentResult r) {
      records.inc();
      signals.inc(r.rowLines().size());
      bytes.inc(r.bytes());
      samples.inc(r.samples());
      warnings.inc(r.warnings().size());
    }
  }

  /**
   * Reads every task of a work unit. A task that fails becomes a {@link RecordFailure} (or, for a chunk of a
   * split record, a failed chunk), never an exception: one bad file must not stop the group.
   */
  static final class ReadWorkUnitFn extends DoFn<WorkUnit, SegmentBatch> {
    /** Reads one task; the pipeline's is {@link SegmentSummarizer#summarize}, tests give failing ones. */
    @FunctionalInterface
    interface TaskReader extends java.io.Serializable {
      SegmentSummarizer.Partial read(String group, WorkTask task) throws IOException;
    }

    private final String group;
    private final TaskReader reader;
    private transient Counters counters;

    ReadWorkUnitFn(String group) {
      this(group, SegmentSummarizer::summarize);
    }

    ReadWorkUnitFn(String group, TaskReader reader) {
      this.group = group;
      this.reader = reader;
    }

    @Setup
    public void setup() {
      counters = new Counters();
    }

    @ProcessElement
    public void process(@Element WorkUnit unit, MultiOutputReceiver out) {
      List<SegmentResult> read = new ArrayList<>();
      for (WorkTask task : unit.tasks()) {
        SegmentSummarizer.Partial partial;
        try {
          partial = reader.read(group, task);
        } catch (Throwable e) {
          RecordFailure failure = RecordFailure.of(task, recordFailure(e));
          if (task.isWhole()) {
            counters.failures.inc();
            out.get(FAILURES).output(failure);
          } else {
            out.get(CHUNKS).output(KV.of(task.headerPath(), ChunkResult.failed(task, failure)));
          }
          continue;
        }
        if (task.isWhole()) {
          SegmentResult result = SegmentResult.of(task.headerPath(), task.bytes(), SegmentSummarizer.rows(partial),
              partial.warnings());
          counters.read(result);
          read.add(result);
        } else {
          out.get(CHUNKS).output(KV.of(task.headerPath(), ChunkResult.ok(task, partial)));
        }
      }
      if (!read.isEmpty()) {
        out.get(SEGMENTS).output(new SegmentBatch(read));
      }
    }
  }

  /** Merges the chunks of one split record in frame order; any failed or missing chunk fails the record. */
  static final class MergeChunksFn extends DoFn<KV<String, Iterable<ChunkResult>>, SegmentBatch> {
    private transient Counters counters;

    @Setup
    public void setup() {
      counters = new Counters();
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<ChunkResult>> chunks, MultiOutputReceiver out) {
      List<ChunkResult> sorted = new ArrayList<>();
      chunks.getValue().forEach(sorted::add);
      sorted.sort(Comparator.comparingInt(c -> c.task().chunk()));
      WorkTask first = sorted.get(0).task();
      RecordFailure failure = null;
      for (int i = 0; i < sorted.size() && failure == null; i++) {
        ChunkResult c = sorted.get(i);
        if (c.failure() != null) {
          failure = c.failure();
        } else if (c.task().chunk() != i) {
          failure = RecordFailure.of(first, new IOException("chunk " + i + " of " + first.chunks() + " missing"));
        }
      }
      if (failure == null && sorted.size() != first.chunks()) {
        failure = RecordFailure.of(first, new IOException("got " + sorted.size() + " of " + first.chunks()
            + " chunks"));
      }
      if (failure != null) {
        counters.failures.inc();
        out.get(FAILURES).output(failure);
        return;
      }
      // Merge into fresh accumulators: the grouped inputs must not be mutated.
      SegmentSummarizer.Partial head = sorted.get(0).partial();
      List<SignalFeatures> merged = new ArrayList<>();
      for (SignalFeatures f : head.features()) {
        merged.add(new SignalFeatures(f.scale()));
      }
      List<String> warnings = new ArrayList<>();
      long bytes = 0;
      for (ChunkResult c : sorted) {
        for (int s = 0; s < merged.size(); s++) {
          merged.get(s).merge(c.partial().features().get(s));
        }
        warnings.addAll(c.partial().warnings());
        bytes += c.task().bytes();
      }
      SegmentSummarizer.Partial whole = new SegmentSummarizer.Partial(head.identities(), merged, warnings);
      SegmentResult result = SegmentResult.of(first.headerPath(), bytes, SegmentSummarizer.rows(whole), warnings);
      counters.read(result);
      out.get(SEGMENTS).output(new SegmentBatch(List.of(result)));
    }
  }
}
