package io.wavebeam.launch;

import io.wavebeam.common.S3TestServer;
import io.wavebeam.cli.CliRun;

import static io.wavebeam.launch.LaunchTestSupport.concat;
import static io.wavebeam.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code wavebeam launch} against an in-process SageMaker JSON-protocol server (WireMock) and a real S3-compatible
 * server (S3Proxy), with the real SDK clients pointed at them.
 */
class LaunchSageMakerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String IMAGE = "123456789012.dkr.ecr.us-east-1.amazonaws.com/wavebeam:0.1.0";
  static final String ROLE = "arn:aws:iam::123456789012:role/wavebeam-processing";
  static final List<String> GROUPS = IntStream.rangeClosed(30, 39).mapToObj(Integer::toString).toList();

  static FakeSageMaker sageMaker;
  static S3TestServer s3;
  static int buckets;
  String bucket;

  @BeforeAll
  static void start() throws Exception {
    LaunchTestSupport.dummyCredentials();
    sageMaker = new FakeSageMaker();
    s3 = S3TestServer.start();
  }

  @AfterAll
  static void stop() throws Exception {
    sageMaker.close();
    s3.close();
  }

  /** A fresh bucket with ten groups; group 3N has N+1 records of 1000 bytes each. */
  @BeforeEach
  void freshBucket() {
    sageMaker.reset();
    bucket = "wavebeam-test-" + (++buckets);
    s3.createBucket(bucket);
    for (String g : GROUPS) {
      int records = Integer.parseInt(g) - 29;
      for (int r = 0; r < records; r++) {
        s3.put(bucket, "data_inputs/" + g + "/" + g + "0000" + r + "/" + g + "0000" + r + ".hea", new byte[1000]);
      }
    }
    // Not a group of ours: outputs of another prefix that auto must not pick up.
    s3.put(bucket, "other/readme.txt", "x".getBytes(StandardCharsets.UTF_8));
  }

  List<String> base(String runId) {
    return List.of("launch", "pass1", "--bucket", bucket, "--image", IMAGE, "--role", ROLE, "--run-id", runId,
        "--region", "us-east-1", "--endpoint-url", s3.endpoint(), "--sagemaker-endpoint-url", sageMaker.endpoint(),
        "--poll-interval", "5ms", "--retry-base-delay", "1ms", "--on-interrupt", "leave");
  }

  List<String> full(String runId) {
    return new ArrayList<>(List.of(concat(base(runId), "--groups", "auto", "--max-concurrent", "10",
        "--kms-key-id", "arn:aws:kms:us-east-1:123456789012:key/out-key", "--volume-kms-key-id", "vol-key",
        "--subnets", "subnet-a,subnet-b", "--security-groups", "sg-1", "--network-isolation",
        "--tag", "project=mimic", "--max-runtime", "12h")));
  }

  @Test
  void tenGroupRequestsAreCompleteFieldByField() throws Exception {
    CliRun r = run(full("r1").toArray(String[]::new));
    assertEquals(0, r.exit(), r.toString());

    List<JsonNode> bodies = sageMaker.createBodies();
    assertEquals(10, bodies.size(), r.toString());
    assertEquals(10, new HashSet<>(sageMaker.created).size());
    for (int i = 0; i < 10; i++) {
      JsonNode b = bodies.get(i);
      String g = b.path("Environment").path("WAVEBEAM_GROUP").asText();
      assertEquals("wb-r1-p1-" + g, b.path("ProcessingJobName").asText());
      assertTrue(b.path("ProcessingJobName").asText().matches("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}"));
      assertEquals(ROLE, b.path("RoleArn").asText());

      JsonNode inputs = b.path("ProcessingInputs");
      assertEquals(1, inputs.size());
      JsonNode in = inputs.get(0).path("S3Input");
      assertEquals("records", inputs.get(0).path("InputName").asText());
      assertEquals("s3://" + bucket + "/data_inputs/" + g + "/", in.path("S3Uri").asText());
      assertEquals("/opt/ml/processing/input", in.path("LocalPath").asText());
      assertEquals("S3Prefix", in.path("S3DataType").asText());
      assertEquals("File", in.path("S3InputMode").asText());
      assertEquals("FullyReplicated", in.path("S3DataDistributionType").asText());
      assertEquals("None", in.path("S3CompressionType").asText());

      JsonNode outputs = b.path("ProcessingOutputConfig");
      assertEquals("arn:aws:kms:us-east-1:123456789012:key/out-key", outputs.path("KmsKeyId").asText());
      assertEquals(1, outputs.path("Outputs").size());
      JsonNode out = outputs.path("Outputs").get(0);
      assertEquals("features", out.path("OutputName").asText());
      assertEquals("s3://" + bucket + "/data_outputs/" + g + "/", out.path("S3Output").path("S3Uri").asText());
      assertEquals("/opt/ml/processing/output", out.path("S3Output").path("LocalPath").asText());
      assertEquals("EndOfJob", out.path("S3Output").path("S3UploadMode").asText());

      JsonNode cluster = b.path("ProcessingResources").path("ClusterConfig");
      assertEquals(1, cluster.path("InstanceCount").asInt());
      assertEquals("ml.m5.4xlarge", cluster.path("InstanceType").asText());
      // A few KB of input: the minimum volume.
      assertEquals(VolumeSizing.MIN_GB, cluster.path("VolumeSizeInGB").asInt());
      assertEquals("vol-key", cluster.path("VolumeKmsKeyId").asText());

      assertEquals(12 * 3600, b.path("StoppingCondition").path("MaxRuntimeInSeconds").asInt());

      JsonNode app = b.path("AppSpecification");
      assertEquals(IMAGE, app.path("ImageUri").asText());
      assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/wavebeam/wavebeam.jar", "container"),
          strings(app.path("ContainerEntrypoint")));
      assertEquals(List.of("pass1", "--input", "/opt/ml/processing/input", "--output", "/opt/ml/processing/output",
          "--group", g, "--runner", "spark", "--parallelism", "16"), strings(app.path("ContainerArguments")));

      JsonNode env = b.path("Environment");
      assertEquals(4, env.size(), env.toString());
      assertEquals("r1", env.path("WAVEBEAM_RUN_ID").asText());
      assertEquals("pass1", env.path("WAVEBEAM_PASS").asText());
      assertEquals("127.0.0.1", env.path("SPARK_LOCAL_IP").asText());

      JsonNode net = b.path("NetworkConfig");
      assertTrue(net.path("EnableNetworkIsolation").asBoolean());
      assertEquals(List.of("subnet-a", "subnet-b"), strings(net.path("VpcConfig").path("Subnets")));
      assertEquals(List.of("sg-1"), strings(net.path("VpcConfig").path("SecurityGroupIds")));

      assertEquals("[{\"Key\":\"wavebeam:run-id\",\"Value\":\"r1\"},{\"Key\":\"wavebeam:pass\",\"Value\":\"pass1\"},"
          + "{\"Key\":\"wavebeam:group\",\"Value\":\"" + g + "\"},{\"Key\":\"project\",\"Value\":\"mimic\"}]",
          b.path("Tags").toString());
    }
    assertEquals(GROUPS, bodies.stream().map(b -> b.path("Environment").path("WAVEBEAM_GROUP").asText()).toList());
    assertTrue(r.out().contains("10 of 10 succeeded"), r.out());
  }

  @Test
  void dryRunPrintsTheSameRequestsAndCallsNothing() throws Exception {
    List<String> args = full("r2");
    args.add("--dry-run");
    CliRun dry = run(args.toArray(String[]::new));
    assertEquals(0, dry.exit(), dry.toString());
    assertEquals(List.of(), sageMaker.calls, "a dry run calls no SageMaker API");
    JsonNode printed = JSON.readTree(dry.out());
    assertEquals(10, printed.size());

    CliRun real = run(full("r2").toArray(String[]::new));
    assertEquals(0, real.exit(), real.toString());
    List<JsonNode> sent = sageMaker.createBodies();
    for (int i = 0; i < 10; i++) {
      assertEquals(sent.get(i), printed.get(i), "what --dry-run prints is what is sent");
    }
  }

  @Test
  void volumeFromOptionAndFastFileMode() throws Exception {
    List<String> args = new ArrayList<>(List.of(concat(base("r3"), "--groups", "30,32", "--input-mode", "FastFile",
        "--instance-type", "ml.m5.xlarge", "--dry-run")));
    JsonNode fast = JSON.readTree(run(args.toArray(String[]::new)).out());
    assertEquals(2, fast.size());
    assertEquals("FastFile", fast.get(1).path("ProcessingInputs").get(0).path("S3Input").path("S3InputMode").asText());
    assertEquals(VolumeSizing.MIN_GB, fast.get(1).path("ProcessingResources").path("ClusterConfig")
        .path("VolumeSizeInGB").asInt());
    assertEquals("4", strings(fast.get(0).path("AppSpecification").path("ContainerArguments")).get(10));
    // No VPC given: no VpcConfig, isolation off.
    assertFalse(fast.get(0).path("NetworkConfig").has("VpcConfig"));
    assertFalse(fast.get(0).path("NetworkConfig").path("EnableNetworkIsolation").asBoolean());

    JsonNode fixed = JSON.readTree(run(concat(base("r3"), "--groups", "31", "--volume-size-gb", "800", "--dry-run"))
        .out());
    assertEquals(800, fixed.get(0).path("ProcessingResources").path("ClusterConfig").path("VolumeSizeInGB").asInt());
    assertEquals(List.of(), sageMaker.calls);
  }

  @Test
  void directInputModeHasNoCopyAndGivesTheContainerS3Uris() throws Exception {
    String key = "arn:aws:kms:us-east-1:123456789012:key/out-key";
    List<String> args = new ArrayList<>(List.of(concat(base("r13"), "--groups", "30,31", "--input-mode", "Direct",
        "--kms-key-id", key, "--instance-type", "ml.m5.xlarge")));
    CliRun real = run(args.toArray(String[]::new));
    assertEquals(0, real.exit(), real.toString());
    List<JsonNode> bodies = sageMaker.createBodies();
    assertEquals(2, bodies.size(), real.toString());
    for (JsonNode b : bodies) {
      String g = b.path("Environment").path("WAVEBEAM_GROUP").asText();
      assertEquals("wb-r13-p1-" + g, b.path("ProcessingJobName").asText());
      assertFalse(b.has("ProcessingInputs"), "nothing is copied: " + b);
      assertFalse(b.has("ProcessingOutputConfig"), "nothing is uploaded by SageMaker: " + b);
      assertEquals(List.of("pass1", "--input", "s3://" + bucket + "/data_inputs/" + g + "/", "--output",
          "s3://" + bucket + "/data_outputs/" + g + "/", "--group", g, "--runner", "spark", "--parallelism", "4",
          "--kms-key-id", key), strings(b.path("AppSpecification").path("ContainerArguments")));
      assertEquals(List.of("java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/wavebeam/wavebeam.jar", "container"),
          strings(b.path("AppSpecification").path("ContainerEntrypoint")));
      JsonNode cluster = b.path("ProcessingResources").path("ClusterConfig");
      assertEquals(VolumeSizing.MIN_GB, cluster.path("VolumeSizeInGB").asInt(), "the volume at the minimum");
      assertEquals("ml.m5.xlarge", cluster.path("InstanceType").asText());
      assertEquals(ROLE, b.path("RoleArn").asText());
    }
    // --dry-run prints exactly these requests and calls nothing
    sageMaker.reset();
    args.set(args.indexOf("r13"), "r14");
    args.add("--dry-run");
    CliRun dry = run(args.toArray(String[]::new));
    assertEquals(0, dry.exit(), dry.toString());
    assertEquals(List.of(), sageMaker.calls);
    JsonNode printed = JSON.readTree(dry.out());
    assertEquals(2, printed.size());
    for (int i = 0; i < 2; i++) {
      assertEquals(bodies.get(i).toString().replace("r13", "r14"), printed.get(i).toString());
    }
  }

  @Test
  void throttlingIsRetriedWithoutDuplicates() {
    sageMaker.throttleNext = 5;
    CliRun r = run(full("r4").toArray(String[]::new));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(5, sageMaker.throttled);
    assertEquals(10, sageMaker.created.size());
    assertEquals(10, new HashSet<>(sageMaker.created).size());
  }

  @Test
  void resourceLimitKeepsJobsQueuedUntilOneEnds() {
    sageMaker.capacity = 3;
    CliRun r = run(full("r5").toArray(String[]::new));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(sageMaker.capacityRejections > 0, "the account limit was hit");
    assertEquals(3, sageMaker.peakRunning);
    assertEquals(10, sageMaker.created.size());
    assertEquals(10, new HashSet<>(sageMaker.created).size());
    assertTrue(r.out().contains("waiting for capacity (ResourceLimitExceeded)"), r.out());
  }

  @Test
  void neverMoreThanMaxConcurrent() {
    CliRun r = run(concat(base("r6"), "--groups", "30-39", "--max-concurrent", "2"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(2, sageMaker.peakRunning);
    assertEquals(10, sageMaker.created.size());
    assertEquals(0, sageMaker.capacityRejections);
  }

  @Test
  void failedJobShowsReasonAndLogsAndExitStatus() {
    sageMaker.failingGroups.add("33");
    CliRun r = run(concat(base("r7"), "--groups", "30-35", "--max-concurrent", "6"));
    assertEquals(3, r.exit(), r.toString());
    assertTrue(r.out().contains("reason: AlgorithmError: wavebeam container: group 33 exited with code 1"), r.out());
    assertTrue(r.out().contains("/aws/sagemaker/ProcessingJobs, stream wb-r7-p1-33/algo-1-*"), r.out());
    assertTrue(r.out().contains("5 of 6 succeeded"), r.out());
  }

  @Test
  void resumedRunFollowsItsJobsAndCreatesNoDuplicates() {
    // A first launcher starts four jobs and goes away (as if killed).
    CliRun first = run(concat(base("r8"), "--groups", "30-39", "--max-concurrent", "4", "--no-wait"));
    assertEquals(0, first.exit(), first.toString());
    assertEquals(4, sageMaker.created.size());
    // One more was created but the first launcher died before it saw the answer; List does not show it yet.
    sageMaker.preexisting(JobNames.pass1("r8", "34"), "InProgress");
    sageMaker.hiddenFromList.add(JobNames.pass1("r8", "34"));

    CliRun second = run(concat(base("r8"), "--groups", "30-39", "--max-concurrent", "10"));
    assertEquals(0, second.exit(), second.toString());
    List<String> expectedNew = GROUPS.subList(5, 10).stream().map(g -> JobNames.pass1("r8", g)).toList();
    assertEquals(expectedNew, sageMaker.created.subList(4, sageMaker.created.size()),
        "only the five groups never started are created");
    assertEquals(10, sageMaker.jobs.size());
    assertTrue(sageMaker.jobs.values().stream().allMatch(j -> j.status.equals("Completed")));
    assertTrue(second.out().contains("10 of 10 succeeded"), second.out());
  }

  @Test
  void groupsWithOutputAreSkippedUnlessForced() {
    s3.put(bucket, "data_outputs/31/manifest.json", "{}".getBytes(StandardCharsets.UTF_8));
    CliRun r = run(concat(base("r9"), "--groups", "30-32"));
    assertEquals(0, r.exit(), r.toString());
    assertEquals(List.of("wb-r9-p1-30", "wb-r9-p1-32"), sageMaker.created);
    assertTrue(r.err().contains("31: skipped"), r.err());

    CliRun forced = run(concat(base("r10"), "--groups", "31", "--force"));
    assertEquals(0, forced.exit(), forced.toString());
    assertTrue(sageMaker.created.contains("wb-r10-p1-31"));
  }

  @Test
  void pass1p5RequestCoversTheWholePass1Output() throws Exception {
    s3.put(bucket, "data_outputs/30/ws_df_group.json", new byte[100]);
    s3.put(bucket, "data_outputs/31/ws_df_group.json", new byte[100]);
    CliRun r = run("launch", "pass1p5", "--bucket", bucket, "--image", IMAGE, "--role", ROLE,
        "--run-id", "r11", "--region", "us-east-1", "--endpoint-url", s3.endpoint(), "--sagemaker-endpoint-url",
        sageMaker.endpoint(), "--poll-interval", "5ms", "--kms-key-id", "out-key", "--tag", "team=icu");
    assertEquals(0, r.exit(), r.toString());
    List<JsonNode> bodies = sageMaker.createBodies();
    assertEquals(1, bodies.size());
    JsonNode b = bodies.get(0);
    assertEquals("wb-r11-p1p5", b.path("ProcessingJobName").asText());
    JsonNode in = b.path("ProcessingInputs").get(0).path("S3Input");
    assertEquals("s3://" + bucket + "/data_outputs/", in.path("S3Uri").asText());
    assertEquals("FullyReplicated", in.path("S3DataDistributionType").asText());
    assertEquals("/opt/ml/processing/input", in.path("LocalPath").asText());
    JsonNode out = b.path("ProcessingOutputConfig");
    assertEquals("out-key", out.path("KmsKeyId").asText());
    assertEquals("s3://" + bucket + "/data_combined/", out.path("Outputs").get(0).path("S3Output").path("S3Uri")
        .asText());
    assertEquals(List.of("pass1p5", "--input", "/opt/ml/processing/input", "--output", "/opt/ml/processing/output",
        "--runner", "spark", "--parallelism", "16"), strings(b.path("AppSpecification").path("ContainerArguments")));
    assertEquals("ml.m5.4xlarge", b.path("ProcessingResources").path("ClusterConfig").path("InstanceType").asText());
    assertEquals(1, b.path("ProcessingResources").path("ClusterConfig").path("InstanceCount").asInt());
    assertEquals("pass1p5", b.path("Environment").path("WAVEBEAM_PASS").asText());
    assertEquals("[{\"Key\":\"wavebeam:run-id\",\"Value\":\"r11\"},{\"Key\":\"wavebeam:pass\",\"Value\":\"pass1p5\"},"
        + "{\"Key\":\"team\",\"Value\":\"icu\"}]", b.path("Tags").toString());
  }

  @Test
  void badCommandLinesNameWhatIsWrong() {
    CliRun noImage = run("launch", "pass1", "--bucket", bucket, "--role", ROLE, "--groups", "30");
    assertEquals(2, noImage.exit());
    assertTrue(noImage.err().contains("--image is required"), noImage.err());
    CliRun badRun = run(concat(base("bad_id"), "--groups", "30"));
    assertEquals(2, badRun.exit());
    assertTrue(badRun.err().contains("bad --run-id 'bad_id'"), badRun.err());
    CliRun vpc = run(concat(base("r12"), "--groups", "30", "--subnets", "s-1"));
    assertEquals(2, vpc.exit());
    assertTrue(vpc.err().contains("--subnets and --security-groups go together"), vpc.err());
    assertEquals(List.of(), sageMaker.calls);
  }

  @Test
  void ctrlCStopsTheRunningJobsWhenToldTo() throws Exception {
    sageMaker.describesToFinish = Integer.MAX_VALUE;
    LaunchSettings settings = new LaunchSettings("r13", IMAGE, ROLE, "ml.m5.4xlarge", 50, InputMode.FILE,
        java.time.Duration.ofHours(1), null, null, List.of(), List.of(), false, java.util.Map.of());
    List<ProcessingJobRequest> jobs = GROUPS.subList(0, 4).stream().map(g -> ProcessingJobRequest.pass1(settings,
        new GroupPrefix(g, new S3Location(bucket, "data_inputs/" + g), new S3Location(bucket, "data_outputs/" + g),
            -1))).toList();
    AwsClients clients = new AwsClients("us-east-1", null, java.net.URI.create(sageMaker.endpoint()));
    java.io.StringWriter out = new java.io.StringWriter();
    try (SageMakerExecutor executor = new SageMakerExecutor(clients.sageMaker(),
        Backoff.standard(java.time.Duration.ofMillis(1)))) {
      JobScheduler scheduler = new JobScheduler(executor, new JobScheduler.Settings(2,
          java.time.Duration.ofMillis(5), true, InterruptPolicy.ASK), new ProgressView(new java.io.PrintWriter(out),
          false), new OperatorTerminal(new java.io.PrintWriter(out),
          new java.io.BufferedReader(new java.io.StringReader("y\n"))), java.time.Clock.systemUTC());
      Thread ctrlC = new Thread(() -> {
        while (sageMaker.created.size() < 2) {
          Thread.onSpinWait();
        }
        scheduler.interrupt();
      });
      ctrlC.start();
      JobScheduler.Result result = scheduler.run(jobs, List.of(), JobNames.runPrefix("r13"));
      ctrlC.join();
      assertTrue(result.interrupted());
      assertTrue(out.toString().contains("stop the 2 running job(s) (StopProcessingJob)? [y/N]"), out.toString());
    }
    assertEquals(2, sageMaker.calls.stream().filter("StopProcessingJob"::equals).count());
    assertEquals(List.of("Stopping", "Stopping"), sageMaker.jobs.values().stream().map(j -> j.status).toList());
    assertEquals(2, sageMaker.created.size(), "the queued jobs are not started after Ctrl-C");
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
