package io.wavebeam.pipeline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.common.StagedOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The driver's check of the staged windows file against the workers' counters, before anything is published. */
class WriteWindowsOutputTest {
  @TempDir Path temp;

  private StagedOutput stagedWindows(String lines) throws IOException {
    StagedOutput staged = StagedOutput.in(FileSystems.matchNewResource(temp.toString(), true), "pass1");
    Files.createDirectories(Path.of(staged.staging().toString()));
    StagedOutput.write(staged.staged(WriteWindowsOutput.WINDOWS_FILE), lines);
    StagedOutput.write(staged.staged(WriteWindowsOutput.FAILURES_FILE), "");
    StagedOutput.write(staged.staged(WriteWindowsOutput.COUNTS_FILE),
        "{\"records\":1,\"rows\":2,\"values\":15000,\"failures\":0}\n");
    return staged;
  }

  @Test
  void aWindowsFileOfTheCountedSizeAndRowsPasses() throws IOException {
    String lines = "{\"window_index\":0}\n{\"window_index\":1}\n";
    WriteWindowsOutput.Counts counts = WriteWindowsOutput.finish(stagedWindows(lines),
        Map.of("rows", 2L, "failures", 0L, "bytes", (long) lines.length()));
    assertEquals(new WriteWindowsOutput.Counts(1, 2, 15000, 0, 0), counts);
  }

  @Test
  void aWindowsFileShorterThanTheWorkersWroteFailsTheRun() throws IOException {
    // a lost or cut write: the file holds one line of the two the workers wrote and counted
    String written = "{\"window_index\":0}\n{\"window_index\":1}\n";
    StagedOutput staged = stagedWindows("{\"window_index\":0}\n");
    IOException e = assertThrows(IOException.class, () -> WriteWindowsOutput.finish(staged,
        Map.of("rows", 2L, "failures", 0L, "bytes", (long) written.length())));
    assertTrue(e.getMessage().contains("bytes written 19 vs counted 38"), e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was published"), e.getMessage());
  }

  @Test
  void rowsCountedButNotWrittenFailTheRun() throws IOException {
    String lines = "{\"window_index\":0}\n{\"window_index\":1}\n";
    IOException e = assertThrows(IOException.class, () -> WriteWindowsOutput.finish(stagedWindows(lines),
        Map.of("rows", 3L, "failures", 0L, "bytes", (long) lines.length())));
    assertTrue(e.getMessage().contains("rows written 2 vs counted 3"), e.getMessage());
  }
}
