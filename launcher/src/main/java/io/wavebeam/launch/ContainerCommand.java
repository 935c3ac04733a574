package io.wavebeam.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * The command a Processing job's container runs: {@code java -jar /opt/wavebeam/wavebeam.jar container <job>
 * ARGS} (the Dockerfile's ENTRYPOINT is the same). The {@code container} command maps the SageMaker paths onto the
 * local ones and runs the job with the SparkRunner on {@code local[N]}.
 */
public final class ContainerCommand {
  public static final String ML_ROOT = "/opt/ml";
  public static final String INPUT_PATH = ML_ROOT + "/processing/input";
  public static final String OUTPUT_PATH = ML_ROOT + "/processing/output";
  public static final String JAR_IN_IMAGE = "/opt/wavebeam/wavebeam.jar";
  /** The heap follows the container's memory: 75 % of an ml.m5.4xlarge's 64 GB, leaving room for off-heap. */
  public static final List<String> ENTRYPOINT = List.of("java", "-XX:MaxRAMPercentage=75", "-jar", JAR_IN_IMAGE,
      "container");

  private ContainerCommand() {}

  /** Arguments of pass 1 over one group copied to the input path, with Spark on {@code vcpus} threads. */
  public static List<String> pass1Arguments(String group, int vcpus) {
    return pass1Arguments(group, vcpus, List.of());
  }

  /** As above, then {@code options} (the container passes {@code --window}/{@code --window-align} on). */
  public static List<String> pass1Arguments(String group, int vcpus, List<String> options) {
    List<String> args = sparkJob(
        List.of("pass1", "--input", INPUT_PATH, "--output", OUTPUT_PATH, "--group", group), vcpus, null);
    args.addAll(options);
    return args;
  }

  /**
   * Arguments of pass 1 reading the group straight from {@code input} and writing to {@code output} (both
   * {@code s3://} URIs; Direct input mode), every object written with SSE-KMS under {@code kmsKeyId} when given.
   */
  public static List<String> pass1DirectArguments(String group, int vcpus, String input, String output,
      String kmsKeyId) {
    return sparkJob(List.of("pass1", "--input", input, "--output", output, "--group", group), vcpus, kmsKeyId);
  }

  /** Arguments of pass 1.5 from {@code input} to {@code output} ({@code s3://} URIs; Direct input mode). */
  public static List<String> pass1p5DirectArguments(int vcpus, String input, String output, String kmsKeyId) {
    return sparkJob(List.of("pass1p5", "--input", input, "--output", output), vcpus, kmsKeyId);
  }

  /**
   * Arguments of pass 1.5 over every group's pass-1 output copied to the input path, with Spark on {@code vcpus}
   * threads. The output is a local folder that SageMaker uploads with the output config's KMS key, so the job
   * itself needs no S3 or SSE settings.
   */
  public static List<String> pass1p5Arguments(int vcpus) {
    return sparkJob(List.of("pass1p5", "--input", INPUT_PATH, "--output", OUTPUT_PATH), vcpus, null);
  }

  /** {@code job} on the SparkRunner: {@code vcpus} threads when positive, SSE-KMS under {@code kmsKeyId} if given. */
  private static List<String> sparkJob(List<String> job, int vcpus, String kmsKeyId) {
    List<String> args = new ArrayList<>(job);
    args.addAll(List.of("--runner", "spark"));
    if (vcpus > 0) {
      args.addAll(List.of("--parallelism", Integer.toString(vcpus)));
    }
    if (kmsKeyId != null) {
      args.addAll(List.of("--kms-key-id", kmsKeyId));
    }
    return args;
  }
}
