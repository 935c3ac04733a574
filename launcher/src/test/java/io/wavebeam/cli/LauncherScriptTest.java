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
  /** The flags file beside the fake jar is written once per test, so a test can delete it and see the refusal. */
  private boolean flagsWritten;

  @Test
  void pass1RunsWithC1AloneWithoutLookingAtItsInput() throws Exception {
    // The input does not exist: the choice must not depend on walking it (a 670 GB group would take minutes).
    String missing = tmp.resolve("missing/30").toString();
    List<String> args = javaArgs(Map.of(), "run", "pass1", "--input", missing, "--output", "o");
    assertTrue(args.contains(C1_ONLY), args.toString());
    assertEquals(List.of("run", "pass1", "--input", missing, "--output", "o"),
        args.subList(args.size() - 6, args.size()), "the command's own arguments pass through unchanged");
    assertTrue(javaArgs(Map.of(), "run", "pass1", "--input=s3://b/30/", "--output", "o").contains(C1_ONLY));
    assertFalse(javaArgs(Map.of(), "run", "pass1p5", "--input", missing).contains(C1_ONLY),
        "pass 1.5 of an input it cannot size keeps the JVM's default");
    assertFalse(javaArgs(Map.of("WAVEBEAM_JIT", "c2"), "run", "pass1", "--input", missing).contains(C1_ONLY));
    assertTrue(javaArgs(Map.of("WAVEBEAM_JIT", "c1"), "describe", "rec").contains(C1_ONLY));
    assertFalse(javaArgs(Map.of(), "describe", missing).contains(C1_ONLY), "only pass 1");
    List<String> own = javaArgs(Map.of("WAVEBEAM_JAVA_OPTS", "-XX:-TieredCompilation"), "run", "pass1", "--input",
        missing);
    assertFalse(own.contains(C1_ONLY), "a JIT flag of the user's wins: " + own);
    assertTrue(own.contains("-XX:-TieredCompilation"));
  }

  /** Pass 1.5 runs with C1 alone on pass-1 outputs below 2 GiB (~3M rows), with the default above. */
  @Test
  void pass1p5ChoosesC1ForALocalInputBelowTwoGiB() throws Exception {
    Path small = Files.createDirectories(tmp.resolve("small/30"));
    Files.writeString(small.resolve("ws_df_group.json"), "{}\n");
    assertTrue(javaArgs(Map.of(), "run", "pass1p5", "--input", tmp.resolve("small").toString(), "--output", "o")
        .contains(C1_ONLY));
    assertTrue(javaArgs(Map.of(), "run", "pass1p5", "--input=" + tmp.resolve("small"), "--output", "o")
        .contains(C1_ONLY));
    Path large = Files.createDirectories(tmp.resolve("large/30"));
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(large.resolve("ws_df_group.json").toFile(),
        "rw")) {
      f.setLength(3L << 30); // sparse: 3 GiB to the listing, no disk
    }
    assertFalse(javaArgs(Map.of(), "run", "pass1p5", "--input", tmp.resolve("large").toString(), "--output", "o")
        .contains(C1_ONLY));
    assertFalse(javaArgs(Map.of(), "run", "pass1p5", "--input", "s3://b/out/", "--output", "o").contains(C1_ONLY));
    assertFalse(javaArgs(Map.of("WAVEBEAM_JIT", "c2"), "run", "pass1p5", "--input", tmp.resolve("small").toString())
        .contains(C1_ONLY));
  }

  @Test
  void theJvmFlagsComeFromTheFileBesideTheJar() throws Exception {
    List<String> args = javaArgs(Map.of(), "--version");
    Path flags = tmp.resolve("jar/wavebeam-jvm-flags.txt");
    assertTrue(args.contains("@" + flags), args.toString());
    Files.delete(flags);
    Process p = start(Map.of(), "--version");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor());
    assertTrue(err.contains("wavebeam-jvm-flags.txt not found"), err);
  }

  @Test
  void anUnknownJitChoiceIsAUsageError() throws Exception {
    Process p = start(Map.of("WAVEBEAM_JIT", "fast"), "--version");
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(2, p.waitFor());
    assertTrue(err.contains("WAVEBEAM_JIT must be auto, c1 or c2"), err);
  }

  @Test
  void eachCommandRecordsAndMapsItsOwnClassDataArchive() throws Exception {
    Map<String, String> cds = Map.of("WAVEBEAM_CDS", "1");
    Path pass1 = tmp.resolve("jar/wavebeam-run-pass1.jsa");
    List<String> first = javaArgs(cds, "run", "pass1", "--input", "in");
    assertTrue(first.contains("-XX:ArchiveClassesAtExit=" + pass1), "the first run records: " + first);
    assertTrue(javaArgs(cds, "generate", "--output", "o").contains("-XX:ArchiveClassesAtExit="
        + tmp.resolve("jar/wavebeam-generate.jsa")), "another command, another archive");
    Files.writeString(pass1, "archive");
    Files.setLastModifiedTime(pass1, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 5000));
    List<String> later = javaArgs(cds, "run", "pass1", "--input", "in");
    assertTrue(later.contains("-XX:SharedArchiveFile=" + pass1), "a later run maps it: " + later);
    assertTrue(javaArgs(cds, "run", "pass1p5", "--input", "in").contains("-XX:ArchiveClassesAtExit="
        + tmp.resolve("jar/wavebeam-run-pass1p5.jsa")), "pass 1.5 does not map pass 1's archive");
    assertTrue(javaArgs(cds, "run", "pass1", "--input", "s3://b/in/30/", "--output", "out").contains(
        "-XX:ArchiveClassesAtExit=" + tmp.resolve("jar/wavebeam-run-pass1-s3.jsa")),
        "a run over s3:// records its own archive (the AWS SDK's classes), not the local run's");
    assertTrue(javaArgs(cds, "run", "pass1", "--input", "in", "--output=s3://b/out/").contains(
        "-XX:ArchiveClassesAtExit=" + tmp.resolve("jar/wavebeam-run-pass1-s3.jsa")), "--output=s3://... too");
    assertTrue(javaArgs(cds, "run", "pass1p5", "--input", "in", "--output", "o", "--runner", "spark").contains(
        "-XX:ArchiveClassesAtExit=" + tmp.resolve("jar/wavebeam-run-pass1p5-spark.jsa")),
        "a Spark run records its own archive (Spark's classes), not the DirectRunner's");
    assertTrue(javaArgs(cds, "run", "pass1", "--input", "s3://b/in/", "--output", "o", "--runner=spark").contains(
        "-XX:ArchiveClassesAtExit=" + tmp.resolve("jar/wavebeam-run-pass1-spark-s3.jsa")), "--runner=spark over s3://");
    assertTrue(javaArgs(cds, "run", "pass1", "--input", "in", "--output", "o", "--spark-master", "local[2]").contains(
        "-XX:ArchiveClassesAtExit=" + tmp.resolve("jar/wavebeam-run-pass1-spark.jsa")), "--spark-master means Spark");
    assertTrue(javaArgs(cds, "run", "pass1", "--input", "spark", "--output", "o", "--runner", "direct").contains(
        "-XX:SharedArchiveFile=" + pass1), "a folder named spark is not Spark");
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
    Path jar = tmp.resolve("jar/wavebeam.jar"); // class-data sharing off (WAVEBEAM_CDS=0) unless a test turns it on
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[] {0});
    if (!Files.exists(jar.resolveSibling("wavebeam-jvm-flags.txt")) && !flagsWritten) {
      Files.writeString(jar.resolveSibling("wavebeam-jvm-flags.txt"), "--add-opens=java.base/java.nio=ALL-UNNAMED\n");
      flagsWritten = true;
    }
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
}
