package io.wavebeam.cli;

import io.wavebeam.combiner.MalformedInputException;
import io.wavebeam.combiner.Pass1p5Options;
import io.wavebeam.combiner.Pass1p5Pipeline;
import io.wavebeam.combiner.Pass1p5Result;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wavebeam run pass1p5}: every group's pass-1 output to one Parquet dataset and signal_stats.csv. */
@Command(name = "pass1p5", mixinStandardHelpOptions = true,
    description = {"Combines the pass-1 output of every group into one Parquet dataset and signal_stats.csv.",
        "Reads ROOT/<group>/ws_df_group.json of every group, normalises the signal names and writes "
            + "waveform_summary.parquet (a folder of snappy Parquet part files), signal_stats.csv and "
            + "pass1p5_manifest.json into DEST; groups with ws_df_windows.json (run pass1 --window) also give "
            + "waveform_windows.parquet (group=NAME/ folders). ROOT and DEST are local folders or s3://bucket/prefix. The output "
            + "is complete or absent: nothing is published unless every input line was read.",
        "Exit status: " + Pass1p5Result.EXIT_OK + " ok, " + Pass1p5Result.EXIT_BAD_INPUT
            + " bad input (a malformed line, named with its file and line; no group files; a bad alias table), "
            + Pass1p5Result.EXIT_RUN_FAILED + " the run failed (I/O, S3, runner), 2 bad command line."})
final class RunPass1p5Command implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "ROOT",
      description = "Folder or s3://bucket/prefix with one sub-folder per group.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "DEST",
      description = "Folder or s3://bucket/prefix for the output.")
  String output;

  @picocli.CommandLine.Mixin S3Options s3Options;

  @Option(names = "--signal-aliases", paramLabel = "FILE",
      description = "Alias table replacing the built-in one (format: docs/features.md).")
  Path signalAliases;

  @Option(names = "--partition-by", paramLabel = "group",
      description = "Write a Hive-style waveform_summary.parquet/group=NAME/ dataset instead of one folder of parts.")
  String partitionBy;

  @picocli.CommandLine.Mixin RunnerOptions runnerOptions;

  @picocli.CommandLine.Mixin ProgressOptions progressOptions;

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName(" ");
    try {
      RunLocations.requireUsable(input, output);
    } catch (RunLocations.Refusal refusal) {
      err.println(name + ": " + refusal.getMessage());
      err.flush();
      return WavebeamCommand.EXIT_USAGE;
    }
    try {
      Pass1p5Options options = Pass1p5Pipeline.options(input, output, runnerOptions.runner,
          runnerOptions.parallelism);
      runnerOptions.applyTo(options);
      runnerOptions.requireReachableByWorkers(input, output); // the alias table is read by the driver only
      s3Options.applyTo(options);
      options.setSignalAliases(signalAliases == null ? "" : signalAliases.toString());
      options.setPartitionBy(partitionBy == null ? "" : partitionBy);
      Pass1p5Result result = Pass1p5Pipeline.run(options, progressOptions.listener(err));
      result.warnings().forEach(w -> err.println(name + ": warning: " + w));
      err.flush();
      out.printf(Locale.ROOT, "%d groups, %d rows, %d signals (%d known), %d duplicate and %d junk-name rows,%s"
          + " %.1f s -> %s%n", result.groups(), result.rows(), result.signals(), result.knownSignals(),
          result.duplicateRows(), result.junkNameRows(), result.windowsDataset() == null ? ""
              : " " + result.windowRows() + " window rows of " + result.windowGroups() + " groups,",
          result.wallTimeS(), result.output());
      if (RunLocations.local(output).isPresent()) {
        out.println("See it: " + ReportCommand.commandFor(output));
      } else {
        out.println("See it: copy " + output + " to a local folder DIR, then: wavebeam report --input DIR --output "
            + "DIR/report.html");
      }
      out.flush();
      return Pass1p5Result.EXIT_OK;
    } catch (MalformedInputException e) {
      err.println(name + ": bad input: " + FailureMessage.clean(e.getMessage()));
      err.flush();
      return Pass1p5Result.EXIT_BAD_INPUT;
    } catch (IllegalArgumentException e) {
      err.println(name + ": " + FailureMessage.of(e));
      err.flush();
      return WavebeamCommand.EXIT_USAGE;
    } catch (Exception | OutOfMemoryError e) {
      FailureMessage.print(err, name, e, FailureMessage.verbose(spec));
      return Pass1p5Result.EXIT_RUN_FAILED;
    }
  }
}
