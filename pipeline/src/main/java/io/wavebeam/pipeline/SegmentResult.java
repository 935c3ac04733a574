package io.wavebeam.pipeline;

import java.io.Serializable;
import java.util.List;

/** The features of every signal of one record segment read successfully, and what it cost to read. */
public record SegmentResult(String headerPath, long bytes, List<FeatureRow> rows, List<String> warnings)
    implements Serializable {
  public SegmentResult {
    rows = List.copyOf(rows);
    warnings = List.copyOf(warnings);
  }

  public long samples() {
    return rows.stream().mapToLong(FeatureRow::nValues).sum();
  }
}
