package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.combiner.Pass1p5Result;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line of pass 1.5: help, and the exit status of bad input (no pipeline run needed for either). */
class RunPass1p5CommandTest {
  @TempDir Path temp;

  @Test
  void helpDocumentsTheExitStatuses() {
    StringWriter out = new StringWriter();
    CommandLine cli = WavebeamCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    assertEquals(0, cli.execute("run", "pass1p5", "--help"));
    String help = out.toString();
    for (String flag : new String[] {"--input", "--output", "--kms-key-id", "--sse", "--signal-aliases",
        "--partition-by", "--runner"}) {
      assertTrue(help.contains(flag), flag);
    }
    assertTrue(help.contains(Pass1p5Result.EXIT_BAD_INPUT + " bad input"), help);
  }

  @Test
  void rootWithoutGroupFilesIsBadInput() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    Path dest = temp.resolve("dest");
    assertEquals(Pass1p5Result.EXIT_BAD_INPUT, WavebeamCommand.commandLine().execute("run", "pass1p5", "--input",
        root.toString(), "--output", dest.toString()));
    assertFalse(Files.exists(dest.resolve("waveform_summary.parquet")));
  }

  @Test
  void anUnknownRunnerIsAUsageErrorOfEveryJob() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    for (String job : new String[] {"pass1", "pass1p5"}) {
      CliRun r = CliRun.run("run", job, "--input", root.toString(), "--output", temp.resolve("dest").toString(),
          "--runner", "flink");
      assertEquals(2, r.exit(), job + ": " + r);
      assertTrue(r.err().contains("--runner") && r.err().contains("'flink' is not a runner (direct or spark)"),
          job + ": " + r);
      assertFalse(Files.exists(temp.resolve("dest")), job + ": nothing written");
    }
  }

  @Test
  void kmsKeyForALocalDestinationIsAUsageError() throws IOException {
    Path root = Files.createDirectories(temp.resolve("root"));
    assertEquals(2, WavebeamCommand.commandLine().execute("run", "pass1p5", "--input", root.toString(),
        "--output", temp.resolve("dest").toString(), "--kms-key-id", "k"));
  }
}
