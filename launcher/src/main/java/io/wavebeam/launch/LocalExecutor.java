package io.wavebeam.launch;

import io.wavebeam.common.JvmFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.sagemaker.model.ProcessingInput;
import software.amazon.awssdk.services.sagemaker.model.ProcessingOutput;

/**
 * Runs each Processing job as a local process with the container's contract: a temp folder stands in for
 * {@code /opt/ml} (config files written from the request, the S3 input prefix copied in), the container's command
 * runs as a separate process with {@code WAVEBEAM_ML_ROOT} pointing there, and the output folder is uploaded to
 * the output prefix (with SSE-KMS when the request has a KmsKeyId), as SageMaker would.
 */
public final class LocalExecutor implements JobExecutor {
  private final S3Client s3;
  private final List<String> command;
  private final Path workRoot;
  private final boolean ownsWorkRoot;
  private final String runner;
  private final Map<String, String> s3Environment;
  private final boolean showProgress;
  private final Map<String, LocalJob> jobs = new ConcurrentHashMap<>();

  /**
   * @param command starts the container's process (the part before {@code container <job> ARGS}), e.g.
   *     {@code java -jar wavebeam.jar}
   * @param workRoot where the jobs' {@code /opt/ml} trees go, or null for a temp folder deleted on close
   * @param runner the Beam runner pass-1 jobs use ({@code spark} as on SageMaker, or {@code direct})
   * @param s3Environment what the container process needs to reach S3 itself in Direct input mode (the
   *     endpoint, region and the launcher's credentials, as a SageMaker container gets its execution role's)
   */
  public LocalExecutor(S3Client s3, List<String> command, Path workRoot, String runner,
      Map<String, String> s3Environment) {
    this(s3, command, workRoot, runner, s3Environment, false);
  }

  /** As above; with {@code showProgress} a running job's status is the last progress line its process printed. */
  public LocalExecutor(S3Client s3, List<String> command, Path workRoot, String runner,
      Map<String, String> s3Environment, boolean showProgress) {
    this.showProgress = showProgress;
    this.s3 = s3;
    this.command = List.copyOf(command);
    this.runner = runner;
    this.s3Environment = Map.copyOf(s3Environment);
    try {
      this.ownsWorkRoot = workRoot == null;
      this.workRoot = workRoot != null ? Files.createDirectories(workRoot)
          : Files.createTempDirectory("wavebeam-local-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the local work folder: " + e.getMessage(), e);
    }
  }

