package io.wavebeam.pipeline.windows;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time windows of {@code run pass1 --window DURATION [--window-align start|clock]}: a length in whole seconds
 * and where the boundaries fall.
 *
 * @param seconds the window length
 * @param align {@link Align#START}: window k covers [k·W, (k+1)·W) from the record's first frame;
 *     {@link Align#CLOCK}: boundaries at multiples of the window since midnight of the record's base time
 */
public record WindowSpec(long seconds, Align align) implements Serializable {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(s|m|h)");

  /** Where window boundaries fall. */
  public enum Align {
    /** Counted from the record's first frame. */
    START,
    /** On multiples of the window since midnight (needs the header's base time; without one, as START). */
    CLOCK
  }

  public WindowSpec {
    if (seconds <= 0) {
      throw new IllegalArgumentException("the window must be at least one second long");
    }
    if (align == null) {
      throw new IllegalArgumentException("no window alignment");
    }
  }

  /**
   * Parses a duration such as {@code 30s}, {@code 90s}, {@code 1m}, {@code 5m}, {@code 1h}, {@code 2h} and an
   * alignment {@code start} or {@code clock} (null: start).
   *
   * @throws IllegalArgumentException with a message for the user when either is malformed
   */
  public static WindowSpec parse(String duration, String align) {
    return new WindowSpec(parseSeconds(duration), parseAlign(align));
  }

  /** Seconds of a duration written as a whole number followed by s, m or h. */
  public static long parseSeconds(String duration) {
    Matcher m = duration == null ? null : DURATION.matcher(duration.trim().toLowerCase(Locale.ROOT));
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("window '" + duration
          + "' is not a duration: a whole number followed by s, m or h (30s, 1m, 5m, 1h)");
    }
    long n = Long.parseLong(m.group(1));
    long seconds = switch (m.group(2)) {
      case "s" -> n;
      case "m" -> n * 60;
      default -> n * 3600;
    };
    if (seconds <= 0) {
      throw new IllegalArgumentException("window '" + duration + "' must be at least one second long");
    }
    return seconds;
  }

  public static Align parseAlign(String align) {
    if (align == null || align.isBlank()) {
      return Align.START;
    }
    return switch (align.trim().toLowerCase(Locale.ROOT)) {
      case "start" -> Align.START;
      case "clock" -> Align.CLOCK;
      default -> throw new IllegalArgumentException("window alignment '" + align + "' must be start or clock");
    };
  }

  /** The duration as it would be written on the command line ({@code 90s}, {@code 5m}, {@code 2h}). */
  public String label() {
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
