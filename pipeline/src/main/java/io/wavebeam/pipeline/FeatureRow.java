package io.wavebeam.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.wavebeam.pipeline.features.SignalStatistics;
import java.io.Serializable;

/**
 * One line of {@code ws_df_group.json}: the identity and features of one signal of one record segment. Fields are
 * written in snake case ({@code signal_index}, {@code n_values}, ...), the sample features ({@link FeatureValues},
 * shared with the window rows) flat after {@code duration_s}; undefined values (NaN) are written as null, which
 * pandas reads as NaN. Every field is defined in docs/features.md.
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

  /** Identity of one signal of one record segment; everything about it that does not depend on the samples. */
  public record Identity(String group, String record, String segment, String signal, int signalIndex,
      String units, Integer fmt, double frameFrequency, int samplesPerFrame, double adcGain, int baseline,
      String baseTime, String baseDate, long nFrames) implements Serializable {}

  public static FeatureRow of(Identity id, SignalStatistics s) {
    double duration = id.nFrames() / id.frameFrequency();
    return new FeatureRow(id.group(), id.record(), id.segment(), id.signal(), id.signalIndex(), id.units(),
        id.fmt(), id.frameFrequency() * id.samplesPerFrame(), id.samplesPerFrame(), id.adcGain(), id.baseline(),
        id.baseTime(), id.baseDate(), id.nFrames(), s.nValues(), FeatureValues.orNull(duration),
        FeatureValues.of(s));
  }
}
