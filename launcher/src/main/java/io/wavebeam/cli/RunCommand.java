package io.wavebeam.cli;

import io.wavebeam.pipeline.Pass1Options;
import io.wavebeam.pipeline.Pass1Pipeline;
import io.wavebeam.pipeline.Pass1Result;
import io.wavebeam.pipeline.windows.WindowOptions;
import io.wavebeam.pipeline.windows.WindowSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wavebeam run <job>}: runs one of the Beam jobs. */
@Command(name = "run", description = "Run a Beam job.", subcommands = {RunCommand.Pass1.class, RunPass1p5Command.class})
final class RunCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a job is required (pass1, pass1p5)");
  }

  /** {@code wavebeam run pass1}: one group folder to per-signal features. */
  @Command(name = "pass1", mixinStandardHelpOptions = true,
      description = {"Summarise every signal of every record segment of one group folder (e.g. 30/).",
          "Writes ws_df_group.json, errors.jsonl and manifest.json into the output folder;",
          "with --window also ws_df_windows.json (features per record, signal and time window).",
          "Exit status: 0 all records read, " + Pass1Result.EXIT_SOME_RECORDS_FAILED
              + " some records failed (see errors.jsonl), " + Pass1Result.EXIT_RUN_FAILED + " the run failed."})
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

    @Option(names = "--kms-key-id", paramLabel = "ID",
        description = "KMS key id or ARN: every S3 object written gets SSE-KMS with this key.")
    String kmsKeyId;

    @Option(names = "--sse", paramLabel = "aws:kms|AES256",
        description = "Server-side encryption of every S3 object; aws:kms alone uses the account's AWS-managed key.")
    String sse;

    @Option(names = "--s3-endpoint", paramLabel = "URL",
        description = "S3-compatible endpoint (path-style addressing); default: AWS_ENDPOINT_URL_S3,"
            + " AWS_ENDPOINT_URL, else AWS.")
    String s3Endpoint;

    @Option(names = "--s3-region", paramLabel = "REGION",
        description = "Region of the S3 client (default: the AWS SDK's chain, else us-east-1).")
    String s3Region;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--window", paramLabel = "DURATION",
        description = "Also write ws_df_windows.json: features per record, signal and window of this length"
            + " (30s, 1m, 5m, 1h; a whole number of s, m or h).")
    String window;

    @Option(names = "--window-align", paramLabel = "start|clock",
        description = "Window boundaries: from each record's start (default) or on multiples of the window"
            + " since midnight of the record's base time (clock).")
    String windowAlign;

    @Override
    public Integer call() {
      try {
        if (window != null) {
          WindowSpec.parse(window, windowAlign);
        } else if (windowAlign != null) {
          throw new IllegalArgumentException("--window-align needs --window");
        }
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      try {
        Pass1Options options = Pass1Pipeline.options(input, output, group, runnerOptions.runner,
            runnerOptions.parallelism);
        options.setChunkBytes(chunkBytes);
        options.as(WindowOptions.class).setWindow(window);
        options.as(WindowOptions.class).setWindowAlign(windowAlign);
        LocalAwsRegion.pin(options);
        options.setKmsKeyId(kmsKeyId == null ? "" : kmsKeyId);
        options.setSse(sse == null ? "" : sse);
        options.setS3Endpoint(s3Endpoint == null ? "" : s3Endpoint);
        options.setS3Region(s3Region == null ? "" : s3Region);
        Pass1Result result = Pass1Pipeline.run(options);
        System.out.printf("%s: %d records, %d signals, %d failures, %.1f s -> %s%n", result.group(),
            result.records(), result.signals(), result.failures(), result.wallTimeS(), result.output());
        return result.exitStatus();
      } catch (IllegalArgumentException e) {
        System.err.println("wavebeam run pass1: " + e.getMessage());
        return 2;
      } catch (java.io.IOException e) {
        System.err.println("wavebeam run pass1: failed: " + e.getMessage());
        return Pass1Result.EXIT_RUN_FAILED;
      } catch (Exception e) {
        System.err.println("wavebeam run pass1: failed: " + e);
        return Pass1Result.EXIT_RUN_FAILED;
      }
    }
  }
}
