package io.wavebeam.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * The driver's listing of one group folder, made at pipeline construction time.
 *
 * @param group group name written into every output row
 * @param root the group folder
 * @param units balanced work units, the pipeline's elements
 * @param headers header files found
 * @param skippedHeaders headers with no signal file of their own (master and layout headers)
 * @param records record segments to read (including those planning could not open: they fail in the workers)
 * @param splitRecords records split into frame ranges
 * @param bytes estimated signal bytes of all records
 * @param chunkBytes records larger than this are split into chunks of about this size
 * @param masters the multi-segment (master) headers that could be parsed, with the segment headers they list: a
 *     windowed run ({@code --window}) reads each such record as a whole
 */
public record GroupPlan(String group, String root, List<WorkUnit> units, int headers, int skippedHeaders,
    int records, int splitRecords, long bytes, long chunkBytes, List<Master> masters) implements Serializable {
  public GroupPlan {
    units = List.copyOf(units);
    masters = List.copyOf(masters);
  }

  /**
   * A multi-segment record's master header.
   *
   * @param header its location
   * @param record the record name on its first line
   * @param segmentHeaders the locations of the segment headers it lists (gaps left out), in order
   */
  public record Master(String header, String record, List<String> segmentHeaders) implements Serializable {
    public Master {
      segmentHeaders = List.copyOf(segmentHeaders);
    }
  }
}
