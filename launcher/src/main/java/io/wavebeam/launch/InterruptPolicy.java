package io.wavebeam.launch;

import java.util.Locale;

/** What Ctrl-C does to the jobs already running. */
public enum InterruptPolicy {
  /** Ask on the terminal (without one: leave them). */
  ASK,
  /** StopProcessingJob every running job. */
  STOP,
  /** Leave them running; a launcher started again with the same --run-id picks them up. */
  LEAVE;

  public static InterruptPolicy parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown --on-interrupt '" + s + "' (ask, stop or leave)");
    }
  }
}
