package io.wavebeam.pipeline.windows;

import java.io.Serializable;
import java.util.List;

/**
 * The windowed rows of one record as their output lines, sorted by signal index then window index.
 *
 * @param record the record name (the master header's, or a numerics record's such as {@code 3000003n})
 * @param headerPath the header it was read from
 * @param windows windows of the record's timeline
 * @param values values read (valid or not, gaps included)
 * @param warnings problems that did not stop reading
 * @param lines the JSON lines of {@code ws_df_windows.json}
 */
public record WindowedRecord(String record, String headerPath, long windows, long values, int warnings,
    List<String> lines) implements Serializable {
  public WindowedRecord {
    lines = List.copyOf(lines);
  }
}
