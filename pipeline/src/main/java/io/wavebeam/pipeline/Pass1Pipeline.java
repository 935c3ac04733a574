package io.wavebeam.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.pipeline.windows.WindowIO;
import io.wavebeam.pipeline.windows.WindowOptions;
import io.wavebeam.pipeline.windows.WindowSpec;
import io.wavebeam.pipeline.windows.WriteWindowsOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pass 1: one group folder in, one folder of per-signal features out.
 *
 * <pre>
 * ListGroup (WfdbIO.match: plan byte-balanced work units in the driver; Create + Reshuffle)
 *   → Summarize (WfdbIO.summarize: read each unit's records, features per signal; failures to a side output;
 *                chunks of split records merged after a GroupByKey)
 *   → WriteGroup (one writer: ws_df_group.json, errors.jsonl, counts into a staging folder)
 * then the driver renames the files into the output folder and writes manifest.json.
 * </pre>
 */
public final class Pass1Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pass1Pipeline.class);

  /** The runners pass 1 is tested on. */
  public enum RunnerKind {
    DIRECT, SPARK;

    public static RunnerKind parse(String name) {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    }
  }

  private Pass1Pipeline() {}

  /** Options for a run on {@code runner} with {@code parallelism} workers ({@code local[N]} for Spark). */
  public static Pass1Options options(Path input, Path output, String group, RunnerKind runner, int parallelism) {
    Pass1Options options = PipelineOptionsFactory.as(Pass1Options.class);
    options.setInputDir(input.toString());
    options.setOutputDir(output.toString());
    options.setGroup(group);
    int workers = LocalRunners.workers(parallelism);
    options.setParallelism(workers);
    LocalRunners.configure(options, runner, workers, "wavebeam-pass1");
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
    long started = System.nanoTime();
    Path input = Path.of(options.getInputDir()).toAbsolutePath().normalize();
    Path output = Path.of(options.getOutputDir()).toAbsolutePath().normalize();
    String group = options.getGroup() != null && !options.getGroup().isBlank() ? options.getGroup()
        : input.getFileName().toString();
    int parallelism = options.getParallelism() > 0 ? options.getParallelism()
        : Runtime.getRuntime().availableProcessors();
    boolean spark = SparkRunner.class.isAssignableFrom(options.getRunner());
    WindowSpec window = WindowOptions.spec(options); // null: no windowed output
    if (spark) {
      LocalRunners.prepareLocalSpark(options.as(SparkPipelineOptions.class));
    }

    WfdbIO.Match match = WfdbIO.match(input).withGroup(group).withParallelism(parallelism)
        .withChunkBytes(options.getChunkBytes());
    GroupPlan plan = match.plan();
    LOG.info("group {}: {} headers, {} records ({} split), {} bytes in {} work units", group, plan.headers(),
        plan.records(), plan.splitRecords(), plan.bytes(), plan.units().size());

    Files.createDirectories(output);
    Path staging = output.resolve(".pass1-staging-" + UUID.randomUUID());
    try {
      Pipeline pipeline = Pipeline.create(options);
      pipeline.apply("ListGroup", match)
          .apply("Summarize", WfdbIO.summarize(group))
          .apply("WriteGroup", new WriteGroupOutput(group, staging.toString()));
      if (window != null) {
        pipeline.apply("SummarizeWindows", WindowIO.summarize(input, group, window, parallelism))
            .apply("WriteWindows", new WriteWindowsOutput(group, staging.toString()));
      }
      PipelineResult.State state = pipeline.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IOException("pipeline ended in state " + state);
      }
      Map<String, Long> counts = publish(staging, output);
      WriteWindowsOutput.Counts windows = window == null ? null : WriteWindowsOutput.publish(staging, output);
      if (windows != null) {
        counts.merge("failures", windows.failures(), Long::sum); // they are lines of errors.jsonl too
      }
      double wall = (System.nanoTime() - started) / 1e9;
      Pass1Result result = new Pass1Result(group, input.toString(), spark ? "spark" : "direct", parallelism,
          plan.units().size(), plan.headers(), plan.skippedHeaders(), plan.records(), plan.splitRecords(),
          counts.get("records"), counts.get("signals"), counts.get("bytes"), counts.get("samples"),
          counts.get("failures"), counts.get("warnings"), wall, version(),
          output.resolve(WriteGroupOutput.MANIFEST_FILE));
      ObjectMapper mapper = WriteGroupOutput.mapper();
      Map<String, Object> manifest = mapper.convertValue(result, LinkedHashMap.class);
      manifest.remove("manifest_path");
      if (windows != null) {
        manifest.put("window_s", window.seconds());
        manifest.put("window_align", window.align().name().toLowerCase(Locale.ROOT));
        manifest.put("window_records", windows.records());
        manifest.put("window_rows", windows.rows());
        manifest.put("window_failures", windows.failures());
      }
      WriteGroupOutput.writeAtomically(result.manifestPath(),
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
      LOG.info("group {}: {} records, {} signals, {} failures in {} s", group, result.records(), result.signals(),
          result.failures(), String.format(Locale.ROOT, "%.1f", wall));
      return result;
    } finally {
      deleteTree(staging);
    }
  }

  /**
   * Moves the staged files into the output folder (each rename is atomic) and returns the writer's counts. An
   * empty group has no writer call: its files are written empty.
   */
  private static Map<String, Long> publish(Path staging, Path output) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String k : new String[] {"records", "signals", "bytes", "samples", "failures", "warnings"}) {
      counts.put(k, 0L);
    }
    Path countsFile = staging.resolve(WriteGroupOutput.COUNTS_FILE);
    if (Files.exists(countsFile)) {
      JsonNode node = new ObjectMapper().readTree(countsFile.toFile());
      counts.replaceAll((k, v) -> node.path(k).asLong(0));
    }
    for (String name : new String[] {WriteGroupOutput.ERRORS_FILE, WriteGroupOutput.FEATURES_FILE}) {
      Path staged = staging.resolve(name);
      if (Files.exists(staged)) {
        WriteGroupOutput.moveAtomically(staged, output.resolve(name));
      } else {
        WriteGroupOutput.writeAtomically(output.resolve(name), "");
      }
    }
    return counts;
  }

  /** The wavebeam version from the jar manifest, "dev" when run from classes. */
  public static String version() {
    String v = Pass1Pipeline.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}
