package io.wavebeam.cli;

import io.wavebeam.pipeline.Pass1Pipeline.RunnerKind;
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

  static final class RunnerConverter implements ITypeConverter<RunnerKind> {
    @Override
    public RunnerKind convert(String value) {
      try {
        return RunnerKind.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a runner (direct or spark)");
      }
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
