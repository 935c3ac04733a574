package io.wavebeam.combiner;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.channels.Channels;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;

/**
 * The whole of pass 1.5's Beam work: each group file is read by one worker straight into its own Parquet part
 * file(s) in the staging area ({@code ScanGroupFiles}); only a small {@link RunSummary} per file travels on, is
 * merged ({@code MergeSummaries}) and written once into the staging area ({@code WriteSummary}) for the driver.
 * No row is ever a Beam element.
 */
final class WriteParts extends PTransform<PCollection<GroupFile>, PDone> {
  public static final String NAMESPACE = "wavebeam.pass1p5";
  static final String SUMMARY_FILE = "run-summary.bin";

  private final SignalAliases aliases;
  private final boolean partitioned;
  private final StagingArea staging;

  WriteParts(SignalAliases aliases, boolean partitioned, StagingArea staging) {
    this.aliases = aliases;
    this.partitioned = partitioned;
    this.staging = staging;
  }

  @Override
  public PDone expand(PCollection<GroupFile> files) {
    files.apply("ScanGroupFiles", ParDo.of(new ScanFn(aliases, partitioned, staging)))
        .setCoder(SerializableCoder.of(RunSummary.class))
        .apply("MergeSummaries", Combine.globally(new RunSummary.Merge()))
        .setCoder(SerializableCoder.of(RunSummary.class))
        .apply("WriteSummary", ParDo.of(new WriteSummaryFn(staging)));
    return PDone.in(files.getPipeline());
  }

  static final class ScanFn extends DoFn<GroupFile, RunSummary> {
    private final Counter lines = Metrics.counter(NAMESPACE, "lines");
    private final Counter bytes = Metrics.counter(NAMESPACE, "bytes");
    private final Counter rows = Metrics.counter(NAMESPACE, "rows");
    private final Counter problems = Metrics.counter(NAMESPACE, "problems");
    private final Counter files = Metrics.counter(NAMESPACE, "files");
    private final SignalAliases aliases;
    private final boolean partitioned;
    private final StagingArea staging;

    ScanFn(SignalAliases aliases, boolean partitioned, StagingArea staging) {
      this.aliases = aliases;
      this.partitioned = partitioned;
      this.staging = staging;
    }

    @ProcessElement
    public void process(@Element GroupFile file, OutputReceiver<RunSummary> out) throws IOException {
      GroupFileScan scan = new GroupFileScan(aliases, partitioned);
      RunSummary summary;
      try (InputStream in = Channels.newInputStream(FileSystems.open(
          FileSystems.matchNewResource(file.path(), false)))) {
        summary = scan.scan(file.index(), file.path(), in,
            part -> SummaryWriteSupport.writer(staging.create(Pass1p5Pipeline.DATASET + "/" + part), part,
                !partitioned),
            (l, b) -> {
              lines.inc(l);
              bytes.inc(b);
            });
      }
      rows.inc(summary.rows);
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
      try (ObjectOutputStream out = new ObjectOutputStream(staging.create(SUMMARY_FILE))) {
        out.writeObject(summary);
      }
    }
  }

  /** The merged summary the pipeline left in {@code staging}. */
  static RunSummary readSummary(StagingArea staging) throws IOException {
    try (ObjectInputStream in = new ObjectInputStream(staging.open(SUMMARY_FILE))) {
      return (RunSummary) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException("cannot read " + staging.describe(SUMMARY_FILE), e);
    }
  }

}
