package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.wavebeam.pipeline.FeatureValues;
import io.wavebeam.pipeline.WriteGroupOutput;
import io.wavebeam.pipeline.features.SignalStatistics;
import java.io.Serializable;
import java.util.List;
import java.util.function.Consumer;

/**
 * One line of {@code ws_df_windows.json}: the features of one signal of one record over one time window. Fields
 * are written in snake case, the sample features ({@link FeatureValues}, shared with {@code FeatureRow}) flat after
 * {@code n_values}; undefined values (NaN) as null. Every field is defined in docs/features.md.
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
    FeatureValues features) implements Serializable {

  /**
   * Written flat: the features' fields follow this row's own in the same JSON object. (Only the accessor is
   * unwrapped: Jackson 2.15 cannot bind an unwrapped constructor parameter, so a line is read back nested.)
   */
  @Override
  @JsonUnwrapped
  public FeatureValues features() {
    return features;
  }

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

  private static final byte[] GROUP = JsonLineBytes.ascii("{\"group\":");
  private static final byte[] RECORD = JsonLineBytes.ascii(",\"record\":");
  private static final byte[] SIGNAL = JsonLineBytes.ascii(",\"signal\":");
  private static final byte[] SIGNAL_INDEX = JsonLineBytes.ascii(",\"signal_index\":");
  private static final byte[] UNITS = JsonLineBytes.ascii(",\"units\":");
  private static final byte[] FS = JsonLineBytes.ascii(",\"fs\":");
  private static final byte[] SAMPLES_PER_FRAME = JsonLineBytes.ascii(",\"samples_per_frame\":");
  private static final byte[] WINDOW_S = JsonLineBytes.ascii(",\"window_s\":");
  private static final byte[] WINDOW_INDEX = JsonLineBytes.ascii(",\"window_index\":");
  private static final byte[] WINDOW_OFFSET_S = JsonLineBytes.ascii(",\"window_offset_s\":");
  private static final byte[] WINDOW_START = JsonLineBytes.ascii(",\"window_start\":");
  private static final byte[] SEGMENTS = JsonLineBytes.ascii(",\"segments\":[");
  private static final byte[] N_VALUES = JsonLineBytes.ascii("],\"n_values\":");
  private static final byte[] COUNT = JsonLineBytes.ascii(",\"count\":");
  private static final byte[] MEAN = JsonLineBytes.ascii(",\"mean\":");
  private static final byte[] STD = JsonLineBytes.ascii(",\"std\":");
  private static final byte[] MIN = JsonLineBytes.ascii(",\"min\":");
  private static final byte[] P25 = JsonLineBytes.ascii(",\"p25\":");
  private static final byte[] P50 = JsonLineBytes.ascii(",\"p50\":");
  private static final byte[] P75 = JsonLineBytes.ascii(",\"p75\":");
  private static final byte[] MAX = JsonLineBytes.ascii(",\"max\":");
  private static final byte[] N_INVALID = JsonLineBytes.ascii(",\"n_invalid\":");
  private static final byte[] INVALID_FRACTION = JsonLineBytes.ascii(",\"invalid_fraction\":");
  private static final byte[] P01 = JsonLineBytes.ascii(",\"p01\":");
  private static final byte[] P05 = JsonLineBytes.ascii(",\"p05\":");
  private static final byte[] P95 = JsonLineBytes.ascii(",\"p95\":");
  private static final byte[] P99 = JsonLineBytes.ascii(",\"p99\":");
  private static final byte[] RMS = JsonLineBytes.ascii(",\"rms\":");
  private static final byte[] SKEWNESS = JsonLineBytes.ascii(",\"skewness\":");
  private static final byte[] KURTOSIS = JsonLineBytes.ascii(",\"kurtosis\":");
  private static final byte[] SATURATED_FRACTION = JsonLineBytes.ascii(",\"saturated_fraction\":");
  private static final byte[] FLAT_FRACTION = JsonLineBytes.ascii(",\"flat_fraction\":");

  /**
   * This row as one line of {@code ws_df_windows.json} (without its newline): the same text as
   * {@link #jsonWriter()} writes, field by field (see {@link JsonLineBytes}). A row is finished every few thousand
   * values (every value of one-per-minute numerics in minute windows), so its printing is worth keeping cheap.
   */
  public String toJson() {
    JsonLineBytes out = new JsonLineBytes(640);
    appendJson(out);
    return out.text(0);
  }

  /** Appends {@link #toJson()}'s line to {@code out}. */
  void appendJson(JsonLineBytes out) {
    appendJson(out, null);
  }

  /** Appends {@link #toJson()}'s line to {@code out}, with {@code repeated} as below. */
  void appendJson(JsonLineBytes out, LineParts repeated) {
    FeatureValues f = features;
    SignalStatistics s = new SignalStatistics(nValues, f.nInvalid(), d(f.invalidFraction()), f.count(), d(f.mean()),
        d(f.std()), d(f.min()), d(f.p01()), d(f.p05()), d(f.p25()), d(f.p50()), d(f.p75()), d(f.p95()), d(f.p99()),
        d(f.max()), d(f.rms()), d(f.skewness()), d(f.kurtosis()), d(f.saturatedFraction()), d(f.flatFraction()));
    appendJson(out, repeated, new Identity(group, record, signal, signalIndex, units, fs, samplesPerFrame), windowS,
        windowIndex, windowOffsetS, windowStart, segments, s);
  }

  /** A feature as {@link SignalStatistics} holds it: null (undefined) as NaN, which prints as null again. */
  private static double d(Double v) {
    return v == null ? Double.NaN : v;
  }

  /**
   * Appends the line of the row {@link #of} makes from these arguments to {@code out}, printed straight from the
   * window's statistics (a row object and the features' eighteen boxed doubles cost as much as printing them).
   * {@code repeated} (or null) holds what the previous row of the same buffer printed before its window index and
   * around its segments, copied as one array when this row's are the same (a signal's rows differ from each
   * other only from the window index on); {@code segments} is only read.
   */
  static void appendJson(JsonLineBytes out, LineParts repeated, Identity id, long windowS, long windowIndex,
      double windowOffsetS, String windowStart, List<String> segments, SignalStatistics s) {
    if (repeated != null && repeated.prefixOf(id, windowS)) {
      out.raw(repeated.prefix);
    } else {
      int from = out.size();
      out.raw(GROUP).string(id.group()).raw(RECORD).string(id.record()).raw(SIGNAL).string(id.signal())
          .raw(SIGNAL_INDEX).integer(id.signalIndex()).raw(UNITS).string(id.units()).raw(FS).number(id.fs())
          .raw(SAMPLES_PER_FRAME).integer(id.samplesPerFrame()).raw(WINDOW_S).integer(windowS).raw(WINDOW_INDEX);
      if (repeated != null) {
        repeated.keepPrefix(id, windowS, out.copy(from));
      }
    }
    out.integer(windowIndex).raw(WINDOW_OFFSET_S).number(windowOffsetS).raw(WINDOW_START).unsharedString(windowStart);
    if (repeated != null && repeated.segmentsText != null && repeated.segments.equals(segments)) {
      out.raw(repeated.segmentsText);
    } else {
      int from = out.size();
      out.raw(SEGMENTS);
      for (int i = 0; i < segments.size(); i++) {
        if (i > 0) {
          out.raw(',');
        }
        out.string(segments.get(i));
      }
      out.raw(N_VALUES);
      if (repeated != null) {
        repeated.segments = List.copyOf(segments);
        repeated.segmentsText = out.copy(from);
      }
    }
    out.integer(s.nValues()).raw(COUNT).integer(s.count())
        .raw(MEAN).unrepeatedFeature(s.mean()).raw(STD).unrepeatedFeature(s.std()).raw(MIN).feature(s.min()).raw(P25).feature(s.p25())
        .raw(P50).feature(s.p50()).raw(P75).feature(s.p75()).raw(MAX).feature(s.max())
        .raw(N_INVALID).integer(s.nInvalid()).raw(INVALID_FRACTION).feature(s.invalidFraction())
        .raw(P01).feature(s.p01()).raw(P05).feature(s.p05()).raw(P95).feature(s.p95()).raw(P99).feature(s.p99())
        .raw(RMS).unrepeatedFeature(s.rms()).raw(SKEWNESS).unrepeatedFeature(s.skewness())
        .raw(KURTOSIS).unrepeatedFeature(s.kurtosis())
        .raw(SATURATED_FRACTION).feature(s.saturatedFraction()).raw(FLAT_FRACTION).feature(s.flatFraction())
        .raw('}');
  }

  /**
   * The parts of the last row printed into one buffer that the next row of the same signal repeats: the text
   * from the line's start to {@code "window_index":} (group, record, signal, index, units, fs, samples per frame,
   * window length: eighteen values and names that were otherwise copied one by one, a sixth of a row's printing)
   * and the segment list's text. One per buffer; not thread-safe.
   */
  static final class LineParts {
    private Identity id;
    private long windowS;
    private byte[] prefix;
    private List<String> segments = List.of();
    private byte[] segmentsText;

    /** Whether the kept prefix is this row's: a signal's rows share one identity object, compared first. */
    boolean prefixOf(Identity other, long otherWindowS) {
      return prefix != null && windowS == otherWindowS && (id == other || id.equals(other));
    }

    void keepPrefix(Identity other, long otherWindowS, byte[] text) {
      id = other;
      windowS = otherWindowS;
      prefix = text;
    }
  }

  /**
   * Where a record's window rows go, as their parts: {@link WindowLines} prints them without making a row;
   * {@link #of(Consumer)} makes each row. {@code segments} may change after the call: a sink that keeps it copies it.
   */
  @FunctionalInterface
  public interface Sink {
    void accept(Identity id, long windowS, long index, double offsetS, String start, List<String> segments,
        SignalStatistics stats);

    /** A sink that hands each row, made, to {@code rows}. */
    static Sink of(Consumer<WindowRow> rows) {
      return (id, windowS, index, offsetS, start, segments, stats) ->
          rows.accept(WindowRow.of(id, windowS, index, offsetS, start, List.copyOf(segments), stats));
    }
  }

  /** What a row says about its signal that does not depend on the window. */
  record Identity(String group, String record, String signal, int signalIndex, String units, double fs,
      int samplesPerFrame) implements Serializable {}

  static WindowRow of(Identity id, long windowS, long index, double offsetS, String start, List<String> segments,
      SignalStatistics s) {
    return new WindowRow(id.group(), id.record(), id.signal(), id.signalIndex(), id.units(), id.fs(),
        id.samplesPerFrame(), windowS, index, offsetS, start, segments, s.nValues(), FeatureValues.of(s));
  }
}
