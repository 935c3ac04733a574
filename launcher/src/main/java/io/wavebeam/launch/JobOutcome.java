package io.wavebeam.launch;

import java.time.Duration;

/**
 * One job's line in the progress view and in the summary.
 *
 * @param job the request
 * @param state where it is
 * @param elapsed since the launcher started (or adopted) it
 * @param detail the secondary status (Starting, Processing, waiting for capacity, ...)
 * @param failureReason SageMaker's FailureReason, or null
 * @param logs where to read its log, or null
 */
public record JobOutcome(ProcessingJobRequest job, JobState state, Duration elapsed, String detail,
    String failureReason, String logs) {}
