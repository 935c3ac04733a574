package io.wavebeam.pipeline;

import io.wavebeam.common.StorageLocation;
import io.wavebeam.pipeline.features.SignalFeatures;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.apache.beam.sdk.values.PInput;
import org.apache.beam.sdk.values.POutput;
import org.apache.beam.sdk.values.PValue;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
import java.util.Map;

/**
 * A Beam IO for WFDB records, in the manner of Beam's {@code TextIO} and {@code ParquetIO}: {@link #read} lists a
 * group folder (a local path or a URI of any Beam file system), plans byte-balanced work units and reads them
 * into per-segment features; {@link #readHeaders} reads records whose headers were matched elsewhere (e.g. by
 * {@code FileIO.match()}); {@link #readUnits} reads already-planned work units. Each returns a {@link Result}:
 * the segments read, and the records that could not be read (a dead-letter output, never an exception).
 *
 * <pre>{@code
 * WfdbIO.Result read = p.apply("ReadGroup", WfdbIO.read().from("s3://bucket/in/30/").withParallelism(8));
 * PCollection<SegmentBatch> segments = read.segments();
 * PCollection<RecordFailure> failures = read.failures();
 * }</pre>
 */
public final class WfdbIO {
  /** Metric namespace of the counters. */
  public static final String METRICS_NAMESPACE = "wavebeam.pass1";
  static final TupleTag<SegmentBatch> SEGMENTS = new TupleTag<>("segments") {};
  static final TupleTag<RecordFailure> FAILURES = new TupleTag<>("failures") {};
  static final TupleTag<KV<String, ChunkResult>> CHUNKS = new TupleTag<>("chunks") {};

  private WfdbIO() {}

  /** Reads a group folder; give it with {@link Read#from}. */
  public static Read read() {
    return new Read(null, null, Runtime.getRuntime().availableProcessors(), 0, null);
  }

  /** Reads the records whose header files (locations or URIs) are the input's elements, each whole. */
  public static ReadHeaders readHeaders(String group) {
    return new ReadHeaders(group);
  }

  /** Reads already-planned work units (see {@link GroupPlanner}). */
  public static ReadUnits readUnits(String group) {
    return new ReadUnits(group);
  }

  /** What a read produced: the segments read (whole or merged from their chunks), and the failed records. */
  public static final class Result implements PInput, POutput {
    private final Pipeline pipeline;
    private final PCollection<SegmentBatch> segments;
    private final PCollection<RecordFailure> failures;

    private Result(Pipeline pipeline, PCollection<SegmentBatch> segments, PCollection<RecordFailure> failures) {
      this.pipeline = pipeline;
      this.segments = segments;
      this.failures = failures;
    }

    /** The segments and failures read by another transform (a windowed run reads records, not segments). */
    public static Result of(PCollection<SegmentBatch> segments, PCollection<RecordFailure> failures) {
      return new Result(segments.getPipeline(), segments, failures);
    }

    /** Record segments read; batched, since per-element costs dominate groups of many small files. */
    public PCollection<SegmentBatch> segments() {
      return segments;
    }

    /** Records that could not be read: one element per record, with the file and the reason. */
    public PCollection<RecordFailure> failures() {
      return failures;
    }

    /** Applies {@code transform} (e.g. a writer of both outputs) to this result. */
    public <T extends POutput> T apply(String name, PTransform<? super Result, T> transform) {
      return Pipeline.applyTransform(name, this, transform);
    }

    @Override
    public Pipeline getPipeline() {
      return pipeline;
    }

    @Override
    public Map<TupleTag<?>, PValue> expand() {
      return Map.of(SEGMENTS, segments, FAILURES, failures);
    }

    @Override
    public void finishSpecifyingOutput(String transformName, PInput input,
        PTransform<?, ?> transform) {}
  }

  /**
   * See {@link WfdbIO#read}. Immutable; the plan is made when the transform is expanded, or given with
   * {@link #withPlan} by a driver that needs its figures (planning lists and reads every header: do it once).
   */
  public static final class Read extends PTransform<PBegin, Result> {
    private final String from;
    private final String group;
    private final int parallelism;
    private final long chunkBytes;
    private final GroupPlan plan;

    private Read(String from, String group, int parallelism, long chunkBytes, GroupPlan plan) {
      this.from = from;
      this.group = group;
      this.parallelism = parallelism;
      this.chunkBytes = chunkBytes;
      this.plan = plan;
    }

    /** The group folder: a local path or a URI of any registered Beam file system. */
    public Read from(String location) {
      return new Read(location, group, parallelism, chunkBytes, null);
    }

    /** The group name written into every row; default: the folder's name. */
    public Read withGroup(String group) {
      return new Read(from, group, parallelism, chunkBytes, null);
    }

    /** Workers to balance the work over ({@code 4 ×} as many work units). */
    public Read withParallelism(int parallelism) {
      return new Read(from, group, parallelism, chunkBytes, null);
    }

    /** Split records larger than {@code bytes} into frame ranges of about that size; 0 chooses automatically. */
    public Read withChunkBytes(long bytes) {
      return new Read(from, group, parallelism, bytes, null);
    }

    /** Uses {@code plan}, made by {@link #plan()} of this transform, instead of planning again. */
    public Read withPlan(GroupPlan plan) {
      return new Read(from, group, parallelism, chunkBytes, plan);
    }

