package io.wavebeam.bench;

import com.fasterxml.jackson.databind.ObjectWriter;
import io.wavebeam.pipeline.GroupPlan;
import io.wavebeam.pipeline.GroupPlanner;
import io.wavebeam.pipeline.SegmentSummarizer;
import io.wavebeam.pipeline.WorkTask;
import io.wavebeam.pipeline.WorkUnit;
import io.wavebeam.pipeline.WriteGroupOutput;
import io.wavebeam.pipeline.windows.RecordWindowSummarizer;
import io.wavebeam.pipeline.windows.WindowLines;
import io.wavebeam.pipeline.windows.WindowRow;
import io.wavebeam.pipeline.windows.WindowRecords;
import io.wavebeam.pipeline.windows.WindowSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Pass 1's two summarisers over the same group, in one JVM, on one thread, turn about: whole segments
 * ({@link SegmentSummarizer}, today's rows) and whole records in windows ({@link RecordWindowSummarizer}) giving the
 * window rows and the segment rows from one read, as a windowed run does; both
 * with their rows written as JSON lines (as the pipeline does). Prints the thread's CPU seconds (steady under a
 * loaded machine, where wall time is not), MB/s of signal data per CPU second, and the ratio
 * windows / segments of each round (the "≥ 80 % of the whole-segment throughput").
 *
 * <pre>java -Xmx512m -cp ... io.wavebeam.bench.WindowThroughput GROUP_DIR [WINDOW=1m] [ROUNDS=3]</pre>
 */
public final class WindowThroughput {
  /** -Dwindows.nojson=true: rows are made but not written, to see what JSON costs. */
  private static final boolean NO_JSON = Boolean.getBoolean("windows.nojson");

  /** -Dwindows.waveforms=true: leave the numerics records out of both. */
  private static final boolean WAVEFORMS_ONLY = Boolean.getBoolean("windows.waveforms");

  private WindowThroughput() {}

  public static void main(String[] args) throws Exception {
    Path group = Path.of(args[0]);
    WindowSpec spec = WindowSpec.parse(args.length > 1 ? args[1] : "1m", "start");
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    GroupPlan plan = GroupPlanner.plan(group.toString(), "g", 1, Long.MAX_VALUE); // no split segments: one task each
    List<WorkTask> tasks = new ArrayList<>();
    for (WorkUnit u : plan.units()) {
      tasks.addAll(u.tasks());
    }
    List<WindowRecords.Task> records = new ArrayList<>(WindowRecords.of(plan));
    long bytes = plan.bytes();
    if (WAVEFORMS_ONLY) { // MIMIC's numerics records are named <record>n
      tasks.removeIf(t -> t.segment().endsWith("n"));
      records.removeIf(t -> t.record().endsWith("n"));
      bytes = tasks.stream().mapToLong(WorkTask::bytes).sum();
    }
    ObjectWriter json = WriteGroupOutput.mapper().writer();
    System.out.printf(Locale.ROOT, "group %s: %d segments, %d records, %.1f MB of signal data, window %s%n", group,
        tasks.size(), records.size(), bytes / 1e6, spec.label());
    System.out.printf(Locale.ROOT, "%-6s %12s %12s %12s %9s %8s%n", "round", "seg cpu s", "win cpu s",
        "segments MB/s", "windows MB/s", "ratio");
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    for (int r = 1; r <= rounds; r++) {
      long c0 = cpu.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      long segmentRows = 0;
      for (WorkTask t : tasks) {
        for (var row : SegmentSummarizer.rows(SegmentSummarizer.summarize("g", t))) {
          segmentRows += json.writeValueAsString(row).length() > 0 ? 1 : 0;
        }
      }
      double segmentsWall = (System.nanoTime() - t0) / 1e9;
      double segments = (cpu.getCurrentThreadCpuTime() - c0) / 1e9;
      long c1 = cpu.getCurrentThreadCpuTime();
      long t1 = System.nanoTime();
      long[] windowRows = new long[2];
      for (WindowRecords.Task t : records) {
        // both outputs from one read, as the windowed pipeline does: window rows and the segments' rows
        // window rows printed as the pipeline prints them: one record's lines held by signal (WindowLines)
        WindowLines lines = new WindowLines();
        RecordWindowSummarizer.summarize("g", io.wavebeam.wfdb.WfdbRecord.open(Path.of(t.headerPath())), spec,
            NO_JSON ? WindowRow.Sink.of(row -> windowRows[0]++) : lines,
            (segment, features, warnings) -> {
              var partial = new SegmentSummarizer.Partial(SegmentSummarizer.identities("g", t.record(), segment),
                  features, warnings);
              windowRows[1] += io.wavebeam.pipeline.SegmentResult.of(t.headerPath(), 0,
                  SegmentSummarizer.rows(partial), warnings).rowLines().size();
            });
        windowRows[0] += lines.lines();
      }
      double windowsWall = (System.nanoTime() - t1) / 1e9;
      double windows = (cpu.getCurrentThreadCpuTime() - c1) / 1e9;
      System.out.printf(Locale.ROOT, "%-6d %12.2f %12.2f %12.0f %12.0f %8.2f   (wall %.2f / %.2f s; %d segment rows, %d window"
          + " rows + %d segment rows, heap used %d MB)%n", r, segments, windows, bytes / 1e6 / segments, bytes / 1e6 / windows,
          segments / windows, segmentsWall, windowsWall, segmentRows, windowRows[0], windowRows[1],
          (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
  }
}
