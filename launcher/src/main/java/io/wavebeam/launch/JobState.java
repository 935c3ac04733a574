package io.wavebeam.launch;

/** Where a job of a launch is, from the launcher's point of view. */
public enum JobState {
  /** Output already there; not started (no --force). */
  SKIPPED(true),
  /** Waiting for a free slot (--max-concurrent) or for SageMaker capacity (ResourceLimitExceeded). */
  QUEUED(false),
  IN_PROGRESS(false),
  STOPPING(false),
  COMPLETED(true),
  FAILED(true),
  STOPPED(true),
  /** Not started because the launcher was interrupted or started with --no-wait. */
  NOT_STARTED(true);

  private final boolean finished;

  JobState(boolean finished) {
    this.finished = finished;
  }

  public boolean finished() {
    return finished;
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
