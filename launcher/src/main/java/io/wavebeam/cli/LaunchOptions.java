package io.wavebeam.cli;

import io.wavebeam.launch.InputMode;
import io.wavebeam.launch.InterruptPolicy;
import io.wavebeam.launch.JobNames;
import io.wavebeam.launch.LaunchSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every {@code wavebeam launch} job shares. */
final class LaunchOptions {
  @Option(names = "--bucket", required = true, paramLabel = "B", description = "The S3 bucket of inputs and outputs.")
  String bucket;

  @Option(names = "--image", paramLabel = "URI",
      description = "Container image (ECR URI) built from the Dockerfile. Required unless --local.")
  String image;

  @Option(names = "--role", paramLabel = "ARN",
      description = "Execution role SageMaker assumes (its permissions: README, section IAM). Required unless --local.")
  String role;

  @Option(names = "--instance-type", defaultValue = "ml.m5.4xlarge", paramLabel = "TYPE",
      description = "Instance type of each job; Spark runs local[vCPUs] on it. Default: ${DEFAULT-VALUE}.")
  String instanceType;

  @Option(names = "--input-mode", defaultValue = "File", paramLabel = "File|FastFile|Direct",
      description = {"File (default): the whole input prefix is copied to the volume before the job starts; the "
          + "volume is sized from the listed bytes, and reading is fastest. Use for groups that fit a volume "
          + "(up to ~14 TB) and are read in full.",
          "FastFile: objects are streamed from S3 on demand, nothing is copied, the volume stays small and the "
              + "job starts at once; reads pay S3 latency. Use for very large groups or to save the copy time.",
          "Direct: no ProcessingInput or ProcessingOutput; the container gets s3:// URIs and reads the group and "
              + "writes its output (SSE-KMS with --kms-key-id) itself, with ranged reads in parallel; the volume "
              + "stays at the minimum. The execution role needs S3 access to both prefixes (README, IAM)."})
  String inputMode;

  @Option(names = "--volume-size-gb", paramLabel = "N",
      description = "Volume size of each job. Default: File mode: the group's S3 bytes + 10%% + 20 GB (at least "
          + "30 GB); FastFile and Direct: 30 GB.")
  Integer volumeSizeGb;

  @Option(names = "--max-runtime", defaultValue = "24h", paramLabel = "DURATION",
      description = "StoppingCondition of each job (e.g. 24h, 90m; at most 5 days). Default: ${DEFAULT-VALUE}.")
  String maxRuntime;

  @Option(names = "--max-concurrent", defaultValue = "4", paramLabel = "N",
      description = "Jobs running at once at most; the rest wait in a queue. Default: ${DEFAULT-VALUE}.")
  int maxConcurrent;

  @Option(names = "--kms-key-id", paramLabel = "ID",
      description = "KMS key the output is uploaded with (SSE-KMS; ProcessingOutputConfig.KmsKeyId).")
  String kmsKeyId;

  @Option(names = "--volume-kms-key-id", paramLabel = "ID", description = "KMS key that encrypts each job's volume.")
  String volumeKmsKeyId;

  @Option(names = "--subnets", split = ",", paramLabel = "ID", description = "VPC subnets of the jobs (with --security-groups).")
  List<String> subnets = new ArrayList<>();

  @Option(names = "--security-groups", split = ",", paramLabel = "ID", description = "VPC security groups of the jobs.")
  List<String> securityGroups = new ArrayList<>();

  @Option(names = "--network-isolation", description = "No network access from the container (inputs and outputs "
      + "are still copied by SageMaker).")
  boolean networkIsolation;

  @Option(names = "--tag", paramLabel = "K=V", description = "A tag for every job (repeatable); wavebeam:run-id, "
      + "wavebeam:pass and wavebeam:group are always set.")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(names = "--run-id", paramLabel = "ID", description = "Names the jobs: wb-<ID>-p1-<group> (pass 1), "
      + "wb-<ID>-p1p5 (pass 1.5). Run again with the same ID to resume: existing jobs are followed, never created twice. Default: the UTC time.")
  String runId;

  @Option(names = "--force", description = "Start groups whose output manifest exists already (default: skip them).")
  boolean force;

  @Option(names = "--no-wait", description = "Start what may start (up to --max-concurrent) and return.")
  boolean noWait;

  @Option(names = "--dry-run", description = "Print each CreateProcessingJob request as JSON and start nothing "
      + "(S3 is only listed, to find groups, sizes and finished outputs).")
  boolean dryRun;

  @Option(names = "--region", paramLabel = "R", description = "AWS region (default: the SDK's region chain).")
  String region;

  @Option(names = "--endpoint-url", paramLabel = "URL",
      description = "S3 endpoint: any S3-compatible server (path-style addressing).")
  String endpointUrl;

  @Option(names = "--sagemaker-endpoint-url", paramLabel = "URL", description = "SageMaker API endpoint override.")
  String sageMakerEndpointUrl;

  @Option(names = "--poll-interval", defaultValue = "30s", paramLabel = "DURATION",
      description = "Time between two status rounds. Default: ${DEFAULT-VALUE}.")
  String pollInterval;

  @Option(names = "--retry-base-delay", defaultValue = "1s", paramLabel = "DURATION",
      description = "First back-off after ThrottlingException; doubles per retry, with jitter. Default: ${DEFAULT-VALUE}.")
  String retryBaseDelay;

  @Option(names = "--on-interrupt", defaultValue = "ask", paramLabel = "ask|stop|leave",
      description = "What Ctrl-C does to running jobs: ask (without a terminal: leave), stop, leave. Default: "
          + "${DEFAULT-VALUE}.")
  String onInterrupt;

  @Option(names = "--local", description = "Run each job as a local process with the container's contract instead "
      + "of on SageMaker: the S3 input is copied to a temp folder, the output uploaded (with SSE-KMS when "
      + "--kms-key-id is given). With --endpoint-url no AWS account is needed.")
  boolean local;

  @Option(names = "--local-work-dir", paramLabel = "DIR",
      description = "Where --local jobs get their /opt/ml tree (default: a temp folder, deleted afterwards).")
  Path localWorkDir;

  @Option(names = "--local-command", paramLabel = "CMD",
      description = "The command that starts a --local job's container process, split at spaces (default: java "
          + "-jar <this wavebeam jar>, or java -cp <this class path> io.wavebeam.cli.WavebeamCommand).")
  String localCommand;

  @Option(names = "--local-runner", defaultValue = "spark", paramLabel = "spark|direct",
      description = "Beam runner of --local pass-1 jobs (SageMaker jobs always use spark). Default: ${DEFAULT-VALUE}.")
  String localRunner;

  LaunchSettings settings() {
    String id = runId != null ? runId : JobNames.newRunId(Clock.systemUTC());
    if (!local) {
      require(image, "--image");
      require(role, "--role");
    }
    return new LaunchSettings(id, image != null ? image : "local", role != null ? role : "local", instanceType,
        volumeSizeGb, InputMode.parse(inputMode), LaunchSettings.parseDuration(maxRuntime), blank(kmsKeyId),
        blank(volumeKmsKeyId), subnets, securityGroups, networkIsolation, tags);
  }

  InterruptPolicy interruptPolicy() {
    return InterruptPolicy.parse(onInterrupt);
  }

  private static void require(String value, String option) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " is required (unless --local)");
    }
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
