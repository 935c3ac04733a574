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
    return appendJson(new StringBuilder(640)).toString();
  }

  /** Appends {@link #toJson()}'s line (without a newline) to {@code out}, which a caller may reuse row after row. */
  public StringBuilder appendJson(StringBuilder out) {
    Line b = new Line(out);
    b.raw("{\"group\":").string(group)
        .raw(",\"record\":").string(record)
        .raw(",\"signal\":").string(signal)
        .raw(",\"signal_index\":").integer(signalIndex)
        .raw(",\"units\":").string(units)
        .raw(",\"fs\":").number(fs)
        .raw(",\"samples_per_frame\":").integer(samplesPerFrame)
        .raw(",\"window_s\":").integer(windowS)
        .raw(",\"window_index\":").integer(windowIndex)
        .raw(",\"window_offset_s\":").number(windowOffsetS)
        .raw(",\"window_start\":").string(windowStart)
        .raw(",\"segments\":[");
    for (int i = 0; i < segments.size(); i++) {
      if (i > 0) {
        b.raw(",");
      }
      b.string(segments.get(i));
    }
    b.raw("],\"n_values\":").integer(nValues)
        .raw(",\"count\":").integer(count)
        .field("mean", mean).field("std", std).field("min", min).field("p25", p25).field("p50", p50)
        .field("p75", p75).field("max", max)
        .raw(",\"n_invalid\":").integer(nInvalid)
        .field("invalid_fraction", invalidFraction).field("p01", p01).field("p05", p05).field("p95", p95)
        .field("p99", p99).field("rms", rms).field("skewness", skewness).field("kurtosis", kurtosis)
        .field("saturated_fraction", saturatedFraction).field("flat_fraction", flatFraction);
    b.raw("}");
    return out;
  }

  /**
   * One JSON line being written. Printing a double is most of a line's cost, and a window's doubles repeat: a
   * window of one value (one-per-minute numerics in minute windows) has the same mean, min, max and quantiles, so
   * the last double printed is remembered and its text reused when the next is the same double.
   */
  private static final class Line {
    private final StringBuilder b;
    private long lastBits;
    private String last;

    Line(StringBuilder b) {
      this.b = b;
    }

    Line raw(String s) {
      b.append(s);
      return this;
    }

    Line integer(long v) {
      b.append(v);
      return this;
    }

    Line field(String name, Double value) {
      b.append(",\"").append(name).append("\":");
      return value == null ? raw("null") : number(value);
    }

    /** As Jackson's generator writes a double with {@code USE_FAST_DOUBLE_WRITER} (Schubfach, shortest). */
    Line number(double v) {
      long bits = Double.doubleToRawLongBits(v);
      if (last == null || bits != lastBits) {
        last = com.fasterxml.jackson.core.io.NumberOutput.toString(v, true);
        lastBits = bits;
      }
      b.append(last);
      return this;
    }

    /** A JSON string as Jackson's generator writes it (its escapes; names here rarely need any). */
    Line string(String s) {
      if (s == null) {
        return raw("null");
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
      return this;
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
