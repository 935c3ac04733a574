package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.wavebeam.pipeline.WriteGroupOutput;
import io.wavebeam.pipeline.features.SignalStatistics;
import java.io.Serializable;
import java.util.List;

/**
 * One line of {@code ws_df_windows.json}: the features of one signal of one record over one time window. Fields
 * are written in snake case; undefined values (NaN) as null. Every field is defined in docs/features.md.
 */
@JsonPropertyOrder(alphabetic = false)
public record WindowRow(
    String group,
    String record,
    String signal,
    int signalIndex,
    String units,
    double fs,
    int samplesPerFrame,
    long windowS,
    long windowIndex,
    double windowOffsetS,
    String windowStart,
    List<String> segments,
    long nValues,
    long count,
    Double mean,
    Double std,
    Double min,
    Double p25,
    Double p50,
    Double p75,
    Double max,
    long nInvalid,
    Double invalidFraction,
    Double p01,
    Double p05,
    Double p95,
    Double p99,
    Double rms,
    Double skewness,
    Double kurtosis,
    Double saturatedFraction,
    Double flatFraction) implements Serializable {

  public WindowRow {
    segments = List.copyOf(segments);
  }

  /**
   * The writer of {@code ws_df_windows.json} lines: the output files' mapper, with doubles written by Jackson's
   * Schubfach port (the shortest decimal that reads back as the same double, as JDK 19's Double.toString) rather
   * than JDK 17's Double.toString. A window row has twenty doubles and is finished every few thousand values, so
   * printing them was a third of the windowed pass's time; the slow printer cost ~3 µs a row.
   */
  public static ObjectWriter jsonWriter() {
    ObjectMapper mapper = WriteGroupOutput.mapper();
    mapper.getFactory().configure(JsonGenerator.Feature.USE_FAST_DOUBLE_WRITER, true);
    return mapper.writer();
  }

  private static final com.fasterxml.jackson.core.JsonFactory JSON = com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

  /**
   * This row as one line of {@code ws_df_windows.json}: the same text as {@link #jsonWriter()} writes, made with
   * Jackson's streaming generator field by field (no bean introspection per row: a row is written every few
   * thousand values, every value of one-per-minute numerics in minute windows).
   */
  public String toJson() {
    java.io.StringWriter out = new java.io.StringWriter(900);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("group", group);
      g.writeStringField("record", record);
      g.writeStringField("signal", signal);
      g.writeNumberField("signal_index", signalIndex);
      g.writeStringField("units", units);
      g.writeNumberField("fs", fs);
      g.writeNumberField("samples_per_frame", samplesPerFrame);
      g.writeNumberField("window_s", windowS);
      g.writeNumberField("window_index", windowIndex);
      g.writeNumberField("window_offset_s", windowOffsetS);
      g.writeStringField("window_start", windowStart);
      g.writeArrayFieldStart("segments");
      for (String s : segments) {
        g.writeString(s);
      }
      g.writeEndArray();
      g.writeNumberField("n_values", nValues);
      g.writeNumberField("count", count);
      field(g, "mean", mean);
      field(g, "std", std);
      field(g, "min", min);
      field(g, "p25", p25);
      field(g, "p50", p50);
      field(g, "p75", p75);
      field(g, "max", max);
      g.writeNumberField("n_invalid", nInvalid);
      field(g, "invalid_fraction", invalidFraction);
      field(g, "p01", p01);
      field(g, "p05", p05);
      field(g, "p95", p95);
      field(g, "p99", p99);
      field(g, "rms", rms);
      field(g, "skewness", skewness);
      field(g, "kurtosis", kurtosis);
      field(g, "saturated_fraction", saturatedFraction);
      field(g, "flat_fraction", flatFraction);
      g.writeEndObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  private static void field(JsonGenerator g, String name, Double value) throws java.io.IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value.doubleValue());
    }
  }

  /** What a row says about its signal that does not depend on the window. */
  record Identity(String group, String record, String signal, int signalIndex, String units, double fs,
      int samplesPerFrame) implements Serializable {}

  static WindowRow of(Identity id, long windowS, long index, double offsetS, String start, List<String> segments,
      SignalStatistics s) {
    return new WindowRow(id.group(), id.record(), id.signal(), id.signalIndex(), id.units(), id.fs(),
        id.samplesPerFrame(), windowS, index, offsetS, start, segments, s.nValues(), s.count(), orNull(s.mean()),
        orNull(s.std()), orNull(s.min()), orNull(s.p25()), orNull(s.p50()), orNull(s.p75()), orNull(s.max()),
        s.nInvalid(), orNull(s.invalidFraction()), orNull(s.p01()), orNull(s.p05()), orNull(s.p95()),
        orNull(s.p99()), orNull(s.rms()), orNull(s.skewness()), orNull(s.kurtosis()),
        orNull(s.saturatedFraction()), orNull(s.flatFraction()));
  }

  private static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
