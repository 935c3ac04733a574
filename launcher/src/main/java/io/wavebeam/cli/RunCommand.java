package io.wavebeam.cli;

import io.wavebeam.common.InvalidLocationException;
import io.wavebeam.pipeline.Pass1Options;
import io.wavebeam.pipeline.Pass1Pipeline;
import io.wavebeam.pipeline.Pass1Result;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import io.wavebeam.pipeline.windows.WindowOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wavebeam run <job>}: runs one of the Beam jobs. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Runs a Beam job: pass1 (one group folder to per-signal features) or pass1p5 (every group's "
        + "features to one Parquet dataset).", "Run 'wavebeam run JOB --help' for a job's options."},
    subcommands = {RunCommand.Pass1.class, RunPass1p5Command.class})
final class RunCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a job is required (pass1, pass1p5)");
  }

  /** {@code wavebeam run pass1}: one group folder to per-signal features. */
  @Command(name = "pass1", mixinStandardHelpOptions = true,
      description = {"Summarises every signal of every record segment of one group folder (e.g. testdata/30).",
          "Writes ws_df_group.json, errors.jsonl and manifest.json into the output folder; with --window also "
              + "ws_df_windows.json (features per record, signal and time window).",
          "Exit status: 0 all records read, " + Pass1Result.EXIT_SOME_RECORDS_FAILED
              + " some records failed (see errors.jsonl), " + Pass1Result.EXIT_RUN_FAILED + " the run failed, "
              + WavebeamCommand.EXIT_USAGE + " bad command line (also an input or output that cannot be used)."})
  static final class Pass1 implements Callable<Integer> {
    @Option(names = "--input", required = true, paramLabel = "DIR|URI",
        description = "The group folder: a local path or s3://bucket/prefix/.")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR|URI",
        description = "The output folder: a local path or s3://bucket/prefix/.")
    String output;

    @Option(names = "--group", paramLabel = "NAME", description = "Group name (default: the input folder's name).")
    String group;

    @picocli.CommandLine.Mixin RunnerOptions runnerOptions;

    @Option(names = "--chunk-bytes", paramLabel = "BYTES", defaultValue = "0",
        description = "Split records larger than this into frame ranges (default: automatic).")
    long chunkBytes;

    @Option(names = "--allow-empty",
        description = "Accept an input folder without headers and write an empty result (default: refuse it).")
    boolean allowEmpty;

    @Option(names = "--merge-groups",
        description = "Accept a folder of group folders and read them all as one group (default: refuse it).")
    boolean mergeGroups;

    @picocli.CommandLine.Mixin ProgressOptions progressOptions;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Mixin S3Options s3Options;

    @picocli.CommandLine.Mixin WindowLengthOptions windowOptions;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String name = spec.qualifiedName(" ");
      windowOptions.check(spec);
      try {
        runnerOptions.requireReachableByWorkers(input, output);
      } catch (InvalidLocationException e) {
        err.println(name + ": " + e.getMessage());
        err.flush();
        return WavebeamCommand.EXIT_USAGE;
      }
      try {
        Optional<Path> localInput = RunLocations.requireUsable(input, output);
        if (localInput.isPresent()) {
          RunLocations.requireOneGroup(localInput.get(), allowEmpty, mergeGroups);
        }
      } catch (RunLocations.Refusal refusal) {
        err.println(name + ": " + refusal.getMessage());
        err.flush();
        return WavebeamCommand.EXIT_USAGE;
      }
      try {
        Pass1Options options = Pass1Pipeline.options(input, output, group, runnerOptions.runner,
            runnerOptions.parallelism);
        options.setChunkBytes(chunkBytes);
        runnerOptions.applyTo(options);
        options.as(WindowOptions.class).setWindow(windowOptions.window);
        options.as(WindowOptions.class).setWindowAlign(windowOptions.windowAlign);
        LocalAwsRegion.pin(options);
        s3Options.applyTo(options);
        Pass1Result result = Pass1Pipeline.run(options, progressOptions.listener(err));
        out.printf(Locale.ROOT, "%s: %d records, %d signals, %d failures, %.1f s -> %s%n", result.group(),
            result.records(), result.signals(), result.failures(), result.wallTimeS(), result.output());
        out.flush();
        out.println("See it: " + ReportCommand.commandFor(output));
        out.flush();
        if (result.failures() > 0) {
          err.printf(Locale.ROOT, "%s: %d %s could not be read; each is in %s with its file and reason "
              + "(everything else was written)%n", name, result.failures(),
              result.failures() == 1 ? "record" : "records", errorsFile(output));
          err.flush();
        }
        return result.exitStatus();
      } catch (InvalidLocationException e) {
        // a location or option the program cannot honour: a usage error
        FailureMessage.print(err, name, e, FailureMessage.verbose(spec));
        return WavebeamCommand.EXIT_USAGE;
      } catch (Exception | OutOfMemoryError e) {
        FailureMessage.print(err, name, e, FailureMessage.verbose(spec));
        return Pass1Result.EXIT_RUN_FAILED;
      }
    }

    private static String errorsFile(String output) {
      return output.endsWith("/") ? output + WriteGroupOutput.ERRORS_FILE : output + "/" + WriteGroupOutput.ERRORS_FILE;
    }
  }
}
