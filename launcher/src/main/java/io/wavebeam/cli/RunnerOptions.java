package io.wavebeam.cli;

import io.wavebeam.pipeline.Pass1Pipeline.RunnerKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The runner options every {@code wavebeam run} job shares. picocli converts and checks them, so a bad value is
 * a usage error (exit 2) naming the option, before any job starts.
 */
final class RunnerOptions {
  @Option(names = "--runner", paramLabel = "direct|spark", defaultValue = "direct", converter = RunnerConverter.class,
      description = "Beam runner: direct, or spark (local[N]). Default: ${DEFAULT-VALUE}.")
  RunnerKind runner;

  @Option(names = "--parallelism", paramLabel = "N", defaultValue = "0",
      description = "Workers (default: the number of processors).")
  int parallelism;

  static final class RunnerConverter implements ITypeConverter<RunnerKind> {
    @Override
    public RunnerKind convert(String value) {
      try {
        return RunnerKind.parse(value);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not a runner (direct or spark)");
      }
    }
  }
}
