package io.wavebeam.launch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Processing job names: deterministic for a run id (so a re-run with the same {@code --run-id} finds its own jobs
 * by name) and valid for SageMaker ({@code ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}}: at most 63 characters, letters,
 * digits and single-or-more hyphens, no leading or trailing hyphen).
 */
public final class JobNames {
  public static final int MAX_LENGTH = 63;
  static final Pattern VALID = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");
  private static final Pattern RUN_ID = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9-]{0,39}");
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
      .withZone(ZoneOffset.UTC);

  private JobNames() {}

  /** A new run id from the clock, e.g. {@code 20250101-120000}. */
  public static String newRunId(Clock clock) {
    return RUN_ID_TIME.format(clock.instant());
  }

  public static String checkRunId(String runId) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException("bad --run-id '" + runId
          + "': 1-40 letters, digits and '-', starting with a letter or digit");
    }
    return runId;
  }

  /** The prefix every job name of a run starts with: what ListProcessingJobs(NameContains) looks for. */
  public static String runPrefix(String runId) {
    return "wb-" + checkRunId(runId) + "-";
  }

  /** {@code wb-<run>-p1-<group>}. */
  public static String pass1(String runId, String group) {
    return fit(runPrefix(runId) + "p1-" + sanitize(group), runId + "/p1/" + group);
  }

  /** {@code wb-<run>-p1p5}. */
  public static String pass1p5(String runId) {
    return fit(runPrefix(runId) + "p1p5", runId + "/p1p5");
  }

  /** Characters SageMaker refuses become '-' (group {@code a_b} is job part {@code a-b}). */
  static String sanitize(String s) {
    return s.replaceAll("[^a-zA-Z0-9-]+", "-").replaceAll("^-+|-+$", "");
  }

  /**
   * Names too long are cut and end with 8 hex digits of a hash of what they stand for, so two long names
   * that share their first 54 characters still differ.
   */
  static String fit(String name, String identity) {
    String n = name.replaceAll("-+$", "");
    if (n.length() <= MAX_LENGTH && VALID.matcher(n).matches()) {
      return n;
    }
    String head = n.substring(0, Math.min(n.length(), MAX_LENGTH - 9)).replaceAll("-+$", "");
    String result = head + "-" + hash(identity);
    if (!VALID.matcher(result).matches()) {
      throw new IllegalStateException("could not make a valid job name from " + name);
    }
    return result;
  }

  private static String hash(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
