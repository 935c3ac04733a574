package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wavebeam}'s choice of JVM flags. The script runs for real under bash; only {@code java} is replaced,
 * by a script that prints the arguments it was given (the jar is not built when the tests run).
 */
class LauncherScriptTest {
  private static final Path SCRIPT = Path.of("..", "bin", "wavebeam").toAbsolutePath().normalize();
  private static final String C1_ONLY = "-XX:TieredStopAtLevel=1";

  @TempDir Path tmp;

  @Test
  void aSmallPass1InputRunsWithC1AloneAndALargeOneWithC2() throws Exception {
    Path small = Files.createDirectories(tmp.resolve("small/30"));
    Files.write(small.resolve("x.dat"), new byte[100_000]);
    Path large = Files.createDirectories(tmp.resolve("large/30"));
    writeBytes(large.resolve("x.dat"), 64L << 20);

    assertTrue(javaArgs(Map.of(), "run", "pass1", "--input", small.toString(), "--output", "o").contains(C1_ONLY));
    assertTrue(javaArgs(Map.of(), "run", "pass1", "--input=" + small, "--output", "o").contains(C1_ONLY));
    assertFalse(javaArgs(Map.of(), "run", "pass1p5", "--input", small.toString()).contains(C1_ONLY),
        "pass 1.5 was not measured with C1 on large inputs");
    // the line is 1 GB per processor; at 1 MB per processor, 64 MB is large on any machine of up to 64
    List<String> args = javaArgs(Map.of("WAVEBEAM_JIT_C1_MB_PER_CPU", "1"), "run", "pass1", "--input",
        large.toString(), "--output", "o");
    assertFalse(args.contains(C1_ONLY), args.toString());
    assertEquals(List.of("run", "pass1", "--input", large.toString(), "--output", "o"),
        args.subList(args.size() - 6, args.size()), "the command's own arguments pass through unchanged");
    assertTrue(javaArgs(Map.of("WAVEBEAM_JIT_C1_MB_PER_CPU", "1000"), "run", "pass1", "--input",
        large.toString()).contains(C1_ONLY));

    assertFalse(javaArgs(Map.of("WAVEBEAM_JIT", "c2"), "run", "pass1", "--input", small.toString()).contains(C1_ONLY));
    assertTrue(javaArgs(Map.of("WAVEBEAM_JIT", "c1"), "describe", "rec").contains(C1_ONLY));
    assertFalse(javaArgs(Map.of(), "describe", small.toString()).contains(C1_ONLY), "only the run commands");
    assertFalse(javaArgs(Map.of(), "run", "pass1", "--input", tmp.resolve("missing").toString()).contains(C1_ONLY));
    List<String> own = javaArgs(Map.of("WAVEBEAM_JAVA_OPTS", "-XX:-TieredCompilation"), "run", "pass1", "--input",
        small.toString());
    assertFalse(own.contains(C1_ONLY), "a JIT flag of the user's wins: " + own);
    assertTrue(own.contains("-XX:-TieredCompilation"));
  }

  @Test
  void anUnknownJitChoiceIsAUsageError() throws Exception {
    Process p = start(Map.of("WAVEBEAM_JIT", "fast"), "--version");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor());
    assertTrue(err.contains("WAVEBEAM_JIT must be auto, c1 or c2"), err);
  }

  private List<String> javaArgs(Map<String, String> env, String... args) throws Exception {
    Process p = start(env, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    return new ArrayList<>(List.of(out.strip().split("\n")));
  }

  private Process start(Map<String, String> env, String... args) throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("fake-bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path jar = tmp.resolve("jar/wavebeam.jar"); // read-only folder: no class-data-sharing flags to sort out
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[] {0});
    List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    pb.environment().put("WAVEBEAM_JAR", jar.toString());
    pb.environment().put("WAVEBEAM_CDS", "0");
    pb.environment().remove("WAVEBEAM_JIT");
    pb.environment().remove("WAVEBEAM_JAVA_OPTS");
    pb.environment().putAll(env);
    return pb.start();
  }

  private static void writeBytes(Path file, long bytes) throws IOException {
    byte[] chunk = new byte[1 << 20];
    try (var out = Files.newOutputStream(file)) {
      for (long done = 0; done < bytes; done += chunk.length) {
        out.write(chunk);
      }
    }
  }
}
