package io.wavebeam.cli;

import java.io.PrintWriter;
import picocli.CommandLine.Option;

/** {@code --quiet} and {@code --progress-interval}: the options of every command that shows progress. */
final class ProgressOptions {
  @Option(names = "--quiet", description = "Show no progress (the summary at the end is still printed).")
  boolean quiet;

  @Option(names = "--progress-interval", paramLabel = "SECONDS", defaultValue = "10",
      description = "When stderr is not a terminal (a log file, CloudWatch), print a progress line this often. "
          + "Default: ${DEFAULT-VALUE}.")
  double intervalSeconds;

  ConsoleProgress listener(PrintWriter err) {
    return new ConsoleProgress(err, ConsoleProgress.modeOf(quiet), Math.max(0, intervalSeconds),
        ConsoleProgress.terminalWidth(), System::nanoTime);
  }
}
