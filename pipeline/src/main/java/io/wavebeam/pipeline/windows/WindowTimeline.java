package io.wavebeam.pipeline.windows;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the windows of one record fall on its frames. Frame t lies at {@code t / f} seconds from the record start
 * (f the frame frequency); window k covers the frames whose time lies in [start(k), start(k+1)), so its first
 * frame is {@code ceil(start(k)·f)}. With {@link WindowSpec.Align#START}, start(k) = k·W; with
 * {@link WindowSpec.Align#CLOCK} and a base time, start(k) = (q0 + k)·W − s0 where s0 is the base time in seconds
 * since midnight and q0 = ⌊s0 / W⌋, so window 0 is the (partial) clock window holding the first frame.
 *
 * <p>Frequencies in headers are decimals ({@code 0.0166666666667}); a product within 1e-9 (relative) of a whole
 * frame counts as that frame, so minute windows of one-per-minute numerics hold one frame each.
 */
final class WindowTimeline {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
  private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  private final long windowMillis;
  private final double frameFrequency;
  private final long length;
  /** Start of window 0 in milliseconds relative to the record start (≤ 0). */
  private final long firstStartMillis;
  /** Absolute time of the record's first frame; null without base date and time. */
  private final LocalDateTime recordStart;

  WindowTimeline(WindowSpec spec, double frameFrequency, long length, LocalTime baseTime, LocalDate baseDate) {
    this.windowMillis = spec.seconds() * 1000;
    this.frameFrequency = frameFrequency;
    this.length = length;
    if (spec.align() == WindowSpec.Align.CLOCK && baseTime != null) {
      long s0 = baseTime.toNanoOfDay() / 1_000_000;
      this.firstStartMillis = Math.floorDiv(s0, windowMillis) * windowMillis - s0;
    } else {
      this.firstStartMillis = 0;
    }
    this.recordStart = baseTime == null || baseDate == null ? null : LocalDateTime.of(baseDate, baseTime);
  }

  /** The window's length in seconds. */
  long windowSeconds() {
    return windowMillis / 1000;
  }

  /** Frames of the record. */
  long length() {
    return length;
  }

  /** Nominal start of window k in seconds from the record start (negative for a partial first clock window). */
  double offsetSeconds(long k) {
    return startMillis(k) / 1000.0;
  }

  private long startMillis(long k) {
    return firstStartMillis + k * windowMillis;
  }

  /** First frame of window k, within [0, length]. */
  long startFrame(long k) {
    if (k <= 0) {
      return 0;
    }
    double x = startMillis(k) / 1000.0 * frameFrequency;
    double r = Math.rint(x);
    long frame = Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? (long) r : (long) Math.ceil(x);
    return Math.max(0, Math.min(length, frame));
  }

  /** ISO-8601 local date-time of window k's nominal start, or null without base date and time. */
  String isoStart(long k) {
    if (recordStart == null) {
      return null;
    }
    LocalDateTime t = recordStart.plusNanos(startMillis(k) * 1_000_000);
    return iso(t);
  }

  /**
   * {@code t} as {@link #SECONDS} (whole seconds) or {@link #MILLIS} formats it, digit by digit for the years
   * 1 to 9999 (a window's start is printed for every window; the formatter cost as much as the rest of a row's
   * strings); other years through the formatter.
   */
  static String iso(LocalDateTime t) {
    int year = t.getYear();
    int nano = t.getNano();
    if (year < 1 || year > 9999) {
      return (nano == 0 ? SECONDS : MILLIS).format(t);
    }
    byte[] c = new byte[nano == 0 ? 19 : 23];
    digits(c, 0, year, 4);
    c[4] = '-';
    digits(c, 5, t.getMonthValue(), 2);
    c[7] = '-';
    digits(c, 8, t.getDayOfMonth(), 2);
    c[10] = 'T';
    digits(c, 11, t.getHour(), 2);
    c[13] = ':';
    digits(c, 14, t.getMinute(), 2);
    c[16] = ':';
    digits(c, 17, t.getSecond(), 2);
    if (nano != 0) {
      c[19] = '.';
      digits(c, 20, nano / 1_000_000, 3);
    }
    return new String(c, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** {@code v} (non-negative) as {@code width} decimal digits at {@code at}, zero-padded. */
  private static void digits(byte[] c, int at, int v, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      c[i] = (byte) ('0' + v % 10);
      v /= 10;
    }
  }
}
