package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.PipelineWatcher;
import io.wavebeam.common.ProgressListener;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.common.RunnerSetup;
import io.wavebeam.common.WavebeamVersion;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Writer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.regions.Region;

/**
 * Pass 1.5: every group's pass-1 output in, one snappy Parquet dataset and {@code signal_stats.csv} out.
 *
 * <pre>
 * (driver) list ROOT/*&#47;ws_df_group.json with their sizes
 *          (DirectRunner, Spark local[N]: start scanning the largest files on a thread of its own, EarlyScan;
 *          the worker that comes for such a file takes the scan's summary over)
 *   → ListGroupFiles (Create, largest first; one element per group file)
 *   → WriteParts: ScanGroupFiles (one worker streams a file into its own Parquet part(s) in the staging prefix
 *                 of DEST; strict parse, names, duplicates, per-quantity accumulators)
 *                 and leaves the file's small summary beside its parts
 * (driver) read and merge the per-file summaries (every input file must have one); any bad line, duplicate row
 *          or group in two files: report, publish nothing;
 *          else write signal_stats.csv and the manifest, publish (renames, or S3 copies with SSE), manifest last.
 * </pre>
 */
public final class Pass1p5Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pass1p5Pipeline.class);
  public static final String MANIFEST_FILE = "pass1p5_manifest.json";
  public static final String STATS_FILE = "signal_stats.csv";
  /** The dataset: a folder of Parquet part files (or of group=NAME/ folders of them). */
  public static final String DATASET = TableSchema.SUMMARY.dataset();
  /** The windows dataset (group=NAME/ folders of part files), when some group folder has ws_df_windows.json. */
  public static final String WINDOWS_DATASET = TableSchema.WINDOWS.dataset();

  private Pass1p5Pipeline() {}

  /** Options for a run on {@code runner} with {@code parallelism} workers ({@code local[N]} for Spark). */
  public static Pass1p5Options options(String input, String output, RunnerKind runner,
      int parallelism) {
    Pass1p5Options options = RunnerSetup.options(Pass1p5Options.class, runner, parallelism, "wavebeam-pass1p5");
    options.setInputRoot(input);
    options.setOutput(output);
    return options;
  }

  public static void main(String[] args) throws IOException {
    PipelineOptionsFactory.register(Pass1p5Options.class);
    Pass1p5Options options = PipelineOptionsFactory.fromArgs(args).withValidation().as(Pass1p5Options.class);
    run(options);
  }

  /** {@code group=NAME}, the name escaped as Hive does for characters a path cannot hold. */
  public static String partitionFolder(String group) {
    return "group=" + URLEncoder.encode(group, StandardCharsets.UTF_8);
  }

  public static Pass1p5Result run(Pass1p5Options options) throws IOException {
    return run(options, ProgressListener.NONE);
  }

  /**
   * Runs pass 1.5 and waits for it, reporting progress (lines read, of the input's bytes) to {@code listener}.
   * Throws {@link MalformedInputException} for bad input and {@link IOException} (or a runtime exception) when the
   * run fails; in both cases nothing is published under the destination.
   */
  public static Pass1p5Result run(Pass1p5Options options, ProgressListener listener) throws IOException {
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
    EarlySparkContext sparkContext = null;
    if (spark) {
      SparkPipelineOptions sparkOptions = options.as(SparkPipelineOptions.class);
      RunnerSetup.prepareSpark(sparkOptions);
      // One Spark partition per group file: Spark hands the next file to whichever core is free (largest first).
      sparkOptions.setBundleSize(1L);
      // In-process Spark starts on another core while this thread lists the input and builds the pipeline.
      sparkContext = EarlySparkContext.startIfLocal(sparkOptions);
    }
    try {
      return run(options, listener, started, s3, aliases, partitioned, spark, sparkContext);
    } finally {
      if (sparkContext != null) {
        sparkContext.close();
      }
    }
  }

  private static Pass1p5Result run(Pass1p5Options options, ProgressListener listener, long started, S3Settings s3,
      SignalAliases aliases, boolean partitioned, boolean spark, EarlySparkContext sparkContext) throws IOException {
    configureBeamS3(options, s3);
    FileSystems.setDefaultPipelineOptions(options);
    List<GroupFile> groupFiles = listGroupFiles(options.getInputRoot());
    List<GroupFile> windowFiles = listInputFiles(options.getInputRoot(), TableSchema.WINDOWS, groupFiles.size());
    List<GroupFile> inputFiles = new ArrayList<>(groupFiles);
    inputFiles.addAll(windowFiles);
    long inputBytes = inputFiles.stream().mapToLong(GroupFile::sizeBytes).sum();
    LOG.info("pass 1.5: {} group files and {} windows files ({} MB) under {}, alias table {} ({} spellings)",
        groupFiles.size(), windowFiles.size(), inputBytes >> 20, options.getInputRoot(), aliases.source(),
        aliases.size());

    OutputDestination dest = OutputDestination.of(options.getOutput(), s3);
    try {
      List<GroupFile> largestFirst = new ArrayList<>(inputFiles);
      largestFirst.sort(Comparator.comparingLong(GroupFile::sizeBytes).reversed()
          .thenComparingInt(GroupFile::order));
      WriteParts.Settings settings = new WriteParts.Settings(aliases, partitioned, dest.workerStaging());
      // Workers that are threads of this JVM take over what the driver scans while it builds the pipeline.
      EarlyScan early = workersInThisJvm(options) ? EarlyScan.start(settings, largestFirst) : null;
      try {
        Pipeline pipeline = Pipeline.create(options);
        PCollection<GroupFile> files = pipeline.apply("ListGroupFiles",
            Create.of(largestFirst).withCoder(SerializableCoder.of(GroupFile.class)));
        if (!spark) {
          // The DirectRunner runs each key of a reshuffle as its own bundle, so the files spread over its threads.
          files = files.apply("SpreadGroupFiles", Reshuffle.viaRandomKey());
        }
        files.apply("WriteParts", new WriteParts(settings));
        if (sparkContext != null) {
          sparkContext.handTo(options.as(SparkPipelineOptions.class));
        }
        PipelineResult result = PipelineWatcher.run(pipeline,
            new PipelineWatcher.Counters(WriteParts.NAMESPACE, "lines", "bytes", "problems"),
            new PipelineWatcher.Plan("pass1p5", "lines", 0, inputBytes), listener);
        PipelineResult.State state = result.waitUntilFinish();
        if (sparkContext != null) {
          sparkContext.stopInBackground();
        }
        if (state != PipelineResult.State.DONE) {
          throw new IOException("pipeline ended in state " + state);
        }
        if (early != null) {
          early.checkTakenOver();
        }
      } finally {
        if (early != null) {
          early.close();
        }
      }
      RunSummary summary = WriteParts.readSummary(dest.workerStaging(), inputFiles);
      failOnProblems(summary);
      RunSummary.Table rows = summary.table(TableSchema.SUMMARY);
      RunSummary.Table windows = summary.table(TableSchema.WINDOWS);
      boolean hasWindows = !windowFiles.isEmpty();
      checkStagedRows(dest.workerStaging(), TableSchema.SUMMARY, rows);
      checkStagedRows(dest.workerStaging(), TableSchema.WINDOWS, windows);

      List<String> warnings = new ArrayList<>();
      List<String> emptyFiles = new ArrayList<>(rows.emptyFiles);
      emptyFiles.addAll(windows.emptyFiles);
      for (String empty : emptyFiles) {
        String warning = empty + ": empty group file (no rows): is its pass-1 run complete?";
        LOG.warn(warning);
        warnings.add(warning);
      }
      List<SignalStats> stats = summary.stats.values().stream().map(SignalStats.Accumulator::result)
          .sorted(Comparator.comparing(SignalStats::signalNormalized).thenComparing(SignalStats::units))
          .toList();
      Path local = dest.driverStaging();
      try (Writer w = Files.newBufferedWriter(local.resolve(STATS_FILE), StandardCharsets.UTF_8)) {
        w.write(SignalStats.CSV_HEADER);
        w.write('\n');
        for (SignalStats s : stats) {
          w.write(s.csvLine());
          w.write('\n');
        }
      }
      Pass1p5Result draft = new Pass1p5Result(options.getInputRoot(), dest.describe(), spark ? "spark" : "direct",
          aliases.source(), partitioned, rows.groups.size(), rows.files, rows.emptyFiles.size(),
          rows.parts.size(), rows.rows, stats.size(), stats.stream().filter(SignalStats::signalKnown).count(),
          stats.stream().filter(s -> !s.signalKnown()).mapToLong(SignalStats::rows).sum(),
          stats.stream().filter(SignalStats::signalJunk).mapToLong(SignalStats::rows).sum(),
          stats.stream().mapToLong(SignalStats::duplicateRows).sum(),
          hasWindows ? WINDOWS_DATASET : null, windows.files, windows.groups.size(), windows.parts.size(),
          windows.rows, s3.sse() == null ? null : s3.sse().toString(), s3.kmsKeyId(),
          (System.nanoTime() - started) / 1e9, WavebeamVersion.version(), warnings, List.of());
      ObjectMapper mapper = WriteGroupOutput.mapper();
      Map<String, Object> manifest = mapper.convertValue(draft, LinkedHashMap.class);
      manifest.remove("objects");
      Files.writeString(local.resolve(MANIFEST_FILE),
          mapper.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n", StandardCharsets.UTF_8);

      List<OutputDestination.Dataset> datasets = new ArrayList<>();
      datasets.add(new OutputDestination.Dataset(DATASET, rows.parts.stream().map(RunSummary.Part::name).toList()));
      if (hasWindows) {
        datasets.add(new OutputDestination.Dataset(WINDOWS_DATASET,
            windows.parts.stream().map(RunSummary.Part::name).toList()));
      }
      List<String> objects = dest.publish(datasets, hasWindows ? List.of() : List.of(WINDOWS_DATASET),
          List.of(STATS_FILE, MANIFEST_FILE));
      double wall = (System.nanoTime() - started) / 1e9;
      LOG.info("pass 1.5: {} rows in {} parts, {} signals ({} known), {} duplicate-name and {} junk-name rows in"
          + " {} s -> {}", draft.rows(), draft.parts(), draft.signals(), draft.knownSignals(),
          draft.duplicateRows(), draft.junkNameRows(), String.format(Locale.ROOT, "%.1f", wall), dest.describe());
      return new Pass1p5Result(draft.input(), draft.output(), draft.runner(), draft.aliasTable(),
          draft.partitionedByGroup(), draft.groups(), draft.groupFiles(), draft.emptyGroupFiles(), draft.parts(),
          draft.rows(), draft.signals(), draft.knownSignals(), draft.unknownNameRows(), draft.junkNameRows(),
          draft.duplicateRows(), draft.windowsDataset(), draft.windowGroupFiles(), draft.windowGroups(),
          draft.windowParts(), draft.windowRows(), draft.sse(), draft.kmsKeyId(), wall, draft.wavebeamVersion(), warnings, objects);
    } finally {
      dest.discard();
    }
  }

  /** The DirectRunner, or Spark in this JVM ({@code local[N]}): runners whose workers are threads of the driver. */
  static boolean workersInThisJvm(Pass1p5Options options) {
    if (DirectRunner.class.isAssignableFrom(options.getRunner())) {
      return true;
    }
    return SparkRunner.class.isAssignableFrom(options.getRunner())
        && RunnerSetup.isLocalSparkMaster(options.as(SparkPipelineOptions.class).getSparkMaster());
  }

  private static SignalAliases loadAliases(Path file) {
    try {
      return SignalAliases.load(file);
    } catch (IOException e) {
      throw new MalformedInputException("cannot read the alias table " + file + ": " + e.getMessage());
    }
  }

  /** Beam's s3:// file system (used to read ROOT when it is on S3) gets the same endpoint and region as ours. */
  private static void configureBeamS3(Pass1p5Options options, S3Settings s3) {
    AwsOptions aws = options.as(AwsOptions.class);
    aws.setAwsRegion(Region.of(s3.resolvedRegion()));
    if (s3.endpoint() != null) {
      aws.setEndpoint(s3.endpoint());
    }
  }

  /**
   * What the workers staged against what they counted: each part's footer holds the rows its scan wrote, and the
   * parts hold every row counted. Run before anything is published, so the manifest's counts are the published
   * files' own.
   */
  private static void checkStagedRows(StagingArea staging, TableSchema table, RunSummary.Table counted)
      throws IOException {
    long total = 0;
    for (RunSummary.Part part : counted.parts) {
      String relative = table.dataset() + "/" + part.name();
      long inFooter = staging.parquetRows(relative);
      if (inFooter != part.rows()) {
        throw new IOException(staging.describe(relative) + " holds " + inFooter + " rows, its scan wrote "
            + part.rows() + "; nothing was published");
      }
      total += inFooter;
    }
    if (total != counted.rows) {
      throw new IOException(table.dataset() + ": " + counted.rows + " rows read, " + total
          + " in the staged part files; nothing was published");
    }
  }

  /** Every {@code ROOT/<group>/ws_df_group.json} with its size, listed once in the driver, sorted by name. */
  static List<GroupFile> listGroupFiles(String root) throws IOException {
    List<GroupFile> files = listInputFiles(root, TableSchema.SUMMARY, 0);
    if (files.isEmpty()) {
      throw new MalformedInputException("no group files " + inputSpec(root, TableSchema.SUMMARY)
          + " (ROOT must hold one folder per group)");
    }
    return files;
  }

  private static String inputSpec(String root, TableSchema table) {
    String base = root.startsWith("s3://") ? root.replaceAll("/+$", "")
        : Path.of(root).toAbsolutePath().normalize().toString();
    return base + "/*/" + table.inputFile();
  }

  /**
   * Every {@code ROOT/<group>/FILE} of {@code table} with its size, sorted by name; their positions in the whole
   * input list start at {@code firstOrder}. May be empty.
   */
  static List<GroupFile> listInputFiles(String root, TableSchema table, int firstOrder) throws IOException {
    String base = root.startsWith("s3://") ? root.replaceAll("/+$", "")
        : Path.of(root).toAbsolutePath().normalize().toString();
    if (!base.startsWith("s3://") && !Files.isDirectory(Path.of(base))) {
      throw new MalformedInputException("input ROOT " + root + " is not a folder");
    }
    String spec = inputSpec(root, table);
    MatchResult match;
    try {
      match = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    } catch (FileNotFoundException e) {
      return List.of();
    }
    List<MatchResult.Metadata> found = new ArrayList<>();
    if (match.status() == MatchResult.Status.OK) {
      found.addAll(match.metadata());
    } else if (match.status() != MatchResult.Status.NOT_FOUND) {
      throw new IOException("cannot list " + spec + ": " + match.status());
    }
    found.sort(Comparator.comparing(m -> m.resourceId().toString()));
    List<GroupFile> files = new ArrayList<>();
    for (MatchResult.Metadata m : found) {
      files.add(new GroupFile(table, files.size(), firstOrder + files.size(), m.resourceId().toString(),
          m.sizeBytes()));
    }
    return files;
  }

  /** Bad lines, duplicate rows, groups in two files: the first reports in line order, and the total. */
  private static void failOnProblems(RunSummary summary) {
    if (summary.problems == 0) {
      return;
    }
    summary.trimReports();
    long n = summary.problems;
    long d = summary.duplicateRows;
    StringBuilder message = new StringBuilder(n + " bad input line" + (n == 1 ? "" : "s")
        + (d == 0 ? "" : " (" + d + " duplicate row" + (d == 1 ? "" : "s") + ")") + "; nothing was written:");
    summary.reports.forEach(r -> message.append("\n  ").append(r.text()));
    if (n > summary.reports.size()) {
      message.append("\n  ... and ").append(n - summary.reports.size()).append(" more");
    }
    RunSummary.Report first = summary.reports.get(0);
    String text = first.text();
    String file = text.substring(0, text.indexOf(":" + first.line() + ": "));
    throw new MalformedInputException(file, first.line(), message.toString(), true);
  }
}
