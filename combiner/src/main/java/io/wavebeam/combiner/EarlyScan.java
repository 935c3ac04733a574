package io.wavebeam.combiner;

import java.io.IOException;
import io.wavebeam.common.AwaitedResult;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's own scans of the largest input files, on a thread of its own from the moment the input is listed,
 * for runners whose workers are threads of this JVM (the DirectRunner, Spark {@code local[N]}); the pipeline's scan
 * step then takes such a file's result over instead of reading the file again ({@link #takeOver}).
 *
 * <p>Why: between listing the input and the first row a worker reads, the driver builds and starts the Beam pipeline
 * on one core for 1–2 s while the other core does little, and the workers then start on cold code (the parser, the
 * Parquet writers and Hadoop's configuration loaded and compiled while the rows wait). Scanning the largest file
 * meanwhile puts that core to work on real rows (docs/benchmarks.md, pass 1.5 against DuckDB).
 *
 * <p>Every file is scanned exactly once. The thread takes the next file (largest first) only while no worker has
 * started: a worker's first {@link #takeOver} stops it, under the same lock. A worker's file is then either one the
 * thread took — the worker waits for that scan and returns its summary — or one the worker scans itself. The parts
 * land where a worker's own scan puts them; the worker writes the file's summary last, as always. On a cluster the
 * driver starts nothing, and the workers (other JVMs) find nothing to take over. After the pipeline the driver
 * checks that every file scanned here was taken over ({@link #checkTakenOver}): a worker that could not see this
 * JVM's scans (another class loader) would have written the same part beside the thread, so the run fails before
 * anything is published.
 */
final class EarlyScan implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EarlyScan.class);
  /** The early scans of the runs in progress in this JVM, by their staging area. */
  private static final Map<String, EarlyScan> RUNS = new ConcurrentHashMap<>();

  /** How a file is scanned: {@link WriteParts#scan} (tests give their own). */
  interface FileScan {
    RunSummary scan(WriteParts.Settings settings, GroupFile file) throws IOException;
  }

  private final String run;
  private final WriteParts.Settings settings;
  private final FileScan scan;
  /** Files not taken yet, largest first; guarded by this. */
  private final Deque<GroupFile> untaken;
  /** Files the thread took, by path, until a worker takes them over; guarded by this. */
  private final Map<String, CompletableFuture<RunSummary>> taken = new LinkedHashMap<>();
  /** Set by the first worker, or when the run ends; guarded by this. */
  private boolean stopped;
  private final Thread thread;

  private EarlyScan(WriteParts.Settings settings, List<GroupFile> largestFirst, FileScan scan) {
    this.run = runKey(settings);
    this.settings = settings;
    this.scan = scan;
    this.untaken = new ArrayDeque<>(largestFirst);
    this.thread = new Thread(this::scanUntilStopped, "wavebeam-early-scan");
    thread.setDaemon(true);
  }

  private static String runKey(WriteParts.Settings settings) {
    return settings.staging().describe("");
  }

  /**
   * Starts scanning {@code largestFirst} into {@code settings}' staging area. Only for a runner whose workers run in
   * this JVM; close it once the pipeline has ended (after {@link #checkTakenOver} when it succeeded).
   */
  static EarlyScan start(WriteParts.Settings settings, List<GroupFile> largestFirst) {
    return start(settings, largestFirst, (s, file) -> WriteParts.scan(s, file, (lines, bytes) -> {}));
  }

  static EarlyScan start(WriteParts.Settings settings, List<GroupFile> largestFirst, FileScan scan) {
    EarlyScan early = new EarlyScan(settings, largestFirst, scan);
    if (RUNS.putIfAbsent(early.run, early) != null) {
      throw new IllegalStateException("a run already stages into " + early.run);
    }
    early.thread.start();
    return early;
  }

  private void scanUntilStopped() {
    while (true) {
      GroupFile file;
      CompletableFuture<RunSummary> result = new CompletableFuture<>();
      synchronized (this) {
        if (stopped || untaken.isEmpty()) {
          return;
        }
        file = untaken.poll();
        taken.put(file.path(), result);
      }
      LOG.debug("{}: scanned by the driver while the pipeline starts", file.path());
      try {
        result.complete(scan.scan(settings, file));
      } catch (Throwable t) {
        result.completeExceptionally(t);
      }
    }
  }

  /**
   * For a worker about to scan {@code file}: the summary of this JVM's early scan of it (waiting for that scan to
   * end), or null when the worker is to scan the file itself. Stops the early scans from taking another file.
   */
  static RunSummary takeOver(WriteParts.Settings settings, GroupFile file) throws IOException {
    EarlyScan early = RUNS.get(runKey(settings));
    if (early == null) {
      return null;
    }
    CompletableFuture<RunSummary> result;
    synchronized (early) {
      early.stopped = true;
      result = early.taken.remove(file.path());
    }
    if (result == null) {
      return null;
    }
    return AwaitedResult.get(result, "the early scan of " + file.path());
  }

  /**
   * After a pipeline that succeeded: stops the thread (it has ended when every file it took was taken over), and
   * fails when some file it scanned was never taken over by a worker.
   */
  void checkTakenOver() throws IOException {
    stop(false);
    synchronized (this) {
      if (!taken.isEmpty()) {
        throw new IOException(String.join(", ", taken.keySet()) + ": scanned early by the driver, but the pipeline's"
            + " workers did not take the scan over (they may have scanned the file again); nothing was published");
      }
    }
  }

  /** Stops the early scans (interrupting one in progress: the run has failed or ended) and forgets the run. */
  @Override
  public void close() {
    try {
      stop(true);
    } finally {
      RUNS.remove(run, this);
    }
  }

  private void stop(boolean interrupt) {
    synchronized (this) {
      stopped = true;
    }
    if (interrupt) {
      thread.interrupt();
    }
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
