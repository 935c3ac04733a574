package io.wavebeam.launch;

import java.util.Map;
import java.util.Optional;

/** Runs Processing jobs: SageMaker, or local processes with the same contract. */
public interface JobExecutor extends AutoCloseable {
  /**
   * Starts the job.
   *
   * @throws CapacityException when the account's limit is reached (ResourceLimitExceeded): start it later
   * @throws JobExistsException when a job of that name exists already (started by an earlier launcher)
   */
  void start(ProcessingJobRequest job);

  /** The job's current status, or empty when no job has that name. */
  Optional<JobStatus> describe(String jobName);

  /** Existing jobs whose name starts with {@code namePrefix}, by name: what a resumed run adopts. */
  Map<String, JobState> existing(String namePrefix);

  void stop(String jobName);

  /** Whether a job may be left running when the launcher exits (false for local processes). */
  boolean outlivesLauncher();

  @Override
  default void close() {}

  /** The account has no capacity for another job now. */
  final class CapacityException extends RuntimeException {
    public CapacityException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A job of that name exists already. */
  final class JobExistsException extends RuntimeException {
    public JobExistsException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
