package io.wavebeam.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wavebeam.pipeline.features.SignalStatistics;
import java.io.Serializable;

/**
 * One line of {@code ws_df_group.json}: the identity and features of one signal of one record segment. Fields are
 * written in snake case ({@code signal_index}, {@code n_values}, ...); undefined values (NaN) are written as
 * null, which pandas reads as NaN. Every field is defined in docs/features.md.
 */
@JsonPropertyOrder(alphabetic = false)
public record FeatureRow(
    String group,
    String record,
    String segment,
    String signal,
    int signalIndex,
    String units,
    Integer fmt,
    double fs,
    int samplesPerFrame,
    double adcGain,
    int baseline,
    String baseTime,
    String baseDate,
    long nFrames,
    long nValues,
    Double durationS,
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

  /** Identity of one signal of one record segment; everything about it that does not depend on the samples. */
  public record Identity(String group, String record, String segment, String signal, int signalIndex,
      String units, Integer fmt, double frameFrequency, int samplesPerFrame, double adcGain, int baseline,
      String baseTime, String baseDate, long nFrames) implements Serializable {}

  public static FeatureRow of(Identity id, SignalStatistics s) {
    double duration = id.nFrames() / id.frameFrequency();
    return new FeatureRow(id.group(), id.record(), id.segment(), id.signal(), id.signalIndex(), id.units(),
        id.fmt(), id.frameFrequency() * id.samplesPerFrame(), id.samplesPerFrame(), id.adcGain(), id.baseline(),
        id.baseTime(), id.baseDate(), id.nFrames(), s.nValues(), orNull(duration), s.count(), orNull(s.mean()),
        orNull(s.std()), orNull(s.min()), orNull(s.p25()), orNull(s.p50()), orNull(s.p75()), orNull(s.max()),
        s.nInvalid(), orNull(s.invalidFraction()), orNull(s.p01()), orNull(s.p05()), orNull(s.p95()),
        orNull(s.p99()), orNull(s.rms()), orNull(s.skewness()), orNull(s.kurtosis()),
        orNull(s.saturatedFraction()), orNull(s.flatFraction()));
  }

  /** JSON has no NaN or infinity; null is what pandas turns back into NaN. */
  private static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
