package io.wavebeam.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.runners.spark.SparkPipelineOptions;
import org.apache.beam.runners.spark.SparkRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.junit.jupiter.api.Test;

class RunnerSetupTest {
  /** A DoFn that changes its input element: exactly what the DirectRunner's immutability check exists to catch. */
  static final class MutatesItsInput extends DoFn<int[], Integer> {
    @ProcessElement
    public void process(@Element int[] values, OutputReceiver<Integer> out) {
      values[0] = values[0] + 1;
      out.output(values[0]);
    }
  }

  @Test
  void theDirectRunnerChecksAreOnUnlessAProductionRunTurnsThemOff() {
    PipelineOptions options = PipelineOptionsFactory.create();
    RunnerSetup.configure(options, RunnerKind.DIRECT, 2, "test");
    assertEquals(DirectRunner.class, options.getRunner());
    assertTrue(options.as(DirectOptions.class).isEnforceImmutability());
    assertTrue(options.as(DirectOptions.class).isEnforceEncodability());
    // The checks really run: a mutated element fails the pipeline.
    Pipeline p = Pipeline.create(options);
    p.apply(Create.of(List.of(new int[] {1}, new int[] {2}))).apply(ParDo.of(new MutatesItsInput()));
    Exception e = assertThrows(Exception.class, () -> p.run().waitUntilFinish());
    assertTrue(String.valueOf(e.getMessage()).contains("mutated") || e.toString().contains("Illegal"),
        e.toString());

    RunnerSetup.skipDirectRunnerChecks(options);
    assertFalse(options.as(DirectOptions.class).isEnforceImmutability());
    assertFalse(options.as(DirectOptions.class).isEnforceEncodability());
    Pipeline unchecked = Pipeline.create(options);
    unchecked.apply(Create.of(List.of(new int[] {1}))).apply(ParDo.of(new MutatesItsInput()));
    assertEquals(PipelineResult.State.DONE, unchecked.run().waitUntilFinish());
  }

  @Test
  void sparkMastersWavebeamCanUseAndOnesItCannot() {
    PipelineOptions options = PipelineOptionsFactory.create();
    RunnerSetup.configure(options, RunnerKind.DIRECT, 2, "wavebeam-pass1");
    RunnerSetup.useSparkMaster(options, " spark://127.0.0.1:7077 ");
    assertEquals(SparkRunner.class, options.getRunner());
    assertEquals("spark://127.0.0.1:7077", options.as(SparkPipelineOptions.class).getSparkMaster());
    assertTrue(RunnerSetup.onSparkCluster(options));
    for (String ok : List.of("local", "local[4]", "local[*]", "local[4,2]", "spark://a:7077,b:7077")) {
      assertEquals(ok, RunnerSetup.checkSparkMaster(ok));
    }
    RunnerSetup.useSparkMaster(options, "local[3]");
    assertFalse(RunnerSetup.onSparkCluster(options));
    for (String bad : List.of("spark://host", "spark:/host:7077", "mesos://h:5050", "local[x]", "")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RunnerSetup.checkSparkMaster(bad));
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
    // This jar has no spark-yarn: yarn is only usable through the cluster's spark-submit, and says so.
    IllegalArgumentException yarn = assertThrows(IllegalArgumentException.class,
        () -> RunnerSetup.checkSparkMaster("yarn"));
    assertTrue(yarn.getMessage().contains("spark-submit"), yarn.getMessage());
  }

  @Test
  void scalaVersionIsTheBinaryVersionSparkWasBuiltFor() {
    assertEquals("2.12", RunnerSetup.scalaBinaryVersion());
  }

  @Test
  void jvmFlagsComeFromTheParentPomAndVersionFromTheBuild() {
    List<String> flags = JvmFlags.all();
    assertTrue(flags.contains("--add-opens=java.base/sun.nio.ch=ALL-UNNAMED"), flags.toString());
    assertTrue(flags.contains("-Dio.netty.tryReflectionSetAccessible=true"), flags.toString());
    assertEquals(flags.stream().filter(f -> f.startsWith("--add-opens")).count(), JvmFlags.addOpens().size());
    assertTrue(JvmFlags.addOpens().contains("java.base/java.nio"));
    // surefire runs this JVM with the pom property itself: the resource and the property are the same list
    List<String> jvmArgs = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
    assertTrue(jvmArgs.containsAll(flags), jvmArgs.toString());
    assertTrue(WavebeamVersion.version().matches("\\d+\\.\\d+\\.\\d+.*"), WavebeamVersion.version());
  }
}
