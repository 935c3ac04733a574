package io.wavebeam.pipeline.windows;

import io.wavebeam.pipeline.features.MixedScaleFeatures;
import io.wavebeam.pipeline.features.SignalFeatures;
import io.wavebeam.pipeline.features.SignalScale;
import io.wavebeam.pipeline.features.SignalStatistics;
import java.util.ArrayList;
import java.util.List;

/**
 * One signal's values in the current window: one {@link SignalFeatures} per segment the window overlaps (each in
 * that segment's scale), plus the invalid values of gaps and of segments that lack the signal. The accumulator of
 * a part is sized for the values the part can hold, so a short window of a 16-bit signal is counted in a small
 * sparse table instead of a 65,536-entry histogram (see {@link SignalFeatures#SignalFeatures(SignalScale, long)}).
 */
final class WindowAccumulator {
  private final SignalScale fallback;
  private final List<SignalFeatures> parts = new ArrayList<>();
  private final List<String> segments = new ArrayList<>();
  private SignalFeatures current;
  /** Where the current part's counts go when it ends: its segment's whole-segment counter (or null). */
  private SignalFeatures currentTarget;
  /** The counter of the last window, cleared, when it can serve the next one. */
  private SignalFeatures spare;
  private long invalidElsewhere;

  /** {@code fallback}: the record's own scale for the signal, used when no segment in the window stores it. */
  WindowAccumulator(SignalScale fallback) {
    this.fallback = fallback;
  }

  /**
   * The part of the segment being read, created for {@code expectedValues} values when the segment starts. When
   * the part ends (the segment or the window does) its counts are merged into {@code segmentTotal}, if given:
   * the counters are exact, so a segment's row is the merge of its window parts, with no second count.
   */
  SignalFeatures part(String segment, SignalScale scale, long expectedValues, SignalFeatures segmentTotal) {
    if (current == null) {
      currentTarget = segmentTotal;
      if (spare != null && spare.fits(scale, expectedValues)) {
        current = spare;
      } else {
        current = new SignalFeatures(scale, expectedValues);
      }
      spare = null;
      parts.add(current);
      segments.add(segment);
    }
    return current;
  }

  /** Values of frames that do not store the signal: a gap, or a segment without it. */
  void addInvalid(long values) {
    invalidElsewhere += values;
  }

  /** The segment being read has ended (or the window has). */
  void endPart() {
    if (current != null && currentTarget != null) {
      currentTarget.merge(current);
    }
    current = null;
    currentTarget = null;
  }

  /** The segments of the window, as a live list: read it before {@link #clearSegments()}. */
  List<String> segments() {
    return segments;
  }

  /** Empties the window's segment list, once its row has read it. */
  void clearSegments() {
    segments.clear();
  }

  /**
   * The window's features; its counters are then empty for the next window, its segment list left for the row to
   * read until {@link #clearSegments()}.
   */
  SignalStatistics finish() {
    SignalStatistics stats;
    if (parts.size() == 1) {
      // the usual window: one segment's values; a part still open ends here, its counts going to its segment's
      // counter in the same pass that finishes the window (a part that ended with its segment was merged then)
      SignalFeatures only = parts.get(0);
      stats = only.finishWindow(only == current ? currentTarget : null, invalidElsewhere);
      spare = only;
      current = null;
      currentTarget = null;
    } else {
      endPart();
      if (parts.isEmpty()) {
        SignalFeatures none = new SignalFeatures(fallback, 0);
        none.addInvalid(invalidElsewhere);
        stats = none.finish();
      } else {
        parts.get(0).addInvalid(invalidElsewhere);
        stats = MixedScaleFeatures.finish(parts);
      }
    }
    parts.clear();
    invalidElsewhere = 0;
    return stats;
  }
}
