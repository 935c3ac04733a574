package io.wavebeam.common;

/**
 * Where a long run stands: {@code done} of {@code planned} items (records, rows, files: {@code unit} says which)
 * and bytes, failures so far, time since the start. A planned total of 0 means unknown. Made by the driver from
 * Beam metrics (or, for work outside Beam, from its own loop) and handed to a {@link ProgressListener}.
 */
public record RunProgress(String task, String unit, long done, long planned, long bytesDone, long bytesPlanned,
    long failures, long elapsedNanos, boolean finished) {}
