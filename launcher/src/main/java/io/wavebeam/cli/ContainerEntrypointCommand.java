package io.wavebeam.cli;

import io.wavebeam.launch.ProcessingContract;
import io.wavebeam.pipeline.Pass1Result;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code wavebeam container <job>}: the container's entrypoint inside a SageMaker Processing job. */
@Command(name = "container", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"The entrypoint of the wavebeam container in a SageMaker Processing job.",
        "The Dockerfile's ENTRYPOINT. Reads /opt/ml/config/processingjobconfig.json and resourceconfig.json when present, maps "
        + "/opt/ml/... paths onto $" + ProcessingContract.ROOT_VARIABLE + " when that is set, and runs the job "
        + "(pass1 or pass1p5) with the SparkRunner on local[N], N = the instance type's vCPUs.",
        "Exit status: 0 the job ran (for pass1 also when some records failed: they are in errors.jsonl and the "
            + "output is uploaded), 1 the job failed, 2 bad command line or contract (e.g. more than one host)."})
final class ContainerEntrypointCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "pass1|pass1p5", description = "The job.")
  String job;

  @Option(names = "--input", required = true, paramLabel = "DIR|URI",
      description = "Input folder (e.g. /opt/ml/processing/input), or s3://bucket/prefix/ read directly (Direct "
          + "input mode).")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DIR|URI",
      description = "Output folder (e.g. /opt/ml/processing/output), or s3://bucket/prefix/ written directly.")
  String output;

  @Option(names = "--kms-key-id", paramLabel = "ID",
      description = "SSE-KMS key of every object the job writes to an s3:// output.")
  String kmsKeyId;

  @Option(names = "--group", paramLabel = "NAME", description = "Group name of pass1 (default: the input folder's name).")
  String group;

  @Option(names = "--runner", defaultValue = "spark", paramLabel = "spark|direct",
      description = "Beam runner. Default: ${DEFAULT-VALUE}.")
  String runner;

  @Option(names = "--parallelism", defaultValue = "0", paramLabel = "N",
      description = "Workers (default: the vCPUs of the job's instance type, else the processors seen).")
  int parallelism;

  /** pass1 only; checked by the run pass1 it starts. */
  @picocli.CommandLine.Mixin WindowLengthOptions windowOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    ProcessingContract contract;
    try {
      contract = ProcessingContract.load(System.getenv(ProcessingContract.ROOT_VARIABLE));
    } catch (java.io.IOException e) {
      err.println("wavebeam container: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (contract.hosts().size() > 1) {
      err.println("wavebeam container: " + contract.hosts().size() + " hosts in resourceconfig.json; wavebeam runs "
          + "on one instance (InstanceCount 1), every file of a group on it");
      err.flush();
      return 2;
    }
    // A URI (Direct input mode) is read and written by the job itself; a path is one of the contract's folders.
    boolean directIn = input.contains("://");
    boolean directOut = output.contains("://");
    String in = directIn ? input : contract.localPath(input).toString();
    String out = directOut ? output : contract.localPath(output).toString();
    if (!directIn && !Files.isDirectory(Path.of(in))) {
      err.println("wavebeam container: input folder " + in + " does not exist");
      err.flush();
      return 2;
    }
    if (kmsKeyId != null && !directOut) {
      err.println("wavebeam container: --kms-key-id applies to an s3:// output; SageMaker encrypts an uploaded "
          + "output folder with the output config's KmsKeyId");
      err.flush();
      return 2;
    }
    int workers = parallelism > 0 ? parallelism : contract.vcpus();
    err.printf("wavebeam container: job %s, instance %s, %s %s -> %s, parallelism %s%n",
        contract.jobName() == null ? "(no processingjobconfig.json)" : contract.jobName(),
        contract.instanceType() == null ? "unknown" : contract.instanceType(), job, in, out,
        workers > 0 ? workers : "all processors");
    err.flush();
    List<String> args = new ArrayList<>();
    switch (job) {
      case "pass1" -> {
        args.addAll(List.of("run", "pass1", "--input", in, "--output", out, "--runner", runner));
        if (group != null) {
          args.addAll(List.of("--group", group));
        } else if (!directIn) {
          args.addAll(List.of("--group", Path.of(in).getFileName().toString()));
        }
        args.addAll(windowOptions.arguments());
      }
      case "pass1p5" -> args.addAll(List.of("run", "pass1p5", "--input", in, "--output", out,
          "--runner", runner));
      default -> {
        err.println("wavebeam container: unknown job '" + job + "' (pass1 or pass1p5)");
        err.flush();
        return 2;
      }
    }
    if (workers > 0) {
      // run's --parallelism takes 1 or more; left out, the job uses every processor it sees
      args.addAll(List.of("--parallelism", Integer.toString(workers)));
    }
    if (kmsKeyId != null) {
      args.addAll(List.of("--kms-key-id", kmsKeyId));
    }
    int exit = WavebeamCommand.commandLine().execute(args.toArray(String[]::new));
    if (job.equals("pass1") && exit == Pass1Result.EXIT_SOME_RECORDS_FAILED) {
      // The group's output is complete apart from the records listed in errors.jsonl: let SageMaker upload it.
      err.println("wavebeam container: some records failed (see errors.jsonl); the job still succeeds");
      err.flush();
      return 0;
    }
    return exit;
  }
}
