package io.wavebeam.combiner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.wavebeam.pipeline.FeatureRow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Reads pass-1 {@code ws_df_group.json} files (one element per file, local or {@code s3://}) into summary rows
 * ({@link WaveformSummarySchema}) with normalised signal names. A line that is not a complete pass-1 row goes to
 * {@link #MALFORMED} as {@code file:line: problem}; the driver then fails the run without publishing anything.
 * Duplicates are found per segment: pass 1 writes a segment's signals on consecutive lines.
 */
public final class ReadFeatureRows extends PTransform<PCollection<String>, PCollectionTuple> {
  public static final TupleTag<GenericRecord> ROWS = new TupleTag<>() {};
  public static final TupleTag<String> MALFORMED = new TupleTag<>() {};

  private final SignalAliases aliases;

  public ReadFeatureRows(SignalAliases aliases) {
    this.aliases = aliases;
  }

  @Override
  public PCollectionTuple expand(PCollection<String> files) {
    Schema schema = WaveformSummarySchema.schema(true);
    PCollectionTuple out = files.apply("ParseLines", ParDo.of(new ParseFileFn(aliases, schema.toString()))
        .withOutputTags(ROWS, TupleTagList.of(MALFORMED)));
    out.get(ROWS).setCoder(AvroCoder.of(schema));
    out.get(MALFORMED).setCoder(StringUtf8Coder.of());
    return out;
  }

  /** The strict reader of one pass-1 line: every field present, right JSON types, nothing extra. */
  static ObjectMapper strictMapper() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .build();
  }

  static final class ParseFileFn extends DoFn<String, GenericRecord> {
    private final Counter rows = Metrics.counter(ReadFeatureRows.class, "rows");
    private final Counter unknownNames = Metrics.counter(ReadFeatureRows.class, "unknownNameRows");
    private final Counter junkNames = Metrics.counter(ReadFeatureRows.class, "junkNameRows");
    private final Counter duplicates = Metrics.counter(ReadFeatureRows.class, "duplicateRows");
    private final Counter malformed = Metrics.counter(ReadFeatureRows.class, "malformedLines");
    private final SignalAliases aliases;
    private final String schemaJson;
    private transient Schema schema;
    private transient List<WaveformSummarySchema.Column> columns;
    private transient ObjectMapper mapper;

    ParseFileFn(SignalAliases aliases, String schemaJson) {
      this.aliases = aliases;
      this.schemaJson = schemaJson;
    }

    @Setup
    public void setup() {
      schema = new Schema.Parser().parse(schemaJson);
      columns = WaveformSummarySchema.featureColumns();
      mapper = strictMapper();
    }

    @ProcessElement
    public void process(@Element String file, MultiOutputReceiver out) throws IOException {
      List<FeatureRow> segment = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(
          FileSystems.open(FileSystems.matchNewResource(file, false))), StandardCharsets.UTF_8), 1 << 16)) {
        String line;
        long number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          FeatureRow row;
          try {
            row = parse(line);
          } catch (JsonProcessingException | IllegalArgumentException e) {
            malformed.inc();
            String problem = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            out.get(MALFORMED).output(file + ":" + number + ": " + problem);
            continue;
          }
          if (!segment.isEmpty() && !sameSegment(segment.get(0), row)) {
            emit(segment, out);
          }
          segment.add(row);
        }
      }
      emit(segment, out);
    }

    private FeatureRow parse(String line) throws JsonProcessingException {
      FeatureRow row = mapper.readValue(line, FeatureRow.class);
      for (String[] required : new String[][] {{"group", row.group()}, {"record", row.record()},
          {"segment", row.segment()}, {"signal", row.signal()}, {"units", row.units()}}) {
        if (required[1] == null) {
          throw new IllegalArgumentException("field '" + required[0] + "' is null");
        }
      }
      return row;
    }

    private static boolean sameSegment(FeatureRow a, FeatureRow b) {
      return a.group().equals(b.group()) && a.record().equals(b.record()) && a.segment().equals(b.segment());
    }

    /** Writes one segment's rows; a normalised name seen at a lower signal index marks a duplicate. */
    private void emit(List<FeatureRow> segment, MultiOutputReceiver out) {
      segment.sort((a, b) -> Integer.compare(a.signalIndex(), b.signalIndex()));
      Set<String> seen = new HashSet<>();
      for (FeatureRow row : segment) {
        SignalAliases.Normalized name = aliases.normalize(row.signal());
        boolean duplicate = !seen.add(name.name());
        rows.inc();
        if (!name.known()) {
          unknownNames.inc();
        }
        if (name.junk()) {
          junkNames.inc();
        }
        if (duplicate) {
          duplicates.inc();
        }
        out.get(ROWS).output(WaveformSummarySchema.toRecord(schema, columns, row, name, duplicate));
      }
      segment.clear();
    }
  }

}
