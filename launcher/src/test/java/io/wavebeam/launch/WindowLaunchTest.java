package io.wavebeam.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code launch pass1 --window ...}: the options reach the container's pass-1 command of every job. */
class WindowLaunchTest {
  @Test
  void windowOptionsGoToTheContainersPass1Command() {
    LaunchSettings settings = new LaunchSettings("r15", "img", "arn:aws:iam::123456789012:role/r", "ml.m5.4xlarge",
        50, InputMode.FILE, Duration.ofHours(1), null, null, List.of(), List.of(), false, Map.of());
    GroupPrefix g = new GroupPrefix("30", new S3Location("b", "data_inputs/30"),
        new S3Location("b", "data_outputs/30"), -1);
    List<String> window = List.of("--window", "5m", "--window-align", "clock");
    ProcessingJobRequest job = ProcessingJobRequest.pass1(settings, g, window);
    List<String> args = job.request().appSpecification().containerArguments();
    assertEquals(List.of("pass1", "--input", ContainerCommand.INPUT_PATH, "--output", ContainerCommand.OUTPUT_PATH,
        "--group", "30", "--runner", "spark", "--parallelism", "16", "--window", "5m", "--window-align", "clock"),
        args);
    // without windows the command is what it always was
    assertEquals(ContainerCommand.pass1Arguments("30", 16),
        ProcessingJobRequest.pass1(settings, g).request().appSpecification().containerArguments());
  }
}
