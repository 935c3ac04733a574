package io.wavebeam.pipeline;

import java.io.Serializable;
import java.util.Map;

/**
 * One piece of reading: frames [{@code from}, {@code to}) of one single-segment record (a segment of a
 * multi-segment record, or a numerics record). A very large segment is split into several chunks; each chunk's
 * partial features are merged after a GroupByKey on {@link #headerPath}.
 *
 * @param headerPath the record's header file: a local path or a URI of a Beam file system
 * @param recordSet the record-set folder the header lies in (e.g. {@code 3000003})
 * @param segment the record name of the header (e.g. {@code 3000003_0001})
 * @param from first frame
 * @param to frame after the last; -1 when planning could not open the record (the worker reads it all, or reports
 *     why it cannot)
 * @param bytes bytes of signal data this task reads, from the files' real sizes
 * @param chunk index of this chunk, 0-based
 * @param chunks number of chunks of the record; 1 when the record is read whole
 * @param problem why the record cannot be read, when planning already knows (a broken master header, a header
 *     that is not a regular file, ...); the worker reports it without reading; null otherwise
 * @param fileSizes the listed sizes of the record's header and signal files, by location, so that the worker opens
 *     them without asking the store again (from S3, a HEAD request per file); empty when not listed
 */
public record WorkTask(String headerPath, String recordSet, String segment, long from, long to, long bytes,
    int chunk, int chunks, String problem, Map<String, Long> fileSizes) implements Serializable {

  public WorkTask {
    fileSizes = fileSizes == null ? Map.of() : Map.copyOf(fileSizes);
  }

  public WorkTask(String headerPath, String recordSet, String segment, long from, long to, long bytes, int chunk,
      int chunks, String problem) {
    this(headerPath, recordSet, segment, from, to, bytes, chunk, chunks, problem, Map.of());
  }

  public WorkTask(String headerPath, String recordSet, String segment, long from, long to, long bytes, int chunk,
      int chunks) {
    this(headerPath, recordSet, segment, from, to, bytes, chunk, chunks, null);
  }

  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isWhole() {
    return chunks <= 1;
  }
}
