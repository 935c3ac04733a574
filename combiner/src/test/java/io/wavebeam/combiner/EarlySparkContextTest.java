package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.common.RunnerKind;
import io.wavebeam.common.RunnerSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.runners.spark.SparkContextOptions;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.coders.SparkRunnerKryoRegistrator;
import org.apache.spark.SparkContext$;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark context pass 1.5 starts beside its driver's set-up: Beam's configuration, handed to the SparkRunner as
 * a provided context, stopped afterwards (also when the run fails before the pipeline), and only for in-process
 * masters (the active context is read with Spark's own {@code SparkContext.getActive}, package-private in Scala
 * and public to Java). That the pass's output is the same on Spark is {@link Pass1p5OnBothRunnersTest}'s.
 */
class EarlySparkContextTest {
  @TempDir Path temp;

  static SparkPipelineOptions sparkOptions(int workers) {
    SparkPipelineOptions options = Pass1p5Pipeline.options("in", "out", RunnerKind.SPARK, workers)
        .as(SparkPipelineOptions.class);
    RunnerSetup.prepareSpark(options);
    return options;
  }

  @Test
  void startsBeamsContextAndHandsItOverThenStopsIt() {
    SparkPipelineOptions options = sparkOptions(2);
    EarlySparkContext early = EarlySparkContext.startIfLocal(options);
    assertNotNull(early);
    JavaSparkContext context;
    try {
      early.handTo(options);
      SparkContextOptions provided = options.as(SparkContextOptions.class);
      assertTrue(provided.getUsesProvidedSparkContext());
      context = provided.getProvidedSparkContext();
      assertNotNull(context);
      assertFalse(context.sc().isStopped());
      assertSame(context.sc(), SparkContext$.MODULE$.getActive().get());
      assertEquals("local[2]", context.sc().master());
      assertEquals("wavebeam-pass1p5", context.sc().appName());
      assertEquals(SparkRunnerKryoRegistrator.class.getName(), context.getConf().get("spark.kryo.registrator"));
      assertEquals("false", context.getConf().get("spark.ui.enabled"));
    } finally {
      early.close();
    }
    assertTrue(context.sc().isStopped());
    assertTrue(SparkContext$.MODULE$.getActive().isEmpty());
  }

  @Test
  void keepsBeamsOwnStartOffThisJvmAndWhenBeamReusesAContext() {
    SparkPipelineOptions cluster = sparkOptions(2);
    RunnerSetup.useSparkMaster(cluster, "spark://127.0.0.1:7077");
    assertNull(EarlySparkContext.startIfLocal(cluster));
    String reuse = "beam.spark.test.reuseSparkContext";
    System.setProperty(reuse, "true");
    try {
      assertNull(EarlySparkContext.startIfLocal(sparkOptions(2)));
    } finally {
      System.clearProperty(reuse);
    }
    assertTrue(SparkContext$.MODULE$.getActive().isEmpty());
  }

  @Test
  void aRunThatFailsBeforeItsPipelineLeavesNoContextRunning() throws Exception {
    Path emptyRoot = Files.createDirectories(temp.resolve("no-groups"));
    Pass1p5Options options = Pass1p5Pipeline.options(emptyRoot.toString(), temp.resolve("out").toString(),
        RunnerKind.SPARK, 2);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(options));
    assertTrue(e.getMessage().contains("no group files"), e.getMessage());
    // The context starts on its own thread: wait for any start still under way before looking.
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().equals("wavebeam-spark-start")) {
        t.join(60_000);
      }
    }
    assertTrue(SparkContext$.MODULE$.getActive().isEmpty(), "a Spark context was left running");
  }
}
