package io.wavebeam.pipeline.windows;

import java.io.Serializable;

/**
 * The windowed rows of one record, written by the worker that read it as a part file of the staging folder (its
 * lines sorted by signal index then window index); the writer concatenates the parts in record order, so no
 * step holds the group's rows.
 *
 * @param record the record name (the master header's, or a numerics record's such as {@code 3000003n})
 * @param headerPath the header it was read from
 * @param windows windows of the record's timeline
 * @param values values read (valid or not, gaps included)
 * @param warnings problems that did not stop reading
 * @param rows lines of the part file
 * @param part the part file (a location in the staging folder)
 */
public record WindowedRecord(String record, String headerPath, long windows, long values, int warnings,
    long rows, String part) implements Serializable {}
