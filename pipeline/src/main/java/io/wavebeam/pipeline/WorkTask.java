package io.wavebeam.pipeline;

import java.io.Serializable;

/**
 * One piece of reading: frames [{@code from}, {@code to}) of one single-segment record (a segment of a
 * multi-segment record, or a numerics record). A very large segment is split into several chunks; each chunk's
 * partial features are merged after a GroupByKey on {@link #headerPath}.
 *
 * @param headerPath the record's header file
 * @param recordSet the record-set folder the header lies in (e.g. {@code 3000003})
 * @param segment the record name of the header (e.g. {@code 3000003_0001})
 * @param from first frame
 * @param to frame after the last; -1 when planning could not open the record (the worker reads it all, or reports
 *     why it cannot)
 * @param bytes estimated bytes of signal data this task reads
 * @param chunk index of this chunk, 0-based
 * @param chunks number of chunks of the record; 1 when the record is read whole
 */
public record WorkTask(String headerPath, String recordSet, String segment, long from, long to, long bytes,
    int chunk, int chunks) implements Serializable {

  public boolean isWhole() {
    return chunks <= 1;
  }
}
