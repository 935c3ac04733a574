package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Per normalised signal statistics of the summary rows, written by one writer into the staging folder as
 * {@link #STATS_FILE} (sorted by name) and {@link #COUNTS_FILE} (the run's totals, read by the driver).
 */
public final class WriteSignalStats extends PTransform<PCollection<GenericRecord>, PDone> {
  public static final String STATS_FILE = "signal_stats.csv";
  static final String COUNTS_FILE = "counts.json";

  private final String stagingDir;

  public WriteSignalStats(String stagingDir) {
    this.stagingDir = stagingDir;
  }

  @Override
  public PDone expand(PCollection<GenericRecord> rows) {
    rows.apply("KeyBySignal", WithKeys.of((GenericRecord r) -> r.get(WaveformSummarySchema.SIGNAL_NORMALIZED)
            .toString()).withKeyType(TypeDescriptors.strings()))
        .apply("CombinePerSignal", Combine.perKey(new SignalStats.CombineRows()))
        .apply("DropKeys", Values.create())
        .setCoder(SerializableCoder.of(SignalStats.class))
        .apply("OneWriterKey", WithKeys.<String, SignalStats>of("stats").withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(SignalStats.class)))
        .apply("OneWriter", GroupByKey.create())
        .apply("WriteCsv", ParDo.of(new WriteFn(stagingDir)));
    return PDone.in(rows.getPipeline());
  }

  static final class WriteFn extends DoFn<KV<String, Iterable<SignalStats>>, Void> {
    private final String stagingDir;

    WriteFn(String stagingDir) {
      this.stagingDir = stagingDir;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<SignalStats>> all) throws IOException {
      List<SignalStats> stats = new ArrayList<>();
      all.getValue().forEach(stats::add);
      stats.sort(Comparator.comparing(SignalStats::signalNormalized));
      Path dir = Files.createDirectories(Path.of(stagingDir));
      Path tmp = dir.resolve("." + STATS_FILE + ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(SignalStats.CSV_HEADER);
        w.write('\n');
        for (SignalStats s : stats) {
          w.write(s.csvLine());
          w.write('\n');
        }
      }
      Files.move(tmp, dir.resolve(STATS_FILE));
      Map<String, Long> counts = new LinkedHashMap<>();
      counts.put("rows", stats.stream().mapToLong(SignalStats::rows).sum());
      counts.put("signals", (long) stats.size());
      counts.put("known_signals", stats.stream().filter(SignalStats::signalKnown).count());
      counts.put("unknown_name_rows", stats.stream().filter(s -> !s.signalKnown()).mapToLong(SignalStats::rows).sum());
      counts.put("junk_name_rows", stats.stream().filter(SignalStats::signalJunk).mapToLong(SignalStats::rows).sum());
      counts.put("duplicate_rows", stats.stream().mapToLong(SignalStats::duplicateRows).sum());
      ObjectMapper mapper = WriteGroupOutput.mapper();
      WriteGroupOutput.writeAtomically(dir.resolve(COUNTS_FILE), mapper.writeValueAsString(counts) + "\n");
    }
  }
}
