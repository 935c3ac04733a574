package io.wavebeam.combiner;

import io.wavebeam.common.RunnerSetup;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.coders.SparkRunnerKryoRegistrator;
import org.apache.beam.runners.spark.translation.SparkContextFactory;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Spark's in-process context, started on a thread of its own while the driver lists the input and builds the
 * pipeline, then handed to Beam's SparkRunner as a provided context.
 *
 * <p>Why: starting a {@code local[N]} context (its RPC environment, block manager, executor and ~3,600 classes) took
 * ~0.8 s of the main thread inside {@code Pipeline.run}, after Beam's own set-up and before any row, while the
 * second core was idle (docs/benchmarks.md, pass 1.5 against DuckDB). Started first, the two overlap.
 *
 * <p>The context has the configuration Beam's {@code SparkContextFactory} gives its own (master, application name,
 * Beam's Kryo registrator; the {@code spark.*} system properties, e.g. those of {@link RunnerSetup#prepareSpark}).
 * Only for an in-process master without files to stage and without Beam's test switch that reuses one context
 * across runs; anything else keeps Beam's path. Beam does not stop a provided context, so {@link #close} does
 * (or {@link #stopInBackground}, beside the driver's publishing).
 */
final class EarlySparkContext implements AutoCloseable {
  /** Beam's switch (SparkContextFactory.TEST_REUSE_SPARK_CONTEXT) that keeps one context for many runs. */
  private static final String REUSE_CONTEXT = "beam.spark.test.reuseSparkContext";

  private final CompletableFuture<JavaSparkContext> context;
  private boolean handedOver;
  private Thread stopping;

  private EarlySparkContext(CompletableFuture<JavaSparkContext> context) {
    this.context = context;
  }

  /**
   * Starts the context for {@code options} on a new thread, or returns null when these options keep Beam's own
   * start (a cluster master, files to stage, a context already provided, Beam's reuse switch).
   */
  static EarlySparkContext startIfLocal(SparkPipelineOptions options) {
    List<String> toStage = options.getFilesToStage();
    SparkContextOptions contextOptions = options.as(SparkContextOptions.class);
    if (!RunnerSetup.isLocalSparkMaster(options.getSparkMaster()) || (toStage != null && !toStage.isEmpty())
        || contextOptions.getUsesProvidedSparkContext() || Boolean.getBoolean(REUSE_CONTEXT)) {
      return null;
    }
    String master = options.getSparkMaster();
    String appName = options.getAppName();
    CompletableFuture<JavaSparkContext> future = new CompletableFuture<>();
    // Even the SparkConf is made on the new thread: Spark's first use looks up this host's addresses (~0.1 s).
    Thread starter = new Thread(() -> {
      try {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
          conf.setMaster(master);
        }
        conf.setAppName(appName);
        conf.set("spark.kryo.registrator", SparkRunnerKryoRegistrator.class.getName());
        future.complete(new JavaSparkContext(conf));
      } catch (Throwable t) {
        future.completeExceptionally(t);
      }
    }, "wavebeam-spark-start");
    starter.setDaemon(true);
    starter.start();
    return new EarlySparkContext(future);
  }

  /** Waits for the context and makes it the one Beam's SparkRunner runs {@code options}' pipeline on. */
  void handTo(SparkPipelineOptions options) {
    JavaSparkContext started;
    try {
      started = context.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    }
    SparkContextOptions contextOptions = options.as(SparkContextOptions.class);
    contextOptions.setUsesProvidedSparkContext(true);
    contextOptions.setProvidedSparkContext(started);
    handedOver = true;
  }

  /**
   * Starts stopping the context on a thread of its own, once the pipeline has ended: what the driver does next
   * (reading the summary and the parts' footers, publishing) needs no Spark, and the stop (~0.1 s) overlaps it.
   */
  void stopInBackground() {
    if (stopping == null) {
      stopping = new Thread(this::stop, "wavebeam-spark-stop");
      stopping.start();
    }
  }

  /** Stops the context (waiting for its start when the run ended before) and clears it from Beam's factory. */
  @Override
  public void close() {
    if (handedOver) {
      SparkContextFactory.clearProvidedSparkContext();
    }
    if (stopping == null) {
      stop();
    } else {
      try {
        stopping.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void stop() {
    try {
      context.join().stop();
    } catch (CompletionException e) {
      // It never started: nothing to stop. A run that needed it failed in handTo with the cause.
    }
  }
}
