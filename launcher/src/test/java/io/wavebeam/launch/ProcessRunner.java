package io.wavebeam.launch;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts wavebeam as a separate process. {@code mvn test} runs before the shaded jar exists (shading happens in
 * {@code package}), so the process is {@code java -cp <the test class path> io.wavebeam.cli.WavebeamCommand}
 * instead of {@code java -jar wavebeam.jar}: the same main class and code.
 */
final class ProcessRunner {
  record Result(int exit, String output) {}

  private ProcessRunner() {}

  /** The command that starts wavebeam: LocalExecutor's default, which picks the class path when run from it. */
  static List<String> wavebeam() {
    return LocalExecutor.defaultCommand();
  }

  static Result run(Map<String, String> env, Path log, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(wavebeam());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("wavebeam " + String.join(" ", args) + " did not end in 120 s:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
