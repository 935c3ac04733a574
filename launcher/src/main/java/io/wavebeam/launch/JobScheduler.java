package io.wavebeam.launch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts a launch's jobs, never more than {@code maxConcurrent} at once, and waits for them.
 *
 * <ul>
 *   <li>Jobs of the run that exist already (found by name: a launcher killed mid-run and started again with the
 *       same run id) are adopted, never created twice.
 *   <li>ResourceLimitExceeded keeps the job queued; it is tried again when one of ours ends (or, with none of
 *       ours running, after a poll interval).
 *   <li>Ctrl-C ({@link #interrupt()}) asks whether to stop the running jobs or leave them.
 * </ul>
 */
public final class JobScheduler {
  /**
   * @param maxConcurrent jobs running at once at most
   * @param pollInterval between two DescribeProcessingJob rounds
   * @param waitForJobs false for --no-wait: start what may start and return
   * @param onInterrupt what Ctrl-C does to running jobs
   */
  public record Settings(int maxConcurrent, Duration pollInterval, boolean waitForJobs, InterruptPolicy onInterrupt) {
    public Settings {
      if (maxConcurrent < 1) {
        throw new IllegalArgumentException("--max-concurrent must be at least 1");
      }
    }
  }

  /** The jobs at the end and whether the launcher was interrupted. */
  public record Result(List<JobOutcome> jobs, boolean interrupted) {
    public boolean allSucceeded() {
      return jobs.stream().allMatch(j -> j.state().succeeded());
    }
  }

  private final JobExecutor executor;
  private final Settings settings;
  private final ProgressView view;
  private final OperatorTerminal terminal;
  private final Clock clock;
  private final AtomicBoolean interruptRequested = new AtomicBoolean();
  private volatile int peakActive;

  public JobScheduler(JobExecutor executor, Settings settings, ProgressView view, OperatorTerminal terminal,
      Clock clock) {
    this.executor = executor;
    this.settings = settings;
    this.view = view;
    this.terminal = terminal;
    this.clock = clock;
  }

  /** Called from the SIGINT handler: the loop stops at its next step and asks what to do. */
  public void interrupt() {
    interruptRequested.set(true);
  }

  /** The most jobs that were running at once (what tests check against --max-concurrent). */
  public int peakActive() {
    return peakActive;
  }

  private static final class Tracked {
    final ProcessingJobRequest job;
    JobState state;
    String detail = "";
    String failureReason;
    String logs;
    Instant since;
    /** SageMaker's ProcessingStartTime: elapsed counts from it, so adopted jobs show their real age. */
    Instant processingStart;
    Instant ended;

    Tracked(ProcessingJobRequest job, JobState state) {
      this.job = job;
      this.state = state;
    }
  }

  /**
   * Runs {@code jobs}; those in {@code skipped} are reported as skipped and not started.
   *
   * @param runPrefix the name prefix of the run's jobs, to find the ones that exist already
   */
  public Result run(List<ProcessingJobRequest> jobs, List<ProcessingJobRequest> skipped, String runPrefix) {
    List<Tracked> all = new ArrayList<>();
    Instant now = clock.instant();
    for (ProcessingJobRequest s : skipped) {
      Tracked t = new Tracked(s, JobState.SKIPPED);
      t.detail = "output exists: " + s.output();
      all.add(t);
    }
    Map<String, JobState> existing = jobs.isEmpty() ? Map.of() : executor.existing(runPrefix);
    for (ProcessingJobRequest j : jobs) {
      Tracked t = new Tracked(j, JobState.QUEUED);
      JobState found = existing.get(j.jobName());
      if (found != null) {
        // Started by an earlier launcher of this run: follow it, never create it again.
        t.state = found;
        t.detail = "adopted (" + found + ")";
        t.since = now;
        if (found.finished()) {
          refresh(t);
        }
      }
      all.add(t);
    }

    boolean capacityBlocked = false;
    boolean interrupted = false;
    while (true) {
      if (interruptRequested.get()) {
        interrupted = true;
        handleInterrupt(all);
        break;
      }
      if (!capacityBlocked) {
        capacityBlocked = startWhatFits(all);
      }
      peakActive = Math.max(peakActive, (int) all.stream().filter(t -> t.state.active()).count());
      view.update(outcomes(all));
      if (!settings.waitForJobs()) {
        for (Tracked t : all) {
          if (t.state == JobState.QUEUED) {
            t.state = JobState.NOT_STARTED;
            t.detail = "not started (--no-wait); run again with the same --run-id to start it";
          }
        }
        break;
      }
      boolean anyActive = all.stream().anyMatch(t -> t.state.active());
      boolean anyQueued = all.stream().anyMatch(t -> t.state == JobState.QUEUED);
      if (!anyActive && !anyQueued) {
        break;
      }
      pause(settings.pollInterval());
      boolean oneEnded = false;
      for (Tracked t : all) {
        if (t.state.active()) {
          refresh(t);
          oneEnded |= t.state.finished();
        }
      }
      // Capacity frees up when one of ours ends; with none of ours running it is someone else's, so try again.
      if (oneEnded || all.stream().noneMatch(t -> t.state.active())) {
        capacityBlocked = false;
      }
    }
    List<JobOutcome> result = outcomes(all);
    view.update(result);
    view.summary(result);
    return new Result(result, interrupted);
  }

  /** Starts queued jobs while slots are free; true when SageMaker said ResourceLimitExceeded. */
  private boolean startWhatFits(List<Tracked> all) {
    for (Tracked t : all) {
      if (t.state != JobState.QUEUED) {
        continue;
      }
      if (all.stream().filter(x -> x.state.active()).count() >= settings.maxConcurrent()) {
        t.detail = "queued (--max-concurrent " + settings.maxConcurrent() + ")";
        continue;
      }
      try {
        executor.start(t.job);
        t.state = JobState.IN_PROGRESS;
        t.detail = "Created";
        t.since = clock.instant();
      } catch (JobExecutor.CapacityException e) {
        for (Tracked q : all) {
          if (q.state == JobState.QUEUED) {
            q.detail = "waiting for capacity (ResourceLimitExceeded)";
          }
        }
        return true;
      } catch (JobExecutor.JobExistsException e) {
        t.state = JobState.IN_PROGRESS;
        t.detail = "exists already; following it";
        t.since = clock.instant();
      }
    }
    return false;
  }

  private void refresh(Tracked t) {
    executor.describe(t.job.jobName()).ifPresentOrElse(s -> {
      t.state = s.state();
      t.detail = s.detail();
      t.failureReason = s.failureReason();
      t.logs = s.logs();
      if (s.startTime() != null) {
        t.processingStart = s.startTime();
      }
      if (s.state().finished() && t.ended == null) {
        t.ended = s.endTime() != null ? s.endTime() : clock.instant();
      }
    }, () -> {
      t.state = JobState.FAILED;
      t.failureReason = "the job vanished: DescribeProcessingJob does not find " + t.job.jobName();
    });
  }

  private void handleInterrupt(List<Tracked> all) {
    List<Tracked> running = all.stream().filter(t -> t.state.active()).toList();
    boolean stop;
    if (running.isEmpty()) {
      stop = false;
    } else if (!executor.outlivesLauncher()) {
      stop = true;
    } else {
      stop = switch (settings.onInterrupt()) {
        case STOP -> true;
        case LEAVE -> false;
        case ASK -> ask(running.size());
      };
    }
    for (Tracked t : all) {
      if (t.state == JobState.QUEUED) {
        t.state = JobState.NOT_STARTED;
        t.detail = "not started (interrupted)";
      }
    }
    for (Tracked t : running) {
      if (stop) {
        try {
          executor.stop(t.job.jobName());
          t.state = JobState.STOPPING;
          t.detail = "StopProcessingJob sent";
        } catch (RuntimeException e) {
          terminal.err().println("could not stop " + t.job.jobName() + ": " + e.getMessage());
        }
      } else {
        t.detail = "left running; resume with the same --run-id";
      }
    }
    terminal.err().flush();
  }

  private boolean ask(int running) {
    if (!terminal.interactive()) {
      terminal.err().println("interrupted: leaving " + running + " running job(s) (no terminal to ask)");
      return false;
    }
    return terminal.confirm(String.format(Locale.ROOT,
        "%ninterrupted: stop the %d running job(s) (StopProcessingJob)? [y/N] ", running));
  }

  private List<JobOutcome> outcomes(List<Tracked> all) {
    Instant now = clock.instant();
    List<JobOutcome> out = new ArrayList<>();
    for (Tracked t : all) {
      Instant from = t.processingStart != null ? t.processingStart : t.since;
      Duration elapsed = from == null ? null : Duration.between(from, t.ended != null ? t.ended : now);
      if (elapsed != null && elapsed.isNegative()) {
        elapsed = Duration.ZERO;
      }
      out.add(new JobOutcome(t.job, t.state, elapsed, t.detail, t.failureReason, t.logs));
    }
    return out;
  }

  /** Sleeps in short slices so Ctrl-C is answered quickly. */
  private void pause(Duration d) {
    long end = System.nanoTime() + d.toNanos();
    try {
      while (!interruptRequested.get()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          return;
        }
        Thread.sleep(Math.max(1, Math.min(100, left / 1_000_000)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      interruptRequested.set(true);
    }
  }
}
