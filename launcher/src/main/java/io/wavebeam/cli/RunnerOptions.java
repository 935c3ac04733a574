package io.wavebeam.cli;

import io.wavebeam.common.RunnerKind;
import io.wavebeam.common.RunnerSetup;
import org.apache.beam.sdk.options.PipelineOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The runner options every {@code wavebeam run} job shares. picocli converts and checks them, so a bad value is
 * a usage error (exit 2) naming the option, before any job starts.
 */
final class RunnerOptions {
  @Option(names = "--runner", paramLabel = "direct|spark", defaultValue = "direct", converter = RunnerConverter.class,
      description = "Beam runner: direct, or spark (local[N]). Default: ${DEFAULT-VALUE}.")
  RunnerKind runner;

  /** 0 when not given: the number of processors. */
  @Option(names = "--parallelism", paramLabel = "N", converter = WorkerCount.class,
      description = "Workers, 1 or more (default: the number of processors).")
  int parallelism;

  @Option(names = "--spark-master", paramLabel = "URL", converter = SparkMasterConverter.class,
      description = "Run on this Spark master with the SparkRunner: local[N], spark://host:port (a standalone"
          + " cluster) or yarn (through the cluster's spark-submit). This program is the driver; the wavebeam jar"
          + " is staged to the executors. Inputs and outputs must then be URIs every worker reaches (s3://).")
  String sparkMaster;

  /**
   * Applies what the options say beyond the runner kind: the Spark master, and the DirectRunner without its
   * per-element checks (a production run from the command line; tests keep them, docs/benchmarks.md).
   * Throws IllegalArgumentException for a master wavebeam cannot use.
   */
  void applyTo(PipelineOptions options) {
    if (sparkMaster != null) {
      RunnerSetup.useSparkMaster(options, sparkMaster);
    }
    RunnerSetup.skipDirectRunnerChecks(options);
  }

  /**
   * On a Spark cluster the work runs on other machines, which never see this one's disk: every location must be
   * a URI they reach (s3://...). Throws IllegalArgumentException (a usage error) naming the location otherwise.
   */
  void requireReachableByWorkers(String... locations) {
    if (sparkMaster == null || RunnerSetup.isLocalSparkMaster(sparkMaster)) {
      return;
    }
    for (String location : locations) {
      if (location != null && !location.contains("://")) {
        throw new io.wavebeam.common.InvalidLocationException("--spark-master " + sparkMaster
            + " runs the work on other machines: '"
            + location + "' is a path on this one; give a URI every worker reaches (s3://bucket/prefix/)");
      }
    }
  }

  /**
   * A converter over a parser that throws IllegalArgumentException for a bad value: picocli reports
   * {@link #problem}'s sentence as a usage error.
   */
  abstract static class CheckedConverter<T> implements ITypeConverter<T> {
    abstract T parse(String value);

    /** The sentence for a bad value; the parser's own message unless overridden. */
    String problem(String value, IllegalArgumentException e) {
      return e.getMessage();
    }

    @Override
    public final T convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(problem(value, e));
      }
    }
  }

  static final class SparkMasterConverter extends CheckedConverter<String> {
    @Override
    String parse(String value) {
      return RunnerSetup.checkSparkMaster(value);
    }
  }

  static final class RunnerConverter extends CheckedConverter<RunnerKind> {
    @Override
    RunnerKind parse(String value) {
      return RunnerKind.parse(value);
    }

    @Override
    String problem(String value, IllegalArgumentException e) {
      return "'" + value + "' is not a runner (direct or spark)";
    }
  }

  /** A number of workers: 1 or more. Leaving the option out (not 0) means "as many as processors". */
  static final class WorkerCount implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int n;
      try {
        n = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a number of workers (1 or more)");
      }
      if (n < 1) {
        throw new TypeConversionException("'" + value + "' is not a number of workers: give 1 or more, or leave "
            + "--parallelism out to use every processor");
      }
      return n;
    }
  }
}
