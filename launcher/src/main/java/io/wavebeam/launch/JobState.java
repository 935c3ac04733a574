package io.wavebeam.launch;

/** Where a job of a launch is, from the launcher's point of view. */
public enum JobState {
  /** Output already there; not started (no --force). */
  SKIPPED,
  /** Waiting for a free slot (--max-concurrent) or for SageMaker capacity (ResourceLimitExceeded). */
  QUEUED,
  IN_PROGRESS,
  STOPPING,
  COMPLETED,
  FAILED,
  STOPPED,
  /** Not started because the launcher was interrupted or started with --no-wait. */
  NOT_STARTED;

  /** Neither waiting for a slot nor running: nothing more will happen to the job in this launch. */
  public boolean finished() {
    return this != QUEUED && !active();
  }

  public boolean active() {
    return this == IN_PROGRESS || this == STOPPING;
  }

  public boolean succeeded() {
    return this == COMPLETED || this == SKIPPED;
  }

  /** From DescribeProcessingJob's ProcessingJobStatus. */
  public static JobState fromApi(String status) {
    return switch (status == null ? "" : status) {
      case "InProgress" -> IN_PROGRESS;
      case "Stopping" -> STOPPING;
      case "Completed" -> COMPLETED;
      case "Failed" -> FAILED;
      case "Stopped" -> STOPPED;
      default -> throw new IllegalArgumentException("unknown ProcessingJobStatus '" + status + "'");
    };
  }
}
