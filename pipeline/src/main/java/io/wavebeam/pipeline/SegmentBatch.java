package io.wavebeam.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * The segments one work unit (or one merge of a split record) read. Results travel in batches because the
 * DirectRunner's bookkeeping costs about the same per element whatever its size: a group of 20,000 small files
 * as 9,000 elements spent most of its time there.
 */
public record SegmentBatch(List<SegmentResult> segments) implements Serializable {
  public SegmentBatch {
    segments = List.copyOf(segments);
  }
}
