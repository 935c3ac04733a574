package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * What some tests need from outside the repository: the real records in {@code ../shared/wfdb-samples} and
 * Debian's {@code flac} command. Without them a test is skipped (counted by Surefire) and its group prints one
 * line with the reason on the console; with {@code -Dwavebeam.requireSharedSamples=true} (as {@code .ci/run}
 * sets it) a missing prerequisite fails the test instead, so CI never passes without them.
 */
public final class TestPrerequisites {
  /** The system property that turns a missing prerequisite into a failure. */
  public static final String STRICT = "wavebeam.requireSharedSamples";

  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private TestPrerequisites() {}

  /**
   * Returns when {@code present}; otherwise fails the calling test (strict) or skips it, printing
   * {@code group}'s reason once per JVM.
   */
  public static void require(boolean present, String group, String reason) {
    if (present) {
      return;
    }
    if (Boolean.getBoolean(STRICT)) {
      fail(group + ": " + reason + " (-D" + STRICT + "=true makes this a failure)");
    }
    if (ANNOUNCED.add(group)) {
      System.out.println("[SKIPPED] " + group + ": " + reason);
    }
    Assumptions.abort(group + " skipped: " + reason);
  }
}
