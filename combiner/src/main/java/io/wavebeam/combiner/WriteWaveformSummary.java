package io.wavebeam.combiner;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.parquet.ParquetIO;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/**
 * Writes the summary rows as snappy Parquet into a (local) staging folder: either one file
 * {@value #DATASET} or, partitioned by group, a Hive-style folder {@code waveform_summary.parquet/group=NAME/}
 * with one file per group. Beam's FileIO writes temporary files and renames them when complete.
 */
public final class WriteWaveformSummary extends PTransform<PCollection<GenericRecord>, PDone> {
  public static final String DATASET = "waveform_summary.parquet";

  private final String stagingDir;
  private final boolean partitionByGroup;

  public WriteWaveformSummary(String stagingDir, boolean partitionByGroup) {
    this.stagingDir = stagingDir;
    this.partitionByGroup = partitionByGroup;
  }

  @Override
  public PDone expand(PCollection<GenericRecord> rows) {
    if (!partitionByGroup) {
      rows.apply("WriteParquetFile", FileIO.<GenericRecord>write()
          .via(sink(WaveformSummarySchema.schema(true)))
          .to(stagingDir)
          .withNumShards(1)
          .withNaming((window, pane, shards, shard, compression) -> DATASET));
      return PDone.in(rows.getPipeline());
    }
    String withoutGroup = WaveformSummarySchema.schema(false).toString();
    rows.apply("WriteParquetPerGroup", FileIO.<String, GenericRecord>writeDynamic()
        .by(r -> r.get(WaveformSummarySchema.GROUP).toString())
        .withDestinationCoder(StringUtf8Coder.of())
        .via(Contextful.fn(new DropGroup(withoutGroup)), sink(WaveformSummarySchema.schema(false)))
        .to(stagingDir + "/" + DATASET)
        .withNumShards(1)
        .withNaming(group -> (window, pane, shards, shard, compression) ->
            partitionFolder(group) + "/part-" + String.format("%05d", shard) + ".parquet"));
    return PDone.in(rows.getPipeline());
  }

  /** {@code group=NAME}, the name escaped as Hive does for characters a path cannot hold. */
  public static String partitionFolder(String group) {
    return "group=" + URLEncoder.encode(group, StandardCharsets.UTF_8);
  }

  private static ParquetIO.Sink sink(Schema schema) {
    return ParquetIO.sink(schema).withCompressionCodec(CompressionCodecName.SNAPPY);
  }

  /** Leaves the group column out: in a partitioned dataset it lives in the path. */
  static final class DropGroup implements SerializableFunction<GenericRecord, GenericRecord> {
    private final String schemaJson;
    private transient Schema schema;

    DropGroup(String schemaJson) {
      this.schemaJson = schemaJson;
    }

    @Override
    public GenericRecord apply(GenericRecord full) {
      if (schema == null) {
        schema = new Schema.Parser().parse(schemaJson);
      }
      return WaveformSummarySchema.withoutGroup(schema, full);
    }
  }
}
