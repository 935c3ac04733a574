package io.wavebeam.wfdb.flac;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference {@code flac} command (Debian's package), which the interop tests and the FLAC benchmarks compare
 * the reader's decoder with: where it is, and running it. The reader itself never runs it. It is here, in the
 * main code, so that the benchmarks (built on their own, {@code -Pbench}) reach it without this module's test-jar.
 */
public final class FlacCommand {
  private FlacCommand() {}

  /** The {@code flac} command on PATH, or null. */
  public static Path find() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "flac");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    return null;
  }

  /** Runs {@code command}; an exit status other than 0, or no end within {@code timeout}, is an IOException. */
  public static void run(List<String> command, Duration timeout) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
      throw new IOException(command + " failed: " + new String(output));
    }
  }
}
