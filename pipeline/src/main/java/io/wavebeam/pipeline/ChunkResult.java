package io.wavebeam.pipeline;

import java.io.Serializable;

/** What one chunk of a split record produced: partial features, or the failure that sinks the whole record. */
public record ChunkResult(WorkTask task, SegmentSummarizer.Partial partial, RecordFailure failure)
    implements Serializable {
  public static ChunkResult ok(WorkTask task, SegmentSummarizer.Partial partial) {
    return new ChunkResult(task, partial, null);
  }

  public static ChunkResult failed(WorkTask task, RecordFailure failure) {
    return new ChunkResult(task, null, failure);
  }
}
