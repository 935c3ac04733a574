package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.common.RunnerSetup;
import io.wavebeam.common.WavebeamVersion;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Pass 1.5: every group's pass-1 output in, one snappy Parquet dataset and {@code signal_stats.csv} out.
 *
 * <pre>
 * (driver) list ROOT/*&#47;ws_df_group.json
 *   → ListGroups (Create + Reshuffle: one element per group file)
 *   → ReadRows (ReadFeatureRows: strict parse, alias table, duplicate flags; malformed lines to a side output)
 *   → WriteSummary (snappy Parquet, one file or group=NAME/ folders)
 *   → SignalStats (Combine per normalised signal, one CSV writer)
 *   → ReportMalformed (one writer of file:line reports)
 * then the driver publishes (local renames, or S3 uploads with SSE) only when no line was malformed.
 * </pre>
 */
public final class Pass1p5Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pass1p5Pipeline.class);
  public static final String MANIFEST_FILE = "pass1p5_manifest.json";
  /** How many malformed-line reports the error message shows. */
  static final int REPORTS_SHOWN = 10;

  private Pass1p5Pipeline() {}

  /** Options for a run on {@code runner} with {@code parallelism} workers ({@code local[N]} for Spark). */
  public static Pass1p5Options options(String input, String output, RunnerKind runner,
      int parallelism) {
    Pass1p5Options options = PipelineOptionsFactory.as(Pass1p5Options.class);
    options.setInputRoot(input);
    options.setOutput(output);
    int workers = RunnerSetup.workers(parallelism);
    options.setParallelism(workers);
    RunnerSetup.configure(options, runner, workers, "wavebeam-pass1p5");
    return options;
  }

  public static void main(String[] args) throws IOException {
    PipelineOptionsFactory.register(Pass1p5Options.class);
    Pass1p5Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Pass1p5Options.class);
    run(options);
  }

  /**
   * Runs pass 1.5 and waits for it. Throws {@link MalformedInputException} for bad input and {@link IOException}
   * (or a runtime exception) when the run fails; in both cases nothing is published under the destination.
   */
  public static Pass1p5Result run(Pass1p5Options options) throws IOException {
    long started = System.nanoTime();
    S3Settings s3 = S3Settings.of(options.getS3Endpoint(), options.getS3Region(), options.getSse(),
        options.getKmsKeyId());
    if (s3.encrypts() && !options.getOutput().startsWith("s3://")) {
      throw new IllegalArgumentException("--sse/--kms-key-id apply to s3:// destinations only, not "
          + options.getOutput());
    }
    SignalAliases aliases = options.getSignalAliases().isBlank() ? SignalAliases.builtIn()
        : loadAliases(Path.of(options.getSignalAliases()));
    boolean partitioned = switch (options.getPartitionBy().trim().toLowerCase(Locale.ROOT)) {
      case "" -> false;
      case "group" -> true;
      default -> throw new IllegalArgumentException("--partition-by must be 'group', not " + options.getPartitionBy());
    };
    boolean spark = SparkRunner.class.isAssignableFrom(options.getRunner());
    if (spark) {
      RunnerSetup.prepareSpark(options.as(SparkPipelineOptions.class));
    }
    configureBeamS3(options, s3);
    FileSystems.setDefaultPipelineOptions(options);
    List<String> groupFiles = listGroupFiles(options.getInputRoot());
    LOG.info("pass 1.5: {} group files under {}, alias table {} ({} spellings)", groupFiles.size(),
        options.getInputRoot(), aliases.source(), aliases.size());

    OutputDestination dest = OutputDestination.of(options.getOutput(), s3);
    Path staging = dest.staging();
    try {
      Pipeline pipeline = Pipeline.create(options);
      PCollectionTuple read = pipeline
          .apply("ListGroups", Create.of(groupFiles).withCoder(StringUtf8Coder.of()))
          .apply("SpreadGroups", Reshuffle.viaRandomKey())
          .apply("ReadRows", new ReadFeatureRows(aliases));
      PCollection<GenericRecord> rows = read.get(ReadFeatureRows.ROWS);
      rows.apply("WriteSummary", new WriteWaveformSummary(staging.toString(), partitioned));
      rows.apply("SignalStats", new WriteSignalStats(staging.toString()));
      read.get(ReadFeatureRows.MALFORMED).apply("ReportMalformed", new WriteMalformedLines(staging.toString()));
      PipelineResult.State state = pipeline.run().waitUntilFinish();
      if (state != PipelineResult.State.DONE) {
        throw new IOException("pipeline ended in state " + state);
      }
      failOnMalformedLines(staging.resolve(WriteMalformedLines.FILE));

      Map<String, Long> counts = readCounts(staging.resolve(WriteSignalStats.COUNTS_FILE));
      if (!Files.exists(staging.resolve(WriteSignalStats.STATS_FILE))) {
        // No rows at all: the stats writer never ran; an empty dataset is still a complete answer.
        Files.writeString(staging.resolve(WriteSignalStats.STATS_FILE), SignalStats.CSV_HEADER + "\n");
      }
      List<String> names = new ArrayList<>();
      if (Files.exists(staging.resolve(WriteWaveformSummary.DATASET))) {
        names.add(WriteWaveformSummary.DATASET);
      }
      names.add(WriteSignalStats.STATS_FILE);
      names.add(MANIFEST_FILE);
      Pass1p5Result draft = new Pass1p5Result(options.getInputRoot(), dest.describe(), spark ? "spark" : "direct",
          aliases.source(), partitioned, groupFiles.size(), counts.get("rows"), counts.get("signals"),
          counts.get("known_signals"), counts.get("unknown_name_rows"), counts.get("junk_name_rows"),
          counts.get("duplicate_rows"), s3.sse() == null ? null : s3.sse().toString(), s3.kmsKeyId(),
          (System.nanoTime() - started) / 1e9, WavebeamVersion.version(), List.of());
      ObjectMapper mapper = WriteGroupOutput.mapper();
      Map<String, Object> manifest = mapper.convertValue(draft, LinkedHashMap.class);
      manifest.remove("objects");
      Files.writeString(staging.resolve(MANIFEST_FILE),
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);

      List<String> objects = dest.publish(names);
      double wall = (System.nanoTime() - started) / 1e9;
      LOG.info("pass 1.5: {} rows, {} signals ({} known), {} duplicate and {} junk-name rows in {} s -> {}",
          draft.rows(), draft.signals(), draft.knownSignals(), draft.duplicateRows(), draft.junkNameRows(),
          String.format(Locale.ROOT, "%.1f", wall), dest.describe());
      return new Pass1p5Result(draft.input(), draft.output(), draft.runner(), draft.aliasTable(),
          draft.partitionedByGroup(), draft.groups(), draft.rows(), draft.signals(), draft.knownSignals(),
          draft.unknownNameRows(), draft.junkNameRows(), draft.duplicateRows(), draft.sse(), draft.kmsKeyId(),
          wall, draft.wavebeamVersion(), objects);
    } finally {
      dest.discard();
    }
  }

  private static SignalAliases loadAliases(Path file) {
    try {
      return SignalAliases.load(file);
    } catch (IOException e) {
      throw new MalformedInputException("cannot read the alias table " + file + ": " + e);
    }
  }

  /** Beam's s3:// file system (used to read ROOT on S3) gets the same endpoint and region as our uploads. */
  private static void configureBeamS3(Pass1p5Options options, S3Settings s3) {
    AwsOptions aws = options.as(AwsOptions.class);
    aws.setAwsRegion(Region.of(s3.resolvedRegion()));
    if (s3.endpoint() != null) {
      aws.setEndpoint(s3.endpoint());
    }
  }

  /** Every {@code ROOT/<group>/ws_df_group.json}, listed once in the driver (sorted, for stable output). */
  static List<String> listGroupFiles(String root) throws IOException {
    String base = root.startsWith("s3://") ? root.replaceAll("/+$", "")
        : Path.of(root).toAbsolutePath().normalize().toString();
    if (!base.startsWith("s3://") && !Files.isDirectory(Path.of(base))) {
      throw new MalformedInputException("input ROOT " + root + " is not a folder");
    }
    String spec = base + "/*/" + WriteGroupOutput.FEATURES_FILE;
    MatchResult match;
    try {
      match = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    } catch (FileNotFoundException e) {
      throw new MalformedInputException("no group files " + spec);
    }
    List<String> files = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        files.add(m.resourceId().toString());
      }
    } else if (match.status() != MatchResult.Status.NOT_FOUND) {
      throw new IOException("cannot list " + spec + ": " + match.status());
    }
    if (files.isEmpty()) {
      throw new MalformedInputException("no group files " + spec + " (ROOT must hold one folder per group)");
    }
    files.sort(null);
    return files;
  }

  private static void failOnMalformedLines(Path reports) throws IOException {
    if (!Files.exists(reports)) {
      return;
    }
    List<String> lines = Files.readAllLines(reports, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(lines.size() + " malformed input line"
        + (lines.size() == 1 ? "" : "s") + "; nothing was written:");
    lines.stream().limit(REPORTS_SHOWN).forEach(l -> message.append("\n  ").append(l));
    if (lines.size() > REPORTS_SHOWN) {
      message.append("\n  ... and ").append(lines.size() - REPORTS_SHOWN).append(" more");
    }
    // The first report "file:line: problem" names the exception's file and line.
    String first = lines.get(0);
    int end = first.indexOf(": ");
    int colon = end > 0 ? first.lastIndexOf(':', end - 1) : -1;
    String file = colon > 0 ? first.substring(0, colon) : first;
    long line = colon > 0 ? parseLine(first.substring(colon + 1, end)) : 0;
    throw new MalformedInputException(file, line, message.toString(), true);
  }

  private static long parseLine(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static Map<String, Long> readCounts(Path file) throws IOException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String k : new String[] {"rows", "signals", "known_signals", "unknown_name_rows", "junk_name_rows",
        "duplicate_rows"}) {
      counts.put(k, 0L);
    }
    if (Files.exists(file)) {
      JsonNode node = new ObjectMapper().readTree(file.toFile());
      counts.replaceAll((k, v) -> node.path(k).asLong(0));
    }
    return counts;
  }

}
