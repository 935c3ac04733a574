package io.wavebeam.cli;

import java.util.function.Supplier;

/**
 * Turns Ctrl-C (SIGINT) into a call while a launch waits, instead of killing the JVM, so the launcher can ask
 * whether to stop the running jobs. The previous handler is restored afterwards.
 */
final class CtrlC {
  private CtrlC() {}

  @SuppressWarnings("restriction")
  static <T> T whileRunning(Runnable onInterrupt, Supplier<T> body) {
    sun.misc.Signal sigint = new sun.misc.Signal("INT");
    sun.misc.SignalHandler previous;
    try {
      previous = sun.misc.Signal.handle(sigint, s -> onInterrupt.run());
    } catch (IllegalArgumentException e) {
      // The JVM was started with -Xrs or the signal is reserved: run without the question.
      return body.get();
    }
    try {
      return body.get();
    } finally {
      sun.misc.Signal.handle(sigint, previous);
    }
  }
}
