package io.wavebeam.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The features of every signal of one record segment read successfully, and what it cost to read. The rows travel
 * as their output lines, written once by the worker that computed them: carrying them as objects meant formatting
 * and parsing every number again at each shuffle, which was a third of pass 1's time on 20,000 small files.
 *
 * @param sortKey where the segment's rows go in the group's output: record, then segment
 * @param rowLines one JSON object per signal, in signal order, as {@link WriteGroupOutput#FEATURES_FILE} holds them
 */
public record SegmentResult(String headerPath, String sortKey, long bytes, long samples, List<String> rowLines,
    List<String> warnings) implements Serializable {
  private static final ObjectWriter ROW_WRITER = WriteGroupOutput.mapper().writer();

  public SegmentResult {
    rowLines = List.copyOf(rowLines);
    warnings = List.copyOf(warnings);
  }

  /** The result of a segment whose rows are {@code rows} (one per signal, in signal order). */
  public static SegmentResult of(String headerPath, long bytes, List<FeatureRow> rows, List<String> warnings) {
    List<String> lines = new ArrayList<>(rows.size());
    long samples = 0;
    try {
      for (FeatureRow row : rows) {
        lines.add(ROW_WRITER.writeValueAsString(row));
        samples += row.nValues();
      }
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a record of numbers and strings always serialises
    }
    String key = rows.isEmpty() ? headerPath : rows.get(0).record() + '\u0000' + rows.get(0).segment();
    return new SegmentResult(headerPath, key, bytes, samples, lines, warnings);
  }
}
