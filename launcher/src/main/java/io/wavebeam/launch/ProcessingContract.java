package io.wavebeam.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What SageMaker Processing gives a container: {@code /opt/ml/config/processingjobconfig.json} (the job's request:
 * name, inputs, outputs, instance type) and {@code /opt/ml/config/resourceconfig.json} (hosts), both optional, and
 * the input and output folders under {@code /opt/ml/processing}. The root is {@code $WAVEBEAM_ML_ROOT} when set, so
 * the same contract runs in a temp folder (tests, {@code --local}).
 *
 * @param root where {@code /opt/ml} is
 * @param jobName ProcessingJobName, or null without a job config
 * @param instanceType the instance type, or null
 * @param hosts the cluster's hosts (one for wavebeam), empty without a resource config
 */
public record ProcessingContract(Path root, String jobName, String instanceType, List<String> hosts) {
  public static final String ROOT_VARIABLE = "WAVEBEAM_ML_ROOT";
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ProcessingContract load(String configuredRoot) throws IOException {
    Path root = Path.of(configuredRoot == null || configuredRoot.isBlank() ? ContainerCommand.ML_ROOT
        : configuredRoot);
    String jobName = null;
    String instanceType = null;
    List<String> hosts = new ArrayList<>();
    Path job = root.resolve("config/processingjobconfig.json");
    if (Files.isRegularFile(job)) {
      JsonNode j = read(job);
      jobName = text(j.path("ProcessingJobName"));
      instanceType = text(j.path("ProcessingResources").path("ClusterConfig").path("InstanceType"));
    }
    Path resources = root.resolve("config/resourceconfig.json");
    if (Files.isRegularFile(resources)) {
      read(resources).path("hosts").forEach(h -> hosts.add(h.asText()));
    }
    return new ProcessingContract(root, jobName, instanceType, List.copyOf(hosts));
  }

  /** A path of the contract ({@code /opt/ml/processing/input}) in this root; other paths stay as they are. */
  public Path localPath(String path) {
    if (path.equals(ContainerCommand.ML_ROOT) || path.startsWith(ContainerCommand.ML_ROOT + "/")) {
      String rest = path.substring(ContainerCommand.ML_ROOT.length()).replaceAll("^/+", "");
      return rest.isEmpty() ? root : root.resolve(rest);
    }
    return Path.of(path);
  }

  /** vCPUs of the job's instance type, 0 when unknown. */
  public int vcpus() {
    return InstanceTypes.vcpus(instanceType);
  }

  private static JsonNode read(Path p) throws IOException {
    try {
      return JSON.readTree(p.toFile());
    } catch (IOException e) {
      throw new IOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode n) {
    return n.isMissingNode() || n.isNull() ? null : n.asText();
  }
}
