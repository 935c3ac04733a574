package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of pass 1.5's Beam work: each group file is read by one worker straight into its own Parquet part
 * file(s) in the staging area ({@code ScanGroupFiles}), and the small {@link RunSummary} of that file goes beside
 * them ({@code run-summary-NNNNN.bin}, NNNNN the file's place in the input list). No row is ever a Beam element, and
 * nothing leaves the scan step: the driver reads the ten-odd summaries and merges them ({@link #readSummary}).
 *
 * <p>Why not a {@code Combine.globally} of the summaries in the pipeline (as before): on Spark it cost a second job
 * (the merged value parallelized again for the step that wrote it) and on the DirectRunner a grouping step, both
 * after the last row, for what the driver merges in microseconds; and the driver now also checks that every input
 * file has its summary.
 */
final class WriteParts extends PTransform<PCollection<GroupFile>, PDone> {
  private static final Logger LOG = LoggerFactory.getLogger(WriteParts.class);
  public static final String NAMESPACE = "wavebeam.pass1p5";
  static final String SUMMARY_FILE = "run-summary.bin";

  /** What a worker needs to scan a file: the alias table, the layout and where the parts go. */
  record Settings(SignalAliases aliases, boolean partitioned, StagingArea staging) implements Serializable {}

  private final Settings settings;

  WriteParts(Settings settings) {
    this.settings = settings;
  }

  @Override
  public PDone expand(PCollection<GroupFile> files) {
    files.apply("ScanGroupFiles", ParDo.of(new ScanFn(settings)));
    return PDone.in(files.getPipeline());
  }

  /** Where the scan of {@code file} leaves its summary in the staging area. */
  static String summaryName(GroupFile file) {
    return String.format("run-summary-%05d.bin", file.order());
  }

  static final class ScanFn extends DoFn<GroupFile, Void> {
    private final Counter lines = Metrics.counter(NAMESPACE, "lines");
    private final Counter bytes = Metrics.counter(NAMESPACE, "bytes");
    private final Counter rows = Metrics.counter(NAMESPACE, "rows");
    private final Counter problems = Metrics.counter(NAMESPACE, "problems");
    private final Counter files = Metrics.counter(NAMESPACE, "files");
    private final Settings settings;

    ScanFn(Settings settings) {
      this.settings = settings;
    }

    @ProcessElement
    public void process(@Element GroupFile file) throws IOException {
      RunSummary summary = EarlyScan.takeOver(settings, file);
      if (summary == null) {
        summary = scan(settings, file, (l, b) -> {
          lines.inc(l);
          bytes.inc(b);
        });
      } else {
        lines.inc(summary.lines);
        bytes.inc(summary.bytes);
      }
      rows.inc(summary.table(file.table()).rows);
      problems.inc(summary.problems);
      // Written last: a summary in the staging area means the file's parts are complete there.
      try (OutputStream out = settings.staging().create(summaryName(file))) {
        RunSummaryCoder.of().encode(summary, out);
      }
      files.inc();
    }
  }

  /**
   * Reads {@code file} into its Parquet part(s) in the staging area of {@code settings}; returns its summary (the
   * caller writes it). What a worker does with each file, and {@link EarlyScan} with the files it scans early.
   */
  static RunSummary scan(Settings settings, GroupFile file, GroupFileScan.Progress progress) throws IOException {
    TableSchema table = file.table();
    boolean byGroup = settings.partitioned() || table == TableSchema.WINDOWS;
    GroupFileScan scan = new GroupFileScan(table, settings.aliases(), settings.partitioned());
    StagingArea staging = settings.staging();
    long started = System.nanoTime();
    LOG.debug("scanning {}", file.path());
    RunSummary summary;
    try (InputStream in = Channels.newInputStream(FileSystems.open(
        FileSystems.matchNewResource(file.path(), false)))) {
      summary = scan.scan(file, in,
          part -> PartWriter.open(table, staging.create(table.dataset() + "/" + part), part, !byGroup), progress);
    }
    LOG.debug("{}: {} rows in {} ms", file.path(), summary.table(table).rows,
        (System.nanoTime() - started) / 1_000_000);
    return summary;
  }

  /**
   * The summaries the scans of {@code files} left in {@code staging}, merged (in input order; the merge does not
   * depend on it). A file without its summary is an error: its worker did not finish it.
   */
  static RunSummary readSummary(StagingArea staging, List<GroupFile> files) throws IOException {
    List<RunSummary> each = new ArrayList<>(files.size());
    for (GroupFile file : files) {
      String name = summaryName(file);
      try (InputStream in = staging.open(name)) {
        each.add(RunSummaryCoder.of().decode(in));
      } catch (IOException | RuntimeException e) {
        throw new IOException(file.path() + ": its scan left no summary (" + staging.describe(name) + ": "
            + e.getMessage() + "); nothing was published", e);
      }
    }
    RunSummary.Merge merge = new RunSummary.Merge();
    return merge.extractOutput(merge.mergeAccumulators(each));
  }
}
