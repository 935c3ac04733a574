package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.wfdb.TestFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The usual command-line mistakes (issue 12): each gets its exit status and a plain first line on stderr, and no
 * line of an expected failure names a Java class.
 */
class CommandLineMistakesTest {
  /** A Java class name as {@code Throwable.toString()} prints it. */
  static final Pattern CLASS_NAME = Pattern.compile("\\b(java|javax|org|io)\\.[a-z]+\\.[A-Za-z.$]+");

  static final Path TESTDATA = Path.of(System.getProperty("wavebeam.testdata.dir", "../testdata"))
      .toAbsolutePath().normalize();

  @TempDir Path temp;

  static void assertMistake(CliRun run, int exit, String firstLine) {
    assertEquals(exit, run.exit(), run.toString());
    assertEquals(firstLine, run.err().lines().findFirst().orElse(""), run.toString());
    assertPlain(run);
  }

  static void assertPlain(CliRun run) {
    for (String line : run.err().lines().toList()) {
      assertFalse(CLASS_NAME.matcher(line).find(), "class name on stderr: " + line + "\n" + run);
      assertFalse(line.contains("Exception"), "exception on stderr: " + line + "\n" + run);
    }
  }

  @Test
  void inputFolderThatDoesNotExist() {
    Path nope = temp.resolve("nope");
    for (String job : List.of("pass1", "pass1p5")) {
      assertMistake(CliRun.run("run", job, "--input", nope.toString(), "--output", temp.resolve("out").toString()),
          2, "wavebeam run " + job + ": input folder " + nope + " does not exist");
    }
    assertFalse(Files.exists(temp.resolve("out")));
  }

  @Test
  void inputThatIsAFile() throws IOException {
    Path file = Files.writeString(temp.resolve("notes.txt"), "x");
    assertMistake(CliRun.run("run", "pass1", "--input", file.toString(), "--output", temp.resolve("out").toString()),
        2, "wavebeam run pass1: input folder " + file + " is a file, not a folder");
  }

  @Test
  void outputThatIsAFile() throws IOException {
    Path file = Files.writeString(temp.resolve("out.txt"), "x");
    for (String job : List.of("pass1", "pass1p5")) {
      String input = TESTDATA.resolve(job.equals("pass1") ? "30" : "").toString();
      assertMistake(CliRun.run("run", job, "--input", input, "--output", file.toString()), 2,
          "wavebeam run " + job + ": output " + file + " is a file, not a folder");
    }
  }

  @Test
  void outputIsCheckedBeforeTheInputIsRead() throws IOException {
    // The input is a folder of group folders (refused once read); the output's problem comes first.
    Path file = Files.writeString(temp.resolve("out.txt"), "x");
    Path below = file.resolve("pass1");
    assertMistake(CliRun.run("run", "pass1", "--input", TESTDATA.toString(), "--output", below.toString()), 2,
        "wavebeam run pass1: output folder " + below + " cannot be created: " + file + " is a file");
  }

  @Test
  void parallelismZeroOrNegative() {
    for (String job : List.of("pass1", "pass1p5")) {
      for (String n : List.of("0", "-3")) {
        CliRun run = CliRun.run("run", job, "--input", TESTDATA.resolve("30").toString(), "--output",
            temp.resolve("out").toString(), "--parallelism", n);
        assertMistake(run, 2, "Invalid value for option '--parallelism': '" + n + "' is not a number of workers: "
            + "give 1 or more, or leave --parallelism out to use every processor");
        assertEquals("Run 'wavebeam run " + job + " --help' for the options.", run.err().lines().toList().get(1));
      }
    }
    assertFalse(Files.exists(temp.resolve("out")));
  }

  @Test
  void emptyInputFolderIsRefusedUnlessAllowed() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty"));
    Path out = temp.resolve("out");
    assertMistake(CliRun.run("run", "pass1", "--input", empty.toString(), "--output", out.toString()), 2,
        "wavebeam run pass1: input folder " + empty + " holds no WFDB headers (.hea files) in it or its record "
            + "folders: pass a group folder such as testdata/30, or --allow-empty to write an empty result");
    assertFalse(Files.exists(out));

