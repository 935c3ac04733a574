package io.wavebeam.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container's entrypoint as a plain process (no Docker engine here) in a fake {@code /opt/ml} tree:
 * {@code WAVEBEAM_ML_ROOT} points the SageMaker paths at a temp folder.
 */
class ContainerEntrypointTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Path testdata() {
    return Path.of(System.getProperty("wavebeam.testdata.dir", "../testdata"));
  }

  /** The /opt/ml tree SageMaker gives a job: configs, and the group's records copied to the input path. */
  static Path fakeMlTree(Path tmp, String group, String instanceType, String hosts) throws Exception {
    Path ml = tmp.resolve("opt-ml");
    Files.createDirectories(ml.resolve("config"));
    Files.writeString(ml.resolve("config/processingjobconfig.json"), "{\"ProcessingJobName\":\"wb-t-p1-" + group
        + "\",\"ProcessingResources\":{\"ClusterConfig\":{\"InstanceCount\":1,\"InstanceType\":\"" + instanceType
        + "\",\"VolumeSizeInGB\":30}}}");
    Files.writeString(ml.resolve("config/resourceconfig.json"),
        "{\"current_host\":\"algo-1\",\"hosts\":[" + hosts + "]}");
    Path input = ml.resolve("processing/input");
    try (Stream<Path> files = Files.walk(testdata().resolve(group))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path to = input.resolve(testdata().resolve(group).relativize(f).toString());
        Files.createDirectories(to.getParent());
        Files.copy(f, to);
      }
    }
    Files.createDirectories(ml.resolve("processing/output"));
    return ml;
  }

  @Test
  void runsPass1WithSparkOnTheInstancesVcpus(@TempDir Path tmp) throws Exception {
    Path ml = fakeMlTree(tmp, "30", "ml.m5.large", "\"algo-1\"");
    // The arguments a SageMaker job gets (ProcessingJobRequest.pass1), but without --parallelism: from the config.
    ProcessRunner.Result r = ProcessRunner.run(Map.of(ProcessingContract.ROOT_VARIABLE, ml.toString(),
            "SPARK_LOCAL_IP", "127.0.0.1"), tmp.resolve("log.txt"), "container", "pass1",
        "--input", "/opt/ml/processing/input", "--output", "/opt/ml/processing/output", "--group", "30",
        "--runner", "spark");
    assertEquals(0, r.exit(), r.output());
    assertTrue(r.output().contains("job wb-t-p1-30, instance ml.m5.large"), r.output());
    assertTrue(r.output().contains("parallelism 2"), r.output());
    JsonNode manifest = JSON.readTree(ml.resolve("processing/output/manifest.json").toFile());
    assertEquals("30", manifest.path("group").asText());
    assertEquals(2, manifest.path("parallelism").asInt());
    assertTrue(manifest.path("runner").asText().toLowerCase().contains("spark"), manifest.toString());
    assertTrue(manifest.path("records").asLong() > 0, manifest.toString());
    assertTrue(Files.size(ml.resolve("processing/output/ws_df_group.json")) > 0);
  }

  @Test
  void refusesMoreThanOneHost(@TempDir Path tmp) throws Exception {
    Path ml = fakeMlTree(tmp, "31", "ml.m5.4xlarge", "\"algo-1\",\"algo-2\"");
    ProcessRunner.Result r = ProcessRunner.run(Map.of(ProcessingContract.ROOT_VARIABLE, ml.toString()),
        tmp.resolve("log.txt"), "container", "pass1", "--input", "/opt/ml/processing/input",
        "--output", "/opt/ml/processing/output");
    assertEquals(2, r.exit(), r.output());
    assertTrue(r.output().contains("2 hosts in resourceconfig.json"), r.output());
  }

  @Test
  void contractMapsPathsAndReadsTheInstanceType(@TempDir Path tmp) throws Exception {
    Path ml = fakeMlTree(tmp, "31", "ml.c5.9xlarge", "\"algo-1\"");
    ProcessingContract c = ProcessingContract.load(ml.toString());
    assertEquals("wb-t-p1-31", c.jobName());
    assertEquals(36, c.vcpus());
    assertEquals(ml.resolve("processing/input"), c.localPath("/opt/ml/processing/input"));
    assertEquals(Path.of("/data/x"), c.localPath("/data/x"));
    ProcessingContract none = ProcessingContract.load(tmp.resolve("empty").toString());
    assertEquals(null, none.jobName());
    assertEquals(0, none.vcpus());
  }
}
