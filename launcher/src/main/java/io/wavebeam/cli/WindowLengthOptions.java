package io.wavebeam.cli;

import io.wavebeam.pipeline.windows.WindowSpec;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code --window} and {@code --window-align}: pass 1's features per window (ws_df_windows.json), the same two
 * options on {@code run pass1}, {@code launch pass1} and the container's pass1 job.
 */
final class WindowLengthOptions {
  @Option(names = "--window", paramLabel = "DURATION",
      description = "Also write ws_df_windows.json: features per record, signal and window of this length"
          + " (30s, 1m, 5m, 1h; a whole number of s, m or h).")
  String window;

  @Option(names = "--window-align", paramLabel = "start|clock",
      description = "Window boundaries: from each record's start (default) or on multiples of the window"
          + " since midnight of the record's base time (clock).")
  String windowAlign;

  /** A bad length or alignment, or an alignment without a length, is a usage error (before anything starts). */
  void check(CommandSpec spec) {
    try {
      if (window != null) {
        WindowSpec.parse(window, windowAlign);
      } else if (windowAlign != null) {
        throw new IllegalArgumentException("--window-align needs --window");
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** The options as given, for pass 1's command line in a job (empty when none is). */
  List<String> arguments() {
    List<String> args = new ArrayList<>();
    if (window != null) {
      args.addAll(List.of("--window", window));
    }
    if (windowAlign != null) {
      args.addAll(List.of("--window-align", windowAlign));
    }
    return args;
  }
}
