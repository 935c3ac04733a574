package io.wavebeam.launch;

import java.time.Instant;

/**
 * A job as the executor describes it.
 *
 * @param name the job name
 * @param state its state
 * @param detail a secondary status: Starting (no start time yet), Processing, or the exit message
 * @param failureReason why it failed, or null
 * @param startTime when it started processing, or null
 * @param endTime when it ended, or null
 * @param logs where its log is (a CloudWatch group and stream prefix, or a local file)
 */
public record JobStatus(String name, JobState state, String detail, String failureReason, Instant startTime,
    Instant endTime, String logs) {}
