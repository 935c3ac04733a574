package io.wavebeam.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.AwaitedResult;
import io.wavebeam.common.PipelineWatcher;
import io.wavebeam.common.ProgressListener;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.common.RunnerSetup;
import io.wavebeam.common.StagedOutput;
import io.wavebeam.common.StorageLocation;
import io.wavebeam.common.WavebeamVersion;
import io.wavebeam.pipeline.windows.WindowIO;
import io.wavebeam.pipeline.windows.WindowOptions;
import io.wavebeam.pipeline.windows.WindowSpec;
import io.wavebeam.pipeline.windows.WriteWindowsOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pass 1: one group folder in, one folder of per-signal features out; both are local paths or URIs of any Beam
 * file system ({@code s3://bucket/prefix/}).
 *
 * <pre>
 * ListGroup (WfdbIO.match: list the folder, plan byte-balanced work units from the real file sizes; Create + Reshuffle)
 *   → Summarize (WfdbIO.summarize: read each unit's records, features per signal; failures to a side output;
 *                chunks of split records merged after a GroupByKey)
 *   → WriteGroup (one writer: ws_df_group.json and errors.jsonl into OUTPUT/.pass1-tmp-UUID/)
 * then the driver checks the written files against the Beam counters, moves them into OUTPUT, writes
 * manifest.json last and deletes the temporary folder. With --window, Summarize is WindowIO.summarize instead:
 * whole records in one read, giving the same segment rows and the windows (WriteWindows: ws_df_windows.json).
 * </pre>
 */
public final class Pass1Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pass1Pipeline.class);

  private Pass1Pipeline() {}

  /** Options for a run on {@code runner} with {@code parallelism} workers ({@code local[N]} for Spark). */
  public static Pass1Options options(Path input, Path output, String group, RunnerKind runner, int parallelism) {
    return options(input.toString(), output.toString(), group, runner, parallelism);
  }

  /** Options for a run from {@code input} to {@code output}: local paths or URIs such as {@code s3://b/p/}. */
  public static Pass1Options options(String input, String output, String group, RunnerKind runner,
      int parallelism) {
    Pass1Options options = RunnerSetup.options(Pass1Options.class, runner, parallelism, "wavebeam-pass1");
    options.setInputDir(input);
    options.setOutputDir(output);
    options.setGroup(group);
    return options;
  }

  public static void main(String[] args) throws IOException {
    PipelineOptionsFactory.register(Pass1Options.class);
    PipelineOptionsFactory.register(WindowOptions.class);
    Pass1Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Pass1Options.class);
    System.exit(run(options).exitStatus());
  }

  /** Runs pass 1 and waits for it; throws when the run itself fails (not when some records do). */
  public static Pass1Result run(Pass1Options options) throws IOException {
    return run(options, ProgressListener.NONE);
  }

  /**
   * Runs pass 1, reporting progress (records and bytes read, failures) to {@code listener} about once a second.
   * Throws {@link io.wavebeam.common.InvalidLocationException} (an {@link IllegalArgumentException}) for a
   * location or option the program cannot honour, an {@link IOException} (or runtime exception) when the run
   * fails; in both cases nothing is published.
   */
  public static Pass1Result run(Pass1Options options, ProgressListener listener) throws IOException {
    long started = System.nanoTime();
    S3Access.configure(options, options.getS3Endpoint(), options.getS3Region(), options.getSse(),
        options.getKmsKeyId());
    FileSystems.setDefaultPipelineOptions(options);
    ResourceId input = StorageLocation.folder(options.getInputDir(), "--input");
    ResourceId output = StorageLocation.folder(options.getOutputDir(), "--output");
    if (S3Access.encrypts(options) && StorageLocation.isLocal(output)) {
      throw new io.wavebeam.common.InvalidLocationException("--sse/--kms-key-id apply to s3:// outputs only, not "
          + options.getOutputDir());
    }
    String group = options.getGroup() != null && !options.getGroup().isBlank() ? options.getGroup()
        : StorageLocation.name(input);
    int parallelism = options.getParallelism() > 0 ? options.getParallelism()
        : Runtime.getRuntime().availableProcessors();
    boolean spark = SparkRunner.class.isAssignableFrom(options.getRunner());
    WindowSpec window = WindowOptions.spec(options); // null: no windowed output
    if (spark) {
      RunnerSetup.prepareSpark(options.as(SparkPipelineOptions.class));
    }
    if (StorageLocation.isLocal(output)) {
      Files.createDirectories(Path.of(output.toString()));
    }

    WfdbIO.Read read = WfdbIO.read().from(input.toString()).withGroup(group).withParallelism(parallelism)
        .withChunkBytes(options.getChunkBytes());
    // The plan of an object store's group (its listing and a GET per header, on the S3 client's cold first requests:
    // ~0.4 s more than a local plan from S3Proxy) is made on another thread while this one creates the pipeline,
    // which does not need it.
    CompletableFuture<GroupPlan> planning = plan(read);
    Pipeline pipeline = Pipeline.create(options);
    GroupPlan plan = AwaitedResult.get(planning, "planning");
    LOG.info("group {}: {} headers, {} records ({} split), {} bytes in {} work units", group, plan.headers(),
        plan.records(), plan.splitRecords(), plan.bytes(), plan.units().size());

    StagedOutput staged = StagedOutput.in(output, "pass1");
    try {
      WriteGroupOutput write = new WriteGroupOutput(group, staged.staging().toString());
      WfdbIO.Result segments;
      if (window == null) {
        segments = pipeline.apply("ReadGroup", read.withPlan(plan));
      } else {
        // one read of every record gives both outputs: its windows and its segments' rows
        PCollectionTuple windowed = pipeline.apply("ReadGroupInWindows",
            WindowIO.summarize(plan, window, staged.staging().toString(), parallelism));
        windowed.apply("WriteWindows", new WriteWindowsOutput(group, staged.staging().toString()));
        segments = WindowIO.segments(windowed);
      }
      segments.apply("WriteGroup", options.getLoseRowsForTest() ? write.losingRowsForTest() : write);
      PipelineResult result = PipelineWatcher.run(pipeline,
          new PipelineWatcher.Counters(WfdbIO.METRICS_NAMESPACE, "records", "bytes", "failures"),
          new PipelineWatcher.Plan("pass1 " + group, "records", plan.records(), plan.bytes()), listener);
      PipelineResult.State state = result.waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IOException("pipeline ended in state " + state);
      }
      Map<String, Long> counted = PipelineWatcher.counters(result, WfdbIO.METRICS_NAMESPACE);
      ensureStaged(staged);
      checkWritten(staged, plan, counted);
      // windows: rows checked against their counters, failures added to errors.jsonl (after the check above)
      WriteWindowsOutput.Counts windows = window == null ? null
          : WriteWindowsOutput.finish(staged, PipelineWatcher.counters(result, WindowIO.METRICS_NAMESPACE));
      if (windows != null) {
        counted.merge("failures", windows.addedErrors(), Long::sum);
      }

      double wall = (System.nanoTime() - started) / 1e9;
      Pass1Result done = new Pass1Result(group, input.toString(), output.toString(), spark ? "spark" : "direct",
          parallelism, plan.units().size(), plan.headers(), plan.skippedHeaders(), plan.records(),
          plan.splitRecords(), count(counted, "records"), count(counted, "signals"), count(counted, "bytes"),
          count(counted, "samples"), count(counted, "failures"), count(counted, "warnings"), wall, WavebeamVersion.version(),
          staged.published(WriteGroupOutput.MANIFEST_FILE).toString());
      ObjectMapper mapper = WriteGroupOutput.mapper();
      Map<String, Object> manifest = mapper.convertValue(done, LinkedHashMap.class);
      manifest.remove("manifest");
      if (windows != null) {
        manifest.put("window_s", window.seconds());
        manifest.put("window_align", window.align().name().toLowerCase(Locale.ROOT));
        manifest.put("window_records", windows.records());
        manifest.put("window_rows", windows.rows());
        manifest.put("window_failures", windows.failures());
      }
      StagedOutput.write(staged.staged(WriteGroupOutput.MANIFEST_FILE),
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
      List<String> files = new ArrayList<>(List.of(WriteGroupOutput.ERRORS_FILE, WriteGroupOutput.FEATURES_FILE));
      if (windows != null) {
        files.add(WriteWindowsOutput.WINDOWS_FILE);
      }
      files.add(WriteGroupOutput.MANIFEST_FILE);
      staged.publish(files);
      LOG.info("group {}: {} records, {} signals, {} failures in {} s", group, done.records(), done.signals(),
          done.failures(), String.format(Locale.ROOT, "%.1f", wall));
      return done;
    } finally {
      staged.discard();
    }
  }

  private static CompletableFuture<GroupPlan> plan(WfdbIO.Read read) {
    CompletableFuture<GroupPlan> plan = new CompletableFuture<>();
    Thread planner = new Thread(() -> {
      try {
        plan.complete(read.plan());
      } catch (Throwable e) {
        plan.completeExceptionally(e);
      }
    }, "wavebeam-planner");
    planner.setDaemon(true);
    planner.start();
    return plan;
  }

  private static long count(Map<String, Long> counted, String name) {
    return counted.getOrDefault(name, 0L);
  }

  /** An empty group has no writer call: its files are written empty. */
  private static void ensureStaged(StagedOutput staged) throws IOException {
    for (String name : List.of(WriteGroupOutput.FEATURES_FILE, WriteGroupOutput.ERRORS_FILE)) {
      if (!StagedOutput.exists(staged.staged(name))) {
        StagedOutput.write(staged.staged(name), "");
      }
    }
  }

  /**
   * What was written must be what was counted: rows, record segments and failures in the staged files against
   * the Beam counters, and every planned record either read or failed. Otherwise a worker's write was lost (or a
   * work unit never ran) and the run fails before anything is published.
   */
  static void checkWritten(StagedOutput staged, GroupPlan plan, Map<String, Long> counted) throws IOException {
    long rows = 0;
    long segments = 0;
    String last = null;
    ObjectMapper json = new ObjectMapper();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        StagedOutput.open(staged.staged(WriteGroupOutput.FEATURES_FILE)), StandardCharsets.UTF_8), 1 << 16)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isEmpty()) {
          continue;
        }
        rows++;
        var node = json.readTree(line);
        String key = node.path("record").asText() + '\u0000' + node.path("segment").asText();
        if (!key.equals(last)) {
          segments++;
          last = key;
        }
      }
    }
    long failures = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        StagedOutput.open(staged.staged(WriteGroupOutput.ERRORS_FILE)), StandardCharsets.UTF_8))) {
      failures = r.lines().filter(l -> !l.isEmpty()).count();
    }
    List<String> differences = new ArrayList<>();
    compare(differences, "rows", rows, count(counted, "signals"));
    compare(differences, "records", segments, count(counted, "records"));
    compare(differences, "failures", failures, count(counted, "failures"));
    if (segments + failures != plan.records()) {
      differences.add("records read + failed " + (segments + failures) + " vs planned " + plan.records());
    }
    if (!differences.isEmpty()) {
      throw new IOException("the written output does not match what was counted (" + String.join("; ", differences)
          + "): nothing was published");
    }
  }

  private static void compare(List<String> differences, String what, long written, long counted) {
    if (written != counted) {
      differences.add(what + " written " + written + " vs counted " + counted);
    }
  }
}
