package io.wavebeam.launch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeProcessingJobResponse;
import software.amazon.awssdk.services.sagemaker.model.ListProcessingJobsRequest;
import software.amazon.awssdk.services.sagemaker.model.ProcessingJobSummary;
import software.amazon.awssdk.services.sagemaker.model.ResourceInUseException;
import software.amazon.awssdk.services.sagemaker.model.ResourceLimitExceededException;

/** Jobs on SageMaker: CreateProcessingJob, DescribeProcessingJob, ListProcessingJobs, StopProcessingJob. */
public final class SageMakerExecutor implements JobExecutor {
  /** Where SageMaker writes a Processing job's container output; one stream per instance. */
  public static final String LOG_GROUP = "/aws/sagemaker/ProcessingJobs";

  private final SageMakerClient client;
  private final Backoff backoff;

  public SageMakerExecutor(SageMakerClient client, Backoff backoff) {
    this.client = client;
    this.backoff = backoff;
  }

  @Override
  public void start(ProcessingJobRequest job) {
    try {
      backoff.call("CreateProcessingJob " + job.jobName(), () -> client.createProcessingJob(job.request()));
    } catch (ResourceLimitExceededException e) {
      throw new CapacityException(message(e), e);
    } catch (ResourceInUseException e) {
      throw new JobExistsException(message(e), e);
    } catch (AwsServiceException e) {
      String code = code(e);
      if ("ResourceLimitExceeded".equals(code)) {
        throw new CapacityException(message(e), e);
      }
      if ("ResourceInUse".equals(code) || message(e).contains("must be unique")) {
        throw new JobExistsException(message(e), e);
      }
      throw new IllegalStateException("CreateProcessingJob " + job.jobName() + " failed: " + code + ": "
          + message(e), e);
    }
  }

  @Override
  public Optional<JobStatus> describe(String jobName) {
    DescribeProcessingJobResponse r;
    try {
      r = backoff.call("DescribeProcessingJob " + jobName,
          () -> client.describeProcessingJob(b -> b.processingJobName(jobName)));
    } catch (AwsServiceException e) {
      // A missing job is a ValidationException ("Could not find requested job with name ...").
      if ("ValidationException".equals(code(e)) && message(e).toLowerCase().contains("could not find")) {
        return Optional.empty();
      }
      throw new IllegalStateException("DescribeProcessingJob " + jobName + " failed: " + code(e) + ": "
          + message(e), e);
    }
    JobState state = JobState.fromApi(r.processingJobStatusAsString());
    String detail = r.exitMessage() != null && !r.exitMessage().isBlank() ? r.exitMessage().strip()
        : r.processingStartTime() == null ? "Starting" : state.finished() ? "" : "Processing";
    return Optional.of(new JobStatus(jobName, state, detail, r.failureReason(), r.processingStartTime(),
        r.processingEndTime(), logs(jobName)));
  }

  /** The CloudWatch stream to read: SageMaker names it {@code <job>/algo-1-<epoch seconds>}. */
  public static String logs(String jobName) {
    return "CloudWatch log group " + LOG_GROUP + ", stream " + jobName + "/algo-1-*  (aws logs tail " + LOG_GROUP
        + " --log-stream-name-prefix " + jobName + "/)";
  }

  @Override
  public Map<String, JobState> existing(String namePrefix) {
    Map<String, JobState> jobs = new LinkedHashMap<>();
    try {
      ListProcessingJobsRequest request = ListProcessingJobsRequest.builder().nameContains(namePrefix)
          .maxResults(100).build();
      String token = null;
      do {
        ListProcessingJobsRequest page = request.toBuilder().nextToken(token).build();
        var response = backoff.call("ListProcessingJobs", () -> client.listProcessingJobs(page));
        for (ProcessingJobSummary s : response.processingJobSummaries()) {
          // NameContains matches anywhere in the name; only ours start with the run's prefix.
          if (s.processingJobName().startsWith(namePrefix)) {
            jobs.put(s.processingJobName(), JobState.fromApi(s.processingJobStatusAsString()));
          }
        }
        token = response.nextToken();
      } while (token != null && !token.isEmpty());
    } catch (AwsServiceException e) {
      throw new IllegalStateException("ListProcessingJobs (name contains " + namePrefix + ") failed: " + code(e)
          + ": " + message(e), e);
    }
    return jobs;
  }

  @Override
  public void stop(String jobName) {
    try {
      backoff.run("StopProcessingJob " + jobName, () -> client.stopProcessingJob(b -> b.processingJobName(jobName)));
    } catch (AwsServiceException e) {
      throw new IllegalStateException("StopProcessingJob " + jobName + " failed: " + code(e) + ": " + message(e), e);
    }
  }

  @Override
  public boolean outlivesLauncher() {
    return true;
  }

  @Override
  public void close() {
    client.close();
  }

  private static String code(AwsServiceException e) {
    return e.awsErrorDetails() == null ? String.valueOf(e.statusCode()) : e.awsErrorDetails().errorCode();
  }

  private static String message(AwsServiceException e) {
    String m = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorMessage();
    return m == null ? String.valueOf(e.getMessage()) : m;
  }
}
