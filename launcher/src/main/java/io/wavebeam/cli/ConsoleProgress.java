package io.wavebeam.cli;

import io.wavebeam.common.ProgressListener;
import io.wavebeam.common.RunProgress;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a run's {@link RunProgress} on stderr: on a terminal one line redrawn in place (at most five times a
 * second); otherwise (a log file, CloudWatch) a plain line every {@code interval}; and a last line when the run
 * ends.
 *
 * <p>Drawn with a carriage return and spaces only. A terminal library (JLine 3, or progressbar on top of it)
 * would bring its own terminal detection, signal handling and a second writer to stderr for what is one line
 * of text; picocli's ANSI support adds colours, which a progress line does not need. Both would also have to
 * share stderr with Beam's and Spark's log lines, which no library can redraw around.
 */
final class ConsoleProgress implements ProgressListener {
  /** How the progress is shown. */
  enum Mode { TERMINAL, LINES, OFF }

  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter err;
  private final Mode mode;
  private final long intervalNanos;
  private final int width;
  private final LongSupplier clock;
  private long lastShown = Long.MIN_VALUE;
  private int drawnLength;
  private boolean finished;

  ConsoleProgress(PrintWriter err, Mode mode, double intervalSeconds, int width, LongSupplier clock) {
    this.err = err;
    this.mode = mode;
    this.intervalNanos = (long) (intervalSeconds * 1e9);
    this.width = width;
    this.clock = clock;
  }

  /** The mode for this process: a terminal when there is a console (stdin and stdout are terminals). */
  static Mode modeOf(boolean quiet) {
    return quiet ? Mode.OFF : System.console() != null ? Mode.TERMINAL : Mode.LINES;
  }

  /** The terminal's width from {@code COLUMNS} (set by shells that export it), else 80. */
  static int terminalWidth() {
    try {
      int columns = Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip());
      return columns >= 20 ? columns : 80;
    } catch (NumberFormatException e) {
      return 80;
    }
  }

  @Override
  public synchronized void onProgress(RunProgress progress) {
    if (mode == Mode.OFF || finished) {
      return;
    }
    long now = clock.getAsLong();
    if (progress.finished()) {
      finished = true;
    } else if (lastShown != Long.MIN_VALUE
        && now - lastShown < (mode == Mode.TERMINAL ? REDRAW_NANOS : intervalNanos)) {
      return;
    }
    lastShown = now;
    String line = render(progress, mode == Mode.TERMINAL ? width - 1 : Integer.MAX_VALUE);
    if (mode == Mode.TERMINAL) {
      // Overwrite the previous line; spaces clear what a longer previous line left.
      err.print("\r" + line + " ".repeat(Math.max(0, drawnLength - line.length())));
      drawnLength = line.length();
      if (progress.finished()) {
        err.println();
        drawnLength = 0;
      }
    } else {
      err.println(line);
    }
    err.flush();
  }

  /** Clears the redrawn line so that other output can be printed; the next progress draws it again. */
  synchronized void clear() {
    if (mode == Mode.TERMINAL && drawnLength > 0) {
      err.print("\r" + " ".repeat(drawnLength) + "\r");
      err.flush();
      drawnLength = 0;
      lastShown = Long.MIN_VALUE;
    }
  }

  /**
   * One progress line, at most {@code width} characters: the parts that matter least (rate, elapsed time,
   * bytes) are left out first when the line is too long.
   */
  static String render(RunProgress p, int width) {
    double fraction = fraction(p);
    double seconds = p.elapsedNanos() / 1e9;
    // parts in display order, with a rank: 0 is kept longest
    List<String> parts = new ArrayList<>();
    List<Integer> ranks = new ArrayList<>();
    String counts = p.planned() > 0 ? String.format(Locale.ROOT, "%,d/%,d %s", p.done(), p.planned(), p.unit())
        : String.format(Locale.ROOT, "%,d %s", p.done(), p.unit());
    String head = p.task() + ": " + (fraction >= 0 ? percent(fraction) + " " : "") + counts;
    parts.add(head);
    ranks.add(0);
    if (p.bytesDone() > 0 || p.bytesPlanned() > 0) {
      parts.add(p.bytesPlanned() > 0 ? mb(p.bytesDone()) + "/" + mb(p.bytesPlanned()) + " MB"
          : mb(p.bytesDone()) + " MB");
      ranks.add(4);
      if (seconds > 0) {
        parts.add(String.format(Locale.ROOT, "%.1f MB/s", p.bytesDone() / 1e6 / seconds));
        ranks.add(5);
      }
    }
    parts.add(p.finished() ? "done in " + duration(seconds) : duration(seconds) + " elapsed");
    ranks.add(p.finished() ? 1 : 3);
    if (!p.finished()) {
      parts.add(fraction > 0 ? "ETA " + duration(seconds * (1 - fraction) / fraction) : "ETA unknown");
      ranks.add(1);
    }
    parts.add(String.format(Locale.ROOT, "%,d failed", p.failures()));
    ranks.add(2);

    for (int dropRank = 6; dropRank > 0; dropRank--) {
      String line = join(parts, ranks, dropRank);
      if (line.length() <= width) {
        return line;
      }
    }
    String line = join(parts, ranks, 1);
    return line.length() <= width ? line : line.substring(0, Math.max(0, width));
  }

  /** Done as a fraction 0..1, from bytes when they are planned, else from items; -1 when nothing is planned. */
  static double fraction(RunProgress p) {
    if (p.finished()) {
      return p.planned() > 0 || p.bytesPlanned() > 0 ? 1 : -1;
    }
    if (p.bytesPlanned() > 0) {
      return Math.min(1, (double) p.bytesDone() / p.bytesPlanned());
    }
    if (p.planned() > 0) {
      return Math.min(1, (double) p.done() / p.planned());
    }
    return -1;
  }

  private static String join(List<String> parts, List<Integer> ranks, int dropRank) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      if (ranks.get(i) < dropRank) {
        b.append(b.length() == 0 ? "" : ", ").append(parts.get(i));
      }
    }
    return b.toString();
  }

  private static String percent(double fraction) {
    return fraction >= 1 ? "100%" : String.format(Locale.ROOT, "%.1f%%", Math.min(99.9, fraction * 100));
  }

  private static String mb(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / 1e6);
  }

  /** 0:07, 12:30, 3:05:09 */
  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
