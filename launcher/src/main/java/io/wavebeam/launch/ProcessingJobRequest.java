package io.wavebeam.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sagemaker.model.AppSpecification;
import software.amazon.awssdk.services.sagemaker.model.CreateProcessingJobRequest;
import software.amazon.awssdk.services.sagemaker.model.NetworkConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingClusterConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutputConfig;
import software.amazon.awssdk.services.sagemaker.model.ProcessingResources;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3Input;
import software.amazon.awssdk.services.sagemaker.model.ProcessingS3Output;
import software.amazon.awssdk.services.sagemaker.model.ProcessingStoppingCondition;
import software.amazon.awssdk.services.sagemaker.model.Tag;
import software.amazon.awssdk.services.sagemaker.model.VpcConfig;

/**
 * One Processing job to start: its name, what it is for, and the complete CreateProcessingJob request.
 *
 * @param jobName the deterministic name ({@link JobNames})
 * @param pass {@code pass1} or {@code pass1p5}
 * @param group the group of a pass-1 job, or null
 * @param input the S3 prefix copied to {@code /opt/ml/processing/input}
 * @param output the S3 prefix {@code /opt/ml/processing/output} is uploaded to
 * @param request the SDK request, ready to send
 */
public record ProcessingJobRequest(String jobName, String pass, String group, S3Location input, S3Location output,
    CreateProcessingJobRequest request) {

  public static final String PASS1 = "pass1";
  public static final String PASS1P5 = "pass1p5";
  public static final String TAG_RUN_ID = "wavebeam:run-id";
  public static final String TAG_GROUP = "wavebeam:group";
  public static final String TAG_PASS = "wavebeam:pass";

  /** Pass 1 over one group: its whole prefix FullyReplicated onto one instance. */
  public static ProcessingJobRequest pass1(LaunchSettings s, GroupPrefix g) {
    return pass1(s, g, List.of());
  }

  /** As above, with options added to the container's {@code pass1} command (e.g. {@code --window 5m}). */
  public static ProcessingJobRequest pass1(LaunchSettings s, GroupPrefix g, List<String> pass1Options) {
    String name = JobNames.pass1(s.runId(), g.group());
    int vcpus = InstanceTypes.vcpus(s.instanceType());
    Map<String, String> env = environment(s, PASS1);
    env.put("WAVEBEAM_GROUP", g.group());
    List<String> arguments = new ArrayList<>(s.inputMode().sageMakerCopies()
        ? ContainerCommand.pass1Arguments(g.group(), vcpus)
        : ContainerCommand.pass1DirectArguments(g.group(), vcpus, g.input().uri(), g.output().uri(), s.kmsKeyId()));
    arguments.addAll(pass1Options);
    CreateProcessingJobRequest r = build(s, name, "records", g.input(), "features", g.output(), g.inputBytes(),
        arguments, env, tags(s, PASS1, g.group()));
    return new ProcessingJobRequest(name, PASS1, g.group(), g.input(), g.output(), r);
  }

  /** Pass 1.5 over every group's pass-1 output (the whole output prefix of pass 1). */
  public static ProcessingJobRequest pass1p5(LaunchSettings s, S3Location pass1Output, long inputBytes,
      S3Location destination) {
    String name = JobNames.pass1p5(s.runId());
    int vcpus = InstanceTypes.vcpus(s.instanceType());
    List<String> arguments = s.inputMode().sageMakerCopies() ? ContainerCommand.pass1p5Arguments(vcpus)
        : ContainerCommand.pass1p5DirectArguments(vcpus, pass1Output.uri(), destination.uri(), s.kmsKeyId());
    CreateProcessingJobRequest r = build(s, name, "pass1-output", pass1Output, "combined", destination, inputBytes,
        arguments, environment(s, PASS1P5), tags(s, PASS1P5, null));
    return new ProcessingJobRequest(name, PASS1P5, null, pass1Output, destination, r);
  }

  /** What the progress view and the summary call this job. */
  public String label() {
    return group != null ? group : pass;
  }

  private static CreateProcessingJobRequest build(LaunchSettings s, String name, String inputName, S3Location in,
      String outputName, S3Location out, long inputBytes, List<String> arguments, Map<String, String> env,
      List<Tag> tags) {
    int volume = s.volumeSizeGb() != null ? s.volumeSizeGb() : VolumeSizing.gigabytes(s.inputMode(), inputBytes);
    ProcessingClusterConfig cluster = ProcessingClusterConfig.builder()
        // One instance: the SparkRunner runs local[N] inside it; a second instance would get a full copy too.
        .instanceCount(1)
        .instanceType(s.instanceType())
        .volumeSizeInGB(volume)
        .volumeKmsKeyId(s.volumeKmsKeyId())
        .build();
    NetworkConfig.Builder network = NetworkConfig.builder().enableNetworkIsolation(s.networkIsolation());
    if (!s.subnets().isEmpty()) {
      network.vpcConfig(VpcConfig.builder().subnets(s.subnets()).securityGroupIds(s.securityGroups()).build());
    }
    CreateProcessingJobRequest.Builder request = CreateProcessingJobRequest.builder()
        .processingJobName(name)
        .roleArn(s.role())
        .processingResources(ProcessingResources.builder().clusterConfig(cluster).build())
        .stoppingCondition(ProcessingStoppingCondition.builder()
            .maxRuntimeInSeconds((int) s.maxRuntime().toSeconds()).build())
        .appSpecification(AppSpecification.builder()
            .imageUri(s.image())
            .containerEntrypoint(ContainerCommand.ENTRYPOINT)
            .containerArguments(arguments)
            .build())
        .environment(env)
        .networkConfig(network.build())
        .tags(tags);
    if (s.inputMode().sageMakerCopies()) {
      request.processingInputs(processingInput(s, inputName, in)).processingOutputConfig(outputConfig(s, outputName,
          out));
    }
    return request.build();
  }

  private static ProcessingInput processingInput(LaunchSettings s, String inputName, S3Location in) {
    return ProcessingInput.builder()
        .inputName(inputName)
        .s3Input(ProcessingS3Input.builder()
            .s3Uri(in.uri())
            .localPath(ContainerCommand.INPUT_PATH)
            .s3DataType("S3Prefix")
            .s3InputMode(s.inputMode().apiName())
            // Every file of a record (headers, segments, layout) must be on the one machine that reads it.
            .s3DataDistributionType("FullyReplicated")
            .s3CompressionType("None")
            .build())
        .build();
  }

  private static ProcessingOutputConfig outputConfig(LaunchSettings s, String outputName, S3Location out) {
    return ProcessingOutputConfig.builder()
        .outputs(ProcessingOutput.builder()
            .outputName(outputName)
            .s3Output(ProcessingS3Output.builder()
                .s3Uri(out.uri())
                .localPath(ContainerCommand.OUTPUT_PATH)
                // The pass writes its manifest last; uploading at the end publishes a complete output only.
                .s3UploadMode("EndOfJob")
                .build())
            .build())
        .kmsKeyId(s.kmsKeyId())
        .build();
  }

  private static Map<String, String> environment(LaunchSettings s, String pass) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("WAVEBEAM_RUN_ID", s.runId());
    env.put("WAVEBEAM_PASS", pass);
    // Spark binds its driver to this address; a container's hostname may not resolve.
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return env;
  }

  private static List<Tag> tags(LaunchSettings s, String pass, String group) {
    List<Tag> tags = new ArrayList<>();
    tags.add(Tag.builder().key(TAG_RUN_ID).value(s.runId()).build());
    tags.add(Tag.builder().key(TAG_PASS).value(pass).build());
    if (group != null) {
      tags.add(Tag.builder().key(TAG_GROUP).value(group).build());
    }
    s.tags().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> tags.add(Tag.builder().key(e.getKey()).value(e.getValue()).build()));
    return tags;
  }
}
