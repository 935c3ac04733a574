package io.wavebeam.pipeline.features;

/**
 * The features of one signal of one record segment, in physical units unless named otherwise. NaN where a
 * feature is undefined (no valid sample, too few samples for std, skewness or kurtosis). See docs/features.md.
 */
public record SignalStatistics(
    long nValues,
    long nInvalid,
    double invalidFraction,
    long count,
    double mean,
    double std,
    double min,
    double p01,
    double p05,
    double p25,
    double p50,
    double p75,
    double p95,
    double p99,
    double max,
    double rms,
    double skewness,
    double kurtosis,
    double saturatedFraction,
    double flatFraction) {

  /** The features of a signal without a valid sample: its counts, and NaN for everything computed from values. */
  static SignalStatistics noValidSample(long nValues, long nInvalid, double invalidFraction) {
    double nan = Double.NaN;
    return new SignalStatistics(nValues, nInvalid, invalidFraction, 0, nan, nan, nan, nan, nan, nan, nan, nan, nan,
        nan, nan, nan, nan, nan, nan, nan);
  }
}
