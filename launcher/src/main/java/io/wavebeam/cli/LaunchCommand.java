package io.wavebeam.cli;

import io.wavebeam.launch.AwsClients;
import io.wavebeam.launch.Backoff;
import io.wavebeam.launch.BucketListing;
import io.wavebeam.launch.GroupSelection;
import io.wavebeam.launch.JobExecutor;
import io.wavebeam.launch.JobNames;
import io.wavebeam.launch.JobScheduler;
import io.wavebeam.launch.LaunchPlan;
import io.wavebeam.launch.LaunchSettings;
import io.wavebeam.launch.LocalExecutor;
import io.wavebeam.launch.OperatorTerminal;
import io.wavebeam.launch.ProcessingJobRequest;
import io.wavebeam.launch.ProgressView;
import io.wavebeam.launch.RequestJson;
import io.wavebeam.launch.S3Location;
import io.wavebeam.launch.SageMakerExecutor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code wavebeam launch <job>}: runs the passes as SageMaker Processing jobs (or local processes). */
@Command(name = "launch", mixinStandardHelpOptions = true,
    description = {"Runs the passes as SageMaker Processing jobs (or, with --local, as local processes with the "
        + "same contract).", "Run 'wavebeam launch JOB --help' for a job's options; the README's section "
        + "'Launching on SageMaker Processing' explains the requests, IAM and the container."},
    subcommands = {LaunchCommand.Pass1.class, LaunchCommand.Pass1p5.class})
