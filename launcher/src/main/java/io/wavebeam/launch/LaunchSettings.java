package io.wavebeam.launch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What every Processing job of a launch shares.
 *
 * @param runId names the jobs ({@link JobNames}) and tags them
 * @param image the container image URI
 * @param role the execution role SageMaker assumes for the job
 * @param instanceType e.g. {@code ml.m5.4xlarge}
 * @param volumeSizeGb a fixed volume size, or null to size each job from its input bytes
 * @param inputMode File (copy all, then run) or FastFile (stream on demand)
 * @param maxRuntime the job's StoppingCondition
 * @param kmsKeyId encrypts the uploaded output (ProcessingOutputConfig.KmsKeyId), or null
 * @param volumeKmsKeyId encrypts the instance's volume, or null
 * @param subnets VPC subnets, empty for SageMaker's own network
 * @param securityGroups VPC security groups (needed with subnets)
 * @param networkIsolation no network access from the container at all
 * @param tags user tags added to every job, besides the run id and group
 */
public record LaunchSettings(String runId, String image, String role, String instanceType, Integer volumeSizeGb,
    InputMode inputMode, Duration maxRuntime, String kmsKeyId, String volumeKmsKeyId, List<String> subnets,
    List<String> securityGroups, boolean networkIsolation, Map<String, String> tags) {

  /** SageMaker's upper limit of MaxRuntimeInSeconds (5 days). */
  static final Duration MAX_RUNTIME_LIMIT = Duration.ofDays(5);

  public LaunchSettings {
    JobNames.checkRunId(runId);
    subnets = List.copyOf(subnets);
    securityGroups = List.copyOf(securityGroups);
    tags = Map.copyOf(tags);
    if (!subnets.isEmpty() && securityGroups.isEmpty() || subnets.isEmpty() && !securityGroups.isEmpty()) {
      throw new IllegalArgumentException("--subnets and --security-groups go together (a VpcConfig needs both)");
    }
    if (maxRuntime.isNegative() || maxRuntime.isZero() || maxRuntime.compareTo(MAX_RUNTIME_LIMIT) > 0) {
      throw new IllegalArgumentException("--max-runtime must be between 1 s and 5 days, not " + maxRuntime);
    }
    if (volumeSizeGb != null && (volumeSizeGb < 1 || volumeSizeGb > VolumeSizing.MAX_GB)) {
      throw new IllegalArgumentException("--volume-size-gb must be 1.." + VolumeSizing.MAX_GB);
    }
    if (!InstanceTypes.looksValid(instanceType)) {
      throw new IllegalArgumentException("bad --instance-type '" + instanceType + "' (e.g. ml.m5.4xlarge)");
    }
  }

  /** {@code 24h}, {@code 90m}, {@code 3600s}, {@code 2d} or an ISO-8601 duration ({@code PT24H}). */
  public static Duration parseDuration(String s) {
    String t = s.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.startsWith("p")) {
        return Duration.parse(t.toUpperCase(java.util.Locale.ROOT));
      }
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new IllegalArgumentException();
      };
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad duration '" + s + "' (e.g. 24h, 90m, 3600s, 500ms)");
    }
  }
}
