package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
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