final class LaunchCommand implements Runnable {
  static final int EXIT_OK = 0;
  static final int EXIT_LAUNCH_FAILED = 1;
  static final int EXIT_SOME_JOBS_FAILED = 3;
  static final int EXIT_INTERRUPTED = 130;
  static final String EXIT_STATUS = "Exit status: 0 every job succeeded (or was skipped; with --no-wait: started), "
      + "3 some job failed, was stopped or not started, 1 the launch failed (nothing or not everything could be "
      + "started: listing, permissions, API errors), 2 bad command line, 130 interrupted.";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a job is required (pass1, pass1p5)");
  }

  /** {@code wavebeam launch pass1}: one FullyReplicated Processing job per group. */
  @Command(name = "pass1", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Starts pass 1 as one SageMaker Processing job per group.",
          "Each job: s3://B/<input-prefix>/<group>/ is copied to the instance "
          + "(FullyReplicated: every file of a record on one machine), pass 1 runs with the SparkRunner on "
          + "local[vCPUs], and /opt/ml/processing/output is uploaded to s3://B/<output-prefix>/<group>/.",
          "Groups whose output manifest.json exists are skipped unless --force. Job names are "
              + "wb-<run-id>-p1-<group>.",
          EXIT_STATUS})
  static final class Pass1 implements Callable<Integer> {
    @Option(names = "--input-prefix", defaultValue = "data_inputs", paramLabel = "P",
        description = "Prefix holding one folder per group. Default: ${DEFAULT-VALUE}.")
    String inputPrefix;

    @Option(names = "--output-prefix", defaultValue = "data_outputs", paramLabel = "P",
        description = "Prefix the group outputs go to (<P>/<group>/). Default: ${DEFAULT-VALUE}.")
    String outputPrefix;

    @Option(names = "--groups", defaultValue = "auto", paramLabel = "30-39|30,32|auto",
        description = "Groups to run: a range, a list, or auto (the folders under --input-prefix). "
            + "Default: ${DEFAULT-VALUE}.")
    String groups;

    @Mixin WindowLengthOptions windowOptions;
    @Mixin LaunchOptions options;
    @Mixin ProgressOptions progressOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      // a bad value fails here, not in AWS; any --input-mode: windows read records through Beam's file systems
      windowOptions.check(spec);
      List<String> pass1Options = windowOptions.arguments();
      return launch(spec, options, progressOptions, (settings, listing) -> LaunchPlan.pass1(settings, listing,
          new S3Location(options.bucket, inputPrefix), new S3Location(options.bucket, outputPrefix),
          GroupSelection.parse(groups), options.force, pass1Options));
    }
  }

  /** {@code wavebeam launch pass1p5}: one job over the whole pass-1 output. */
  @Command(name = "pass1p5", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Starts pass 1.5 as one SageMaker Processing job over every group's pass-1 output.",
          "The job: s3://B/<input-prefix>/ (one folder per "
          + "group) is copied to the instance, pass 1.5 writes waveform_summary.parquet and signal_stats.csv, and "
          + "they are uploaded to s3://B/<output-prefix>/ with SSE-KMS (--kms-key-id). Skipped when "
          + "pass1p5_manifest.json exists there, unless --force. The job name is wb-<run-id>-p1p5.",
          EXIT_STATUS})
  static final class Pass1p5 implements Callable<Integer> {
    @Option(names = "--input-prefix", defaultValue = "data_outputs", paramLabel = "P",
        description = "Pass 1's output prefix (one folder per group). Default: ${DEFAULT-VALUE}.")
    String inputPrefix;

    @Option(names = "--output-prefix", defaultValue = "data_combined", paramLabel = "P",
        description = "Where the Parquet dataset and signal_stats.csv go. Default: ${DEFAULT-VALUE}.")
    String outputPrefix;

    @Mixin LaunchOptions options;
    @Mixin ProgressOptions progressOptions;
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      if (options.kmsKeyId == null || options.kmsKeyId.isBlank()) {
        spec.commandLine().getErr().println("launch pass1p5: note: no --kms-key-id, so the Parquet dataset and "
            + "signal_stats.csv get the bucket's default encryption, not SSE-KMS with a key of yours");
      }
      return launch(spec, options, progressOptions, (settings, listing) -> LaunchPlan.pass1p5(settings, listing,
          new S3Location(options.bucket, inputPrefix), new S3Location(options.bucket, outputPrefix),
          options.force));
    }
  }

  interface Planner {
    LaunchPlan plan(LaunchSettings settings, BucketListing listing);
  }

  static int launch(CommandSpec spec, LaunchOptions o, ProgressOptions progress, Planner planner) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName(" ");
    LaunchSettings settings;
    JobScheduler.Settings scheduling;
    AwsClients clients;
    try {
      settings = o.settings();
      scheduling = new JobScheduler.Settings(o.maxConcurrent, LaunchSettings.parseDuration(o.pollInterval),
          !o.noWait, o.interruptPolicy());
      clients = new AwsClients(o.region, uri(o.endpointUrl), uri(o.sageMakerEndpointUrl));
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + e.getMessage());
      err.flush();
      return 2;
    }
    try (S3Client s3 = clients.s3()) {
      LaunchPlan plan = planner.plan(settings, new BucketListing(s3));
      for (ProcessingJobRequest skipped : plan.skipped()) {
        err.println(skipped.label() + ": skipped, output exists at " + skipped.output() + " (--force starts it)");
      }
      if (o.dryRun) {
        printRequests(out, plan.toStart());
        err.flush();
        return EXIT_OK;
      }
      err.println(name + ": run id " + settings.runId() + ", " + plan.toStart().size() + " job(s)"
          + (o.local ? " as local processes" : " on SageMaker"));
      err.flush();
      try (JobExecutor executor = o.local ? localExecutor(o, progress, s3, clients) : new SageMakerExecutor(clients.sageMaker(),
          Backoff.standard(LaunchSettings.parseDuration(o.retryBaseDelay)))) {
        BufferedReader answers = System.console() != null
            ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null;
        // --local: the jobs done of planned as a progress line (SageMaker's jobs have their own console)
        ProgressView view = o.local
            ? new ProgressView(out, ProgressView.terminalSupportsRedraw(), progress.listener(err), System::nanoTime)
            : new ProgressView(out, ProgressView.terminalSupportsRedraw());
        JobScheduler scheduler = new JobScheduler(executor, scheduling, view, new OperatorTerminal(err, answers),
            Clock.systemUTC());
        JobScheduler.Result result = CtrlC.whileRunning(scheduler::interrupt,
            () -> scheduler.run(plan.toStart(), plan.skipped(), JobNames.runPrefix(settings.runId())));
        if (result.interrupted()) {
          return EXIT_INTERRUPTED;
        }
        return result.allSucceeded() || o.noWait && result.jobs().stream()
            .noneMatch(j -> j.state() == io.wavebeam.launch.JobState.FAILED
                || j.state() == io.wavebeam.launch.JobState.STOPPED) ? EXIT_OK : EXIT_SOME_JOBS_FAILED;
      }
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + e.getMessage());
      return 2;
    } catch (RuntimeException e) {
      err.println(name + ": failed: " + e.getMessage());
      return EXIT_LAUNCH_FAILED;
    } finally {
      out.flush();
      err.flush();
    }
  }

  private static JobExecutor localExecutor(LaunchOptions o, ProgressOptions progress, S3Client s3,
      AwsClients clients) {
    List<String> command = o.localCommand == null || o.localCommand.isBlank() ? LocalExecutor.defaultCommand()
        : List.of(o.localCommand.strip().split("\\s+"));
    return new LocalExecutor(s3, command, o.localWorkDir, o.localRunner, clients.containerEnvironment(),
        !progress.quiet);
  }

  private static void printRequests(PrintWriter out, List<ProcessingJobRequest> jobs) {
    var array = RequestJson.MAPPER.createArrayNode();
    jobs.forEach(j -> array.add(RequestJson.of(j.request())));
    try {
      out.println(RequestJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static URI uri(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    URI u = URI.create(s.strip());
    if (u.getScheme() == null || u.getHost() == null) {
      throw new IllegalArgumentException("bad endpoint URL '" + s + "' (e.g. http://127.0.0.1:9000)");
    }
    return u;
  }
}
