package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.nio.channels.Channels;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of pass 1.5's Beam work: each group file is read by one worker straight into its own Parquet part
 * file(s) in the staging area ({@code ScanGroupFiles}); only a small {@link RunSummary} per file travels on, is
 * merged ({@code MergeSummaries}) and written once into the staging area ({@code WriteSummary}) for the driver.
 * No row is ever a Beam element.
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
    files.apply("ScanGroupFiles", ParDo.of(new ScanFn(settings)))
        .setCoder(RunSummaryCoder.of())
        .apply("MergeSummaries", Combine.globally(new RunSummary.Merge()))
        .setCoder(RunSummaryCoder.of())
        .apply("WriteSummary", ParDo.of(new WriteSummaryFn(settings.staging())));
    return PDone.in(files.getPipeline());
  }

  static final class ScanFn extends DoFn<GroupFile, RunSummary> {
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
    public void process(@Element GroupFile file, OutputReceiver<RunSummary> out) throws IOException {
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
            part -> PartWriter.open(table, staging.create(table.dataset() + "/" + part), part, !byGroup),
            (l, b) -> {
              lines.inc(l);
              bytes.inc(b);
            });
      }
      LOG.debug("{}: {} rows in {} ms", file.path(), summary.table(table).rows,
          (System.nanoTime() - started) / 1_000_000);
      rows.inc(summary.table(table).rows);
      problems.inc(summary.problems);
      files.inc();
      out.output(summary);
    }
  }

  static final class WriteSummaryFn extends DoFn<RunSummary, Void> {
    private final StagingArea staging;

    WriteSummaryFn(StagingArea staging) {
      this.staging = staging;
    }

    @ProcessElement
    public void process(@Element RunSummary summary) throws IOException {
      try (OutputStream out = staging.create(SUMMARY_FILE)) {
        RunSummaryCoder.of().encode(summary, out);
      }
    }
  }

  /** The merged summary the pipeline left in {@code staging}. */
  static RunSummary readSummary(StagingArea staging) throws IOException {
    try (InputStream in = staging.open(SUMMARY_FILE)) {
      return RunSummaryCoder.of().decode(in);
    }
  }

}
