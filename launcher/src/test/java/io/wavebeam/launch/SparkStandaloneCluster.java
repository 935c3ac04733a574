package io.wavebeam.launch;

import io.wavebeam.common.JvmFlags;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark standalone cluster on 127.0.0.1: one master and {@code workers} workers, each a separate JVM started
 * from Spark's own classes ({@code org.apache.spark.deploy.master.Master}, {@code ...worker.Worker}) on random
 * ports.
 *
 * <p>Each worker is what a Spark installation on another machine would be: its own {@code SPARK_HOME} whose
 * {@code jars/} holds the class path's jars <em>except wavebeam's and Beam's</em>, its own work folder, local
 * folders and {@code java.io.tmpdir}, and no {@code SPARK_SCALA_VERSION}: whatever the application needs beyond
 * Spark (wavebeam's classes, the executors' settings) must come from the driver, through Spark.
 */
final class SparkStandaloneCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private static final Pattern LOG_TIME = Pattern.compile("\\d\\d/\\d\\d/\\d\\d (\\d\\d:\\d\\d:\\d\\d)");

  private final Path root;
  private final List<Process> processes = new ArrayList<>();
  private final List<Path> logs = new ArrayList<>();
  private final java.util.Set<Path> reported = new java.util.HashSet<>();
  private final int port;
  private final int uiPort;

  /**
   * @param projectRoot class path entries below it (wavebeam's modules) are left out of the workers' Spark
   * @param workerEnv extra environment of the workers (and so of their executors), e.g. S3 credentials
   */
  SparkStandaloneCluster(Path root, Path projectRoot, int workers, Map<String, String> workerEnv)
      throws Exception {
    this.root = root;
    List<String> sparkClassPath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath().normalize();
      // Spark and the libraries around it, as installed on a cluster: not wavebeam, and not Beam, which a real
      // cluster does not have either (it comes in wavebeam's jar, through the executors' application class loader)
      if (!p.startsWith(projectRoot) && Files.isRegularFile(p) && entry.endsWith(".jar")
          && !p.toString().contains(File.separator + "org" + File.separator + "apache" + File.separator + "beam"
          + File.separator)) {
        sparkClassPath.add(p.toString());
      }
    }
    port = freePort();
    uiPort = freePort();
    Path masterDir = Files.createDirectories(root.resolve("master"));
    start(masterDir, sparkClassPath, Map.of(), "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--webui-port", Integer.toString(uiPort));
    for (int i = 1; i <= workers; i++) {
      Path dir = Files.createDirectories(root.resolve("worker-" + i));
      Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
      int n = 0;
      for (String jar : sparkClassPath) {
        // numbered: two artifacts may share a file name
        Files.createSymbolicLink(jars.resolve(String.format("%03d-%s", n++, Path.of(jar).getFileName())),
            Path.of(jar));
      }
      Map<String, String> env = new java.util.HashMap<>(workerEnv);
      env.put("SPARK_HOME", dir.resolve("spark-home").toString());
      env.put("SPARK_LOCAL_DIRS", Files.createDirectories(dir.resolve("local")).toString());
      start(dir, sparkClassPath, env, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--port", "0", "--webui-port", "0", "--cores", "1", "--memory", "1g",
          "--work-dir", Files.createDirectories(dir.resolve("work")).toString(), masterUrl());
    }
    awaitWorkers(workers, Duration.ofSeconds(90));
  }

  String masterUrl() {
    return "spark://127.0.0.1:" + port;
  }

  /** The executors' logs, for a failure message. */
  String executorLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path log : executorLogFiles()) {
      all.append("--- ").append(log).append('\n').append(tail(log, 40));
    }
    return all.toString();
  }

  /** worker-N/work/app-ID/EXECUTOR/stderr: the work folders only (Spark deletes its local folders meanwhile). */
  private List<Path> executorLogFiles() throws IOException {
    List<Path> logs = new ArrayList<>();
    try (var workers = Files.newDirectoryStream(root, "worker-*")) {
      for (Path worker : workers) {
        try (var walk = Files.walk(worker.resolve("work"), 3)) {
          walk.filter(p -> p.getFileName().toString().equals("stderr")).forEach(logs::add);
        }
      }
    }
    logs.sort(null);
    return logs;
  }

  /**
   * Per executor: when its log starts, when it had fetched the application's jars, its first task and its last
   * line; where a cluster run's time goes.
   */
  String executorTimeline() throws IOException {
    StringBuilder out = new StringBuilder();
    for (Path log : executorLogFiles()) {
      if (!reported.add(log)) {
        continue; // an earlier run's executor
      }
      String first = null;
      String lastFetch = null;
      String firstTask = null;
      String last = null;
      int fetched = 0;
      for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")) {
        Matcher m = LOG_TIME.matcher(line);
        if (!m.lookingAt()) {
          continue;
        }
        String t = m.group(1);
        first = first == null ? t : first;
        last = t;
        if (line.contains("Fetching spark://")) {
          lastFetch = t;
          fetched++;
        }
        if (firstTask == null && line.contains("Running task")) {
          firstTask = t;
        }
      }
      out.append(String.format("  %s: log from %s, %d files fetched by %s, first task %s, last line %s%n",
          root.relativize(log).getParent(), first, fetched, lastFetch, firstTask, last));
    }
    return out.toString();
  }

  private void start(Path dir, List<String> classPath, Map<String, String> env, String mainClass,
      String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx512m");
    cmd.addAll(JvmFlags.all());
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp")));
    cmd.addAll(List.of("-cp", String.join(File.pathSeparator, classPath), mainClass));
    cmd.addAll(List.of(args));
    Path log = dir.resolve("process.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().remove("SPARK_SCALA_VERSION");
    pb.environment().remove("SPARK_HOME");
    pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    pb.environment().putAll(env);
    processes.add(pb.start());
    logs.add(log);
  }

  private void awaitWorkers(int workers, Duration timeout) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException("a cluster process exited with " + p.exitValue() + "\n" + processLogs());
        }
      }
      try {
        last = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = ALIVE_WORKERS.matcher(last);
        if (m.find() && Integer.parseInt(m.group(1)) >= workers) {
          return;
        }
      } catch (IOException e) {
        last = e.toString(); // the master's web UI is not up yet
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the cluster did not get " + workers + " workers in " + timeout + ": " + last
        + "\n" + processLogs());
  }

  private String processLogs() throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path log : logs) {
      all.append("--- ").append(log).append('\n').append(tail(log, 30));
    }
    return all.toString();
  }

  private static String tail(Path log, int lines) throws IOException {
    if (!Files.exists(log)) {
      return "";
    }
    List<String> all = List.of(new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n"));
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Stops the workers' executors, the workers and the master. */
  @Override
  public void close() throws Exception {
    for (int i = processes.size() - 1; i >= 0; i--) { // workers (and their executors) before the master
      Process p = processes.get(i);
      p.descendants().forEach(ProcessHandle::destroy);
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }
}