    CliRun allowed = CliRun.run("run", "pass1", "--input", empty.toString(), "--output", out.toString(),
        "--allow-empty", "--parallelism", "1");
    assertEquals(0, allowed.exit(), allowed.toString());
    assertEquals("", Files.readString(out.resolve("ws_df_group.json")));
    assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"records\" : 0"));
  }

  @Test
  void folderOfGroupFoldersIsRefused() {
    assertMistake(CliRun.run("run", "pass1", "--input", TESTDATA.toString(), "--output",
        temp.resolve("out").toString()), 2, "wavebeam run pass1: " + TESTDATA + " holds group folders 30, 31: run "
            + "one group per call (--input " + TESTDATA.resolve("30") + "), or use launch; --merge-groups reads them "
            + "all as one group");
    assertFalse(Files.exists(temp.resolve("out")));
  }

  @Test
  void someRecordsFailedSaysHowManyAndWhere() throws IOException {
    Path group = temp.resolve("30");
    TestFolders.copyTree(TESTDATA.resolve("30"), group);
    // Two records whose signal file is missing: the reader fails on each, the others are still summarised.
    TestFolders.addRecordsWithoutSignalFile(group, "3009998", "3009999");
    Path out = temp.resolve("out");
    CliRun run = CliRun.run("run", "pass1", "--input", group.toString(), "--output", out.toString(),
        "--parallelism", "1", "--quiet");
    assertMistake(run, 3, "wavebeam run pass1: 2 records could not be read; each is in " + out
        + "/errors.jsonl with its file and reason (everything else was written)");
    assertEquals(2, Files.readAllLines(out.resolve("errors.jsonl")).size());
    assertTrue(run.out().startsWith("30: "), run.toString());
  }

  @Test
  void containerWithoutAnInstanceTypeLeavesParallelismToTheJob() {
    // No /opt/ml config here: the vCPUs are unknown, and run's --parallelism refuses 0, so none is passed.
    Path out = temp.resolve("out");
    CliRun run = CliRun.run("container", "pass1", "--input", TESTDATA.resolve("30").toString(), "--output",
        out.toString(), "--runner", "direct");
    assertEquals(0, run.exit(), run.toString());
    assertTrue(Files.exists(out.resolve("manifest.json")), run.toString());
    assertPlain(run);
  }

  @Test
  void reportOfAFolderThatIsNoOutput() throws IOException {
    Path folder = Files.createDirectories(temp.resolve("notes"));
    assertMistake(CliRun.run("report", "--input", folder.toString(), "--output", temp.resolve("r.html").toString()),
        1, "wavebeam report: " + folder + " holds neither manifest.json (pass 1 output of one group) nor "
            + "pass1p5_manifest.json (pass 1.5 output)");
    assertFalse(Files.exists(temp.resolve("r.html")));
  }

  @Test
  void describeOfAMissingRecord() {
    Path nope = temp.resolve("nope");
    CliRun run = CliRun.run("describe", nope.toString());
    assertMistake(run, 1, "error: " + nope + ".hea: header file not found");
  }

  @Test
  void failuresAreSaidWithoutClassNames() {
    assertEquals("/x/nope: not a folder",
        FailureMessage.of(new UncheckedIOException(new IOException("/x/nope: not a folder"))));
    assertEquals("/data/out/ws_df_group.json: permission denied", FailureMessage.of(
        new Pipeline.PipelineExecutionException(new AccessDeniedException("/data/out/ws_df_group.json"))));
    assertEquals("/data/out exists already", FailureMessage.of(new FileAlreadyExistsException("/data/out")));
    assertEquals("disk full", FailureMessage.of(new RuntimeException(
        "java.util.concurrent.ExecutionException: java.io.IOException: disk full", new IOException("disk full"))));
    assertEquals("disk full", FailureMessage.clean("java.io.IOException: disk full"));
    assertFalse(CLASS_NAME.matcher(FailureMessage.of(new NullPointerException())).find());
  }
}
