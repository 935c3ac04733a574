package io.wavebeam.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.wavebeam.pipeline.features.SignalStatistics;
import java.io.Serializable;

/**
 * The sample features both output rows end with ({@link FeatureRow} for a record segment,
 * {@link io.wavebeam.pipeline.windows.WindowRow} for a time window), as they are written: in the files' field
 * order, undefined values (NaN) as null. The rows hold it as one unwrapped component, so its fields are written
 * flat into each line and pass 1.5 flattens it into columns the same way. Every field is defined in
 * docs/features.md.
 */
@JsonPropertyOrder(alphabetic = false)
public record FeatureValues(
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

  public static FeatureValues of(SignalStatistics s) {
    return new FeatureValues(s.count(), orNull(s.mean()), orNull(s.std()), orNull(s.min()), orNull(s.p25()),
        orNull(s.p50()), orNull(s.p75()), orNull(s.max()), s.nInvalid(), orNull(s.invalidFraction()),
        orNull(s.p01()), orNull(s.p05()), orNull(s.p95()), orNull(s.p99()), orNull(s.rms()), orNull(s.skewness()),
        orNull(s.kurtosis()), orNull(s.saturatedFraction()), orNull(s.flatFraction()));
  }

  /** JSON has no NaN or infinity; null is what pandas turns back into NaN. */
  static Double orNull(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