  /** {@code java -jar <this jar>}, or {@code java -cp <this class path> io.wavebeam.cli.WavebeamCommand}. */
  public static List<String> defaultCommand() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JvmFlags.all());
    try {
      Path self = Path.of(LocalExecutor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
        cmd.addAll(List.of("-jar", self.toString()));
        return cmd;
      }
    } catch (URISyntaxException | RuntimeException e) {
      // fall through to the class path
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.wavebeam.cli.WavebeamCommand"));
    return cmd;
  }

  private final class LocalJob {
    final ProcessingJobRequest job;
    final Path dir;
    volatile JobState state = JobState.IN_PROGRESS;
    volatile String detail = "Downloading input";
    volatile String failureReason;
    volatile Instant started;
    volatile Instant ended;
    volatile Process process;
    volatile boolean stopRequested;

    LocalJob(ProcessingJobRequest job) {
      this.job = job;
      this.dir = workRoot.resolve(job.jobName());
    }

    Path log() {
      return dir.resolve("container.log");
    }

    void run() {
      try {
        Path ml = dir.resolve("ml");
        ProcessingContract contract = new ProcessingContract(ml, job.jobName(), null, List.of("algo-1"));
        Files.createDirectories(ml.resolve("config"));
        // The same files SageMaker provides: the job's description and the (one-host) cluster.
        Files.writeString(ml.resolve("config/processingjobconfig.json"), RequestJson.pretty(job.request()));
        Files.writeString(ml.resolve("config/resourceconfig.json"),
            "{\"current_host\":\"algo-1\",\"hosts\":[\"algo-1\"]}\n");
        for (ProcessingInput in : job.request().processingInputs()) {
          download(S3Location.parse(in.s3Input().s3Uri()), contract.localPath(in.s3Input().localPath()));
        }
        if (job.request().processingOutputConfig() != null) {
          for (ProcessingOutput out : job.request().processingOutputConfig().outputs()) {
            Files.createDirectories(contract.localPath(out.s3Output().localPath()));
          }
        }
        if (stopRequested) {
          finish(JobState.STOPPED, "stopped before it started");
          return;
        }
        List<String> cmd = new ArrayList<>(command);
        cmd.add("container");
        List<String> args = new ArrayList<>(job.request().appSpecification().containerArguments());
        int r = args.indexOf("--runner");
        if (r >= 0 && r + 1 < args.size()) {
          args.set(r + 1, runner);
        }
        // The "instance" is this machine: local[N] from its processors, not from the requested instance type.
        int p = args.indexOf("--parallelism");
        if (p >= 0 && p + 1 < args.size()) {
          args.set(p + 1, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
            .redirectOutput(log().toFile()).directory(dir.toFile());
        pb.environment().putAll(s3Environment);
        pb.environment().putAll(job.request().environment());
        pb.environment().put(ProcessingContract.ROOT_VARIABLE, ml.toString());
        started = Instant.now();
        detail = "Processing";
        process = pb.start();
        int exit = process.waitFor();
        if (stopRequested) {
          finish(JobState.STOPPED, "stopped");
          return;
        }
        if (exit != 0) {
          finish(JobState.FAILED, "container exited with " + exit + ": " + lastLine());
          return;
        }
        detail = "Uploading output";
        if (job.request().processingOutputConfig() != null) { // none in Direct mode: the job wrote to S3 itself
          String kmsKey = job.request().processingOutputConfig().kmsKeyId();
          for (ProcessingOutput out : job.request().processingOutputConfig().outputs()) {
            upload(contract.localPath(out.s3Output().localPath()), S3Location.parse(out.s3Output().s3Uri()),
                kmsKey);
          }
        }
        finish(JobState.COMPLETED, null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        finish(JobState.STOPPED, "interrupted");
      } catch (Exception e) {
        finish(JobState.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    private void finish(JobState s, String reason) {
      failureReason = reason;
      ended = Instant.now();
      detail = "";
      state = s;
    }

    private String lastLine() {
      try {
        List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
        for (int i = lines.size() - 1; i >= 0; i--) {
          if (!lines.get(i).isBlank()) {
            return lines.get(i).strip();
          }
        }
      } catch (IOException e) {
        // the reason then only has the exit status
      }
      return "(no output)";
    }
  }

  private void download(S3Location from, Path to) throws IOException {
    Files.createDirectories(to);
    for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(from.bucket())
        .prefix(from.prefix()).build())) {
      for (S3Object o : page.contents()) {
        String rel = o.key().substring(from.prefix().length());
        if (rel.isEmpty() || rel.endsWith("/")) {
          continue;
        }
        Path target = to.resolve(rel).normalize();
        if (!target.startsWith(to)) {
          throw new IOException("object key escapes the input folder: " + o.key());
        }
        Files.createDirectories(target.getParent());
        s3.getObject(b -> b.bucket(from.bucket()).key(o.key()), target);
      }
    }
  }

  private void upload(Path from, S3Location to, String kmsKeyId) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).sorted(Comparator.naturalOrder()).toList();
    }
    for (Path f : files) {
      PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(to.bucket())
          .key(to.key(from.relativize(f).toString().replace('\\', '/')));
      if (kmsKeyId != null) {
        put.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(kmsKeyId);
      }
      s3.putObject(put.build(), RequestBody.fromFile(f));
    }
  }

  @Override
  public void start(ProcessingJobRequest job) {
    LocalJob local = new LocalJob(job);
    if (jobs.putIfAbsent(job.jobName(), local) != null) {
      throw new JobExistsException("local job " + job.jobName() + " exists already", null);
    }
    Thread t = new Thread(local::run, "local-" + job.jobName());
    t.setDaemon(true);
    t.start();
  }

  @Override
  public Optional<JobStatus> describe(String jobName) {
    LocalJob j = jobs.get(jobName);
    if (j == null) {
      return Optional.empty();
    }
    String detail = j.detail;
    if (showProgress && j.state == JobState.IN_PROGRESS && "Processing".equals(detail)) {
      detail = lastProgressLine(j.log()).map(line -> "Processing: " + line).orElse(detail);
    }
    return Optional.of(new JobStatus(jobName, j.state, detail, j.failureReason, j.started, j.ended,
        j.log().toString()));
  }

  /** A progress line of {@code wavebeam run} (ConsoleProgress's plain lines): a percentage, then elapsed time. */
  static final Pattern PROGRESS_LINE = Pattern.compile("^\\S.*: (\\d+(\\.\\d)?%|100%) .*(elapsed|done in)\\b.*$");
  /** The end of the log that is searched for the last progress line. */
  static final int LOG_TAIL_BYTES = 16 * 1024;

  /** The last progress line in the end of a job's log, if any. */
  static Optional<String> lastProgressLine(Path log) {
    try (SeekableByteChannel ch = Files.newByteChannel(log)) {
      long size = ch.size();
      ByteBuffer tail = ByteBuffer.allocate((int) Math.min(size, LOG_TAIL_BYTES));
      ch.position(size - tail.capacity());
      while (tail.hasRemaining() && ch.read(tail) >= 0) {
        // read the whole tail
      }
      String[] lines = new String(tail.array(), 0, tail.position(), StandardCharsets.UTF_8).split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        if (PROGRESS_LINE.matcher(lines[i].strip()).matches()) {
          return Optional.of(lines[i].strip());
        }
      }
    } catch (IOException e) {
      // no log yet: no progress to show
    }
    return Optional.empty();
  }

  /** Local jobs end with the launcher, so only this launcher's own are known. */
  @Override
  public Map<String, JobState> existing(String namePrefix) {
    Map<String, JobState> found = new LinkedHashMap<>();
    jobs.forEach((name, j) -> {
      if (name.startsWith(namePrefix)) {
        found.put(name, j.state);
      }
    });
    return found;
  }

  @Override
  public void stop(String jobName) {
    LocalJob j = jobs.get(jobName);
    if (j != null) {
      j.stopRequested = true;
      Process p = j.process;
      if (p != null) {
        p.destroy();
      }
      j.state = JobState.STOPPING;
    }
  }

  @Override
  public boolean outlivesLauncher() {
    return false;
  }

  @Override
  public void close() {
    for (LocalJob j : jobs.values()) {
      Process p = j.process;
      if (p != null && p.isAlive()) {
        p.destroyForcibly();
      }
    }
    if (ownsWorkRoot) {
      try (Stream<Path> walk = Files.walk(workRoot)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temp folder left behind is not worth failing the launch for
      }
    }
  }
}
