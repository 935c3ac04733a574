package io.wavebeam.launch;

import io.wavebeam.common.ProgressListener;
import io.wavebeam.common.RunProgress;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One line per job (state, elapsed, secondary status). On a terminal the block is redrawn in place; elsewhere
 * (a log file, a test) a job's line is printed again only when its state or status changes.
 */
public final class ProgressView {
  private final PrintWriter out;
  private final boolean redraw;
  private final Map<String, String> lastPrinted = new HashMap<>();
  private int linesDrawn;

  private final ProgressListener jobsProgress;
  private final LongSupplier nanoClock;
  private final long startNanos;

  public ProgressView(PrintWriter out, boolean redraw) {
    this(out, redraw, null, System::nanoTime);
  }

  /**
   * @param jobsProgress also told, at every update, how many of the started jobs have ended (unit "jobs",
   *     failures: the failed and stopped ones), or null
   */
  public ProgressView(PrintWriter out, boolean redraw, ProgressListener jobsProgress, LongSupplier nanoClock) {
    this.out = out;
    this.redraw = redraw;
    this.jobsProgress = jobsProgress;
    this.nanoClock = nanoClock;
    this.startNanos = nanoClock.getAsLong();
  }

  /** Redraw in place only on an ANSI terminal. */
  public static boolean terminalSupportsRedraw() {
    String term = System.getenv("TERM");
    return System.console() != null && term != null && !term.equals("dumb");
  }

  public synchronized void update(List<JobOutcome> jobs) {
    if (redraw) {
      if (linesDrawn > 0) {
        out.print("\033[" + linesDrawn + "F");
      }
      for (JobOutcome j : jobs) {
        out.print("\033[2K");
        out.println(line(j));
      }
      linesDrawn = jobs.size();
    } else {
      for (JobOutcome j : jobs) {
        String key = j.state() + "|" + j.detail();
        if (!key.equals(lastPrinted.put(j.job().jobName(), key))) {
          out.println(line(j));
        }
      }
    }
    out.flush();
    if (jobsProgress != null) {
      jobsProgress.onProgress(jobsDone(jobs, nanoClock.getAsLong() - startNanos));
    }
  }

  /** The jobs this launch runs (not the skipped ones): how many ended, and how many of those failed. */
  static RunProgress jobsDone(List<JobOutcome> jobs, long elapsedNanos) {
    long planned = jobs.stream().filter(j -> j.state() != JobState.SKIPPED).count();
    long done = jobs.stream().filter(j -> j.state() != JobState.SKIPPED && j.state().finished()).count();
    long failed = jobs.stream().filter(j -> j.state() == JobState.FAILED || j.state() == JobState.STOPPED).count();
    return new RunProgress("launch", "jobs", done, planned, 0, 0, failed, elapsedNanos, done == planned);
  }

  static String line(JobOutcome j) {
    return String.format(Locale.ROOT, "%-10s %-42s %-12s %9s  %s", j.job().label(), j.job().jobName(),
        j.state(), elapsed(j.elapsed()), j.detail() == null ? "" : j.detail());
  }

  /** The table printed at the end; failed jobs also show why and where their log is. */
  public synchronized void summary(List<JobOutcome> jobs) {
    out.println();
    out.printf(Locale.ROOT, "%-10s %-12s %9s  %-42s %s%n", "GROUP", "STATE", "ELAPSED", "JOB", "OUTPUT");
    for (JobOutcome j : jobs) {
      out.printf(Locale.ROOT, "%-10s %-12s %9s  %-42s %s%n", j.job().label(), j.state(), elapsed(j.elapsed()),
          j.job().jobName(), j.job().output());
      if (j.state() == JobState.FAILED || j.state() == JobState.STOPPED) {
        if (j.failureReason() != null) {
          out.println("           reason: " + j.failureReason());
        }
        if (j.logs() != null) {
          out.println("           logs:   " + j.logs());
        }
      }
    }
    long ok = jobs.stream().filter(j -> j.state().succeeded()).count();
    out.printf(Locale.ROOT, "%d of %d succeeded%s%n", ok, jobs.size(),
        jobs.stream().anyMatch(j -> j.state() == JobState.SKIPPED) ? " (skipped: output already there)" : "");
    out.flush();
  }

  static String elapsed(Duration d) {
    if (d == null) {
      return "-";
    }
    long s = d.toSeconds();
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
