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

  /**
   * This row as one line of {@code ws_df_windows.json}: the same text as {@link #jsonWriter()} writes (field
   * order, strings escaped as Jackson escapes them, doubles as the shortest decimal that reads back as the same
   * double: Jackson's own Schubfach printer), written field by field into one builder. A row is finished every few
   * thousand values (every value of one-per-minute numerics in minute windows), and Jackson's generator cost about
   * a microsecond a row on top of the numbers.
   */
  public String toJson() {
    StringBuilder b = new StringBuilder(640);
    b.append("{\"group\":");
    string(b, group);
    b.append(",\"record\":");
    string(b, record);
    b.append(",\"signal\":");
    string(b, signal);
    b.append(",\"signal_index\":").append(signalIndex).append(",\"units\":");
    string(b, units);
    b.append(",\"fs\":");
    number(b, fs);
    b.append(",\"samples_per_frame\":").append(samplesPerFrame)
        .append(",\"window_s\":").append(windowS)
        .append(",\"window_index\":").append(windowIndex)
        .append(",\"window_offset_s\":");
    number(b, windowOffsetS);
    b.append(",\"window_start\":");
    string(b, windowStart);
    b.append(",\"segments\":[");
    for (int i = 0; i < segments.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      string(b, segments.get(i));
    }
    b.append("],\"n_values\":").append(nValues).append(",\"count\":").append(count);
    field(b, "mean", mean);
    field(b, "std", std);
    field(b, "min", min);
    field(b, "p25", p25);
    field(b, "p50", p50);
    field(b, "p75", p75);
    field(b, "max", max);
    b.append(",\"n_invalid\":").append(nInvalid);
    field(b, "invalid_fraction", invalidFraction);
    field(b, "p01", p01);
    field(b, "p05", p05);
    field(b, "p95", p95);
    field(b, "p99", p99);
    field(b, "rms", rms);
    field(b, "skewness", skewness);
    field(b, "kurtosis", kurtosis);
    field(b, "saturated_fraction", saturatedFraction);
    field(b, "flat_fraction", flatFraction);
    return b.append('}').toString();
  }

  private static void field(StringBuilder b, String name, Double value) {
    b.append(",\"").append(name).append("\":");
    if (value == null) {
      b.append("null");
    } else {
      number(b, value);
    }
  }

  /** As Jackson's generator writes a double with {@code USE_FAST_DOUBLE_WRITER}. */
  private static void number(StringBuilder b, double v) {
    b.append(com.fasterxml.jackson.core.io.NumberOutput.toString(v, true));
  }

  /** A JSON string as Jackson's generator writes it (its escapes; names here rarely need any). */
  private static void string(StringBuilder b, String s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('"');
    boolean plain = true;
    for (int i = 0; i < s.length() && plain; i++) {
      char c = s.charAt(i);
      plain = c >= 0x20 && c != '"' && c != '\\';
    }
    if (plain) {
      b.append(s);
    } else {
      b.append(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s));
    }
    b.append('"');
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
