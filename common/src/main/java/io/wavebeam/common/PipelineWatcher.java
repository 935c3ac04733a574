package io.wavebeam.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.joda.time.Duration;

/**
 * Runs a Beam pipeline and, while it runs, turns its counters into {@link RunProgress} for a
 * {@link ProgressListener}: the driver polls {@code PipelineResult.metrics()} a few times a second, on every runner.
 * The counters are named by {@link Counters}; a name may be null when the pipeline has no such counter.
 */
public final class PipelineWatcher {
  /** Which counters of {@code namespace} count the items done, the bytes done and the failures. */
  public record Counters(String namespace, String done, String bytes, String failures) {}

  /** What the run is planned to cover: a total of 0 means unknown. */
  public record Plan(String task, String unit, long planned, long bytesPlanned) {}

  // A few polls a second: a listener decides how often to print; a small group's run takes a second or two.
  private static final Duration POLL = Duration.millis(250);

  private PipelineWatcher() {}

  /**
   * Runs {@code pipeline}, reports progress until it ends (a last report with {@code finished} set when it ends
   * in {@code DONE}) and returns the result; a failed pipeline throws as {@code waitUntilFinish} does.
   */
  public static PipelineResult run(Pipeline pipeline, Counters counters, Plan plan, ProgressListener listener) {
    // The DirectRunner runs the whole pipeline inside run() unless told not to block there.
    pipeline.getOptions().as(DirectOptions.class).setBlockOnRun(false);
    long started = System.nanoTime();
    PipelineResult result = pipeline.run();
    PipelineResult.State state = result.getState();
    while (state == null || !state.isTerminal()) {
      state = result.waitUntilFinish(POLL);
      if (state == null || !state.isTerminal()) {
        report(result, counters, plan, listener, started, false);
      }
    }
    if (state == PipelineResult.State.DONE) {
      report(result, counters, plan, listener, started, true);
    }
    return result;
  }

  /** The attempted value of each counter of {@code namespace}, summed over steps; empty when not available. */
  public static Map<String, Long> counters(PipelineResult result, String namespace) {
    Map<String, Long> values = new HashMap<>();
    MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder()
        .addNameFilter(MetricNameFilter.inNamespace(namespace)).build());
    for (MetricResult<Long> c : metrics.getCounters()) {
      Long v = c.getAttempted();
      if (v != null) {
        values.merge(c.getName().getName(), v, Long::sum);
      }
    }
    return values;
  }

  private static void report(PipelineResult result, Counters counters, Plan plan, ProgressListener listener,
      long started, boolean finished) {
    Map<String, Long> values;
    try {
      values = counters(result, counters.namespace());
    } catch (RuntimeException e) {
      // Some runners cannot answer before their first stage has run: progress is best effort, the run is not.
      return;
    }
    listener.onProgress(new RunProgress(plan.task(), plan.unit(), value(values, counters.done()), plan.planned(),
        value(values, counters.bytes()), plan.bytesPlanned(), value(values, counters.failures()),
        System.nanoTime() - started, finished));
  }

  private static long value(Map<String, Long> values, String name) {
    return name == null ? 0 : values.getOrDefault(name, 0L);
  }
}
