package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run pass1} with locations it cannot honour: one line naming the location and why, never exit 0. */
class RunPass1CommandTest {
  @TempDir Path temp;

  record Run(int exit, String err) {
    String firstLine() {
      return err.lines().findFirst().orElse("");
    }
  }

  static Run run(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int exit = WavebeamCommand.commandLine().execute(args);
      return new Run(exit, err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(saved);
    }
  }

  static String testdata() {
    return Path.of(System.getProperty("basedir", ".")).resolve("../testdata/30").normalize().toString();
  }

  @Test
  void aMalformedS3UriIsAUsageErrorAndNoLocalFolder() {
    Run r = run("run", "pass1", "--input", testdata(), "--output", "s3:/x");
    assertEquals(2, r.exit(), r.err());
    assertEquals("wavebeam run pass1: --output s3:/x: not a URI of the form s3://bucket/prefix/", r.firstLine());
    assertFalse(Files.exists(Path.of("s3:")));
  }

  @Test
  void aSchemeWithoutAFileSystemIsAUsageError() {
    Run r = run("run", "pass1", "--input", testdata(), "--output", "abfs://container/out/30");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.firstLine().startsWith("wavebeam run pass1: --output abfs://container/out/30: no file system for"
        + " abfs:// is available"), r.err());
  }

  @Test
  void encryptionOfALocalOutputIsAUsageError() {
    Path out = temp.resolve("out");
    Run r = run("run", "pass1", "--input", testdata(), "--output", out.toString(), "--kms-key-id", "k");
    assertEquals(2, r.exit(), r.err());
    assertTrue(r.firstLine().contains("--sse/--kms-key-id apply to s3:// outputs only"), r.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void withoutCredentialsTheListingFailsInOneLine() {
    Run r = run("run", "pass1", "--input", "s3://missing-bucket/in/30/", "--output", temp.resolve("o").toString(),
        "--s3-endpoint", "http://127.0.0.1:1", "--s3-region", "us-east-1");
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.firstLine().startsWith("wavebeam run pass1: failed: cannot list input s3://missing-bucket/in/30/: "
        + "Unable to load credentials"), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void anUnreachableInputIsOneLineAndExit1() {
    // nothing listens on port 1: the listing fails, and says which URI
    System.setProperty("aws.accessKeyId", "k");
    System.setProperty("aws.secretAccessKey", "s");
    Run r;
    try {
      r = run("run", "pass1", "--input", "s3://missing-bucket/in/30/", "--output", temp.resolve("o").toString(),
          "--s3-endpoint", "http://127.0.0.1:1", "--s3-region", "us-east-1");
    } finally {
      System.clearProperty("aws.accessKeyId");
      System.clearProperty("aws.secretAccessKey");
    }
    assertEquals(1, r.exit(), r.err());
    assertTrue(r.firstLine().startsWith("wavebeam run pass1: failed: cannot list input s3://missing-bucket/in/30/"),
        r.err());
    assertEquals(1, r.err().lines().count(), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }
}