    /** The group name: as given, else the folder's name. */
    public String group() {
      return group != null ? group : StorageLocation.name(StorageLocation.folder(from, "input"));
    }

    /** Lists the folder and plans its work units (in the driver; every call lists again). */
    public GroupPlan plan() throws IOException {
      if (from == null) {
        throw new IllegalStateException("WfdbIO.read() needs from(location)");
      }
      return GroupPlanner.plan(StorageLocation.folder(from, "input"), group(), parallelism, chunkBytes);
    }

    @Override
    public Result expand(PBegin input) {
      GroupPlan planned;
      try {
        planned = plan != null ? plan : plan();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      JsonCoder<WorkUnit> coder = JsonCoder.of(WorkUnit.class);
      PCollection<WorkUnit> units = planned.units().isEmpty()
          ? input.apply("NoWorkUnits", Create.empty(coder))
          : input.apply("WorkUnits", Create.of(planned.units()).withCoder(coder));
      // Without the reshuffle a runner may keep all of Create's elements on one worker.
      return units.apply("Spread", Reshuffle.viaRandomKey())
          .apply("ReadUnits", readUnits(planned.group()));
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.addIfNotNull(DisplayData.item("from", from).withLabel("Group folder"))
          .addIfNotNull(DisplayData.item("group", group).withLabel("Group name"))
          .add(DisplayData.item("parallelism", parallelism).withLabel("Workers balanced over"))
          .add(DisplayData.item("chunkBytes", chunkBytes).withLabel("Split records larger than (0: automatic)"));
    }
  }

  /** What the reads of a group's records share: the group's name, on every row and in the display data. */
  abstract static class GroupRead<InputT> extends PTransform<PCollection<InputT>, Result> {
    final String group;

    GroupRead(String group) {
      this.group = group;
    }

    @Override
    public void populateDisplayData(DisplayData.Builder builder) {
      super.populateDisplayData(builder);
      builder.add(DisplayData.item("group", group).withLabel("Group name"));
    }
  }

  /** See {@link WfdbIO#readHeaders}: one whole-record task per header, a work unit per header. */
  public static final class ReadHeaders extends GroupRead<String> {
    private ReadHeaders(String group) {
      super(group);
    }

    @Override
    public Result expand(PCollection<String> headers) {
      return headers.apply("ToWorkUnits", MapElements.into(TypeDescriptor.of(WorkUnit.class)).via(h -> {
        String folder = GroupPlanner.folderOf(h);
        String name = GroupPlanner.fileName(h).replaceFirst("\\.hea$", "");
        String recordSet = folder.length() > 1 ? GroupPlanner.fileName(folder.substring(0, folder.length() - 1))
            : name;
        return new WorkUnit(0, List.of(new WorkTask(h, recordSet, name, 0, -1, 0, 0, 1)), 0);
      })).setCoder(JsonCoder.of(WorkUnit.class)).apply("ReadUnits", readUnits(group));
    }
  }

  /** See {@link WfdbIO#readUnits}. */
  public static final class ReadUnits extends GroupRead<WorkUnit> {
    private ReadUnits(String group) {
      super(group);
    }

    @Override
    public Result expand(PCollection<WorkUnit> units) {
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
      return new Result(units.getPipeline(), segments, failures);
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
  public static Throwable recordFailure(Throwable error) {
    if (error instanceof Exception || error instanceof OutOfMemoryError || error instanceof StackOverflowError) {
      return error;
    }
    if (error instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException(error);
  }

  /** Counters shared by the read and merge steps (and the windowed run's record reader). */
  public static final class Counters {
    final Counter records = Metrics.counter(METRICS_NAMESPACE, "records");
    final Counter signals = Metrics.counter(METRICS_NAMESPACE, "signals");
    final Counter bytes = Metrics.counter(METRICS_NAMESPACE, "bytes");
    final Counter samples = Metrics.counter(METRICS_NAMESPACE, "samples");
    final Counter failures = Metrics.counter(METRICS_NAMESPACE, "failures");
    final Counter warnings = Metrics.counter(METRICS_NAMESPACE, "warnings");

    /** A segment that could not be read. */
    public void failed() {
      failures.inc();
    }

    /** A segment read. */
    public void read(SegmentResult r) {
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
      List<WorkTask> tasks = unit.tasks();
      if (!tasks.isEmpty()) {
        BeamWfdbFile.prefetch(tasks.get(0)); // its header and signal files' first bytes at once, not one by one
      }
      try {
        readTasks(tasks, read, out);
      } finally {
        // a task that failed before opening a file leaves its first bytes behind: no later run may be served them
        tasks.forEach(BeamWfdbFile::dropPrefetched);
      }
      if (!read.isEmpty()) {
        out.get(SEGMENTS).output(new SegmentBatch(read));
      }
    }

    private void readTasks(List<WorkTask> tasks, List<SegmentResult> read, MultiOutputReceiver out) {
      for (int i = 0; i < tasks.size(); i++) {
        WorkTask task = tasks.get(i);
        if (i + 1 < tasks.size()) {
          BeamWfdbFile.prefetch(tasks.get(i + 1)); // arrives while this task decodes
        }
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
