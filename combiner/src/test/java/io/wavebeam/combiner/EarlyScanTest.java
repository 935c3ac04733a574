package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's early scans and the workers' take-over: each file is scanned once, by the driver's thread (and its
 * summary handed to the worker that comes for it) or by the worker; the thread takes no file after a worker has
 * started; a file scanned early but never taken over fails the run; an early scan's failure reaches its worker.
 * (That a whole run's output is the same with the early scans is {@link Pass1p5OnBothRunnersTest}'s, on both
 * runners.)
 */
class EarlyScanTest {
  @TempDir Path temp;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  private WriteParts.Settings settings(String staging) throws IOException {
    return new WriteParts.Settings(SignalAliases.builtIn(), false,
        new StagingArea.Folder(Files.createDirectories(temp.resolve(staging)).toString()));
  }

  /** Input file {@code index} of 40 synthetic rows (four signals a segment), in group "g{index}". */
  private GroupFile input(int index) throws IOException {
    Path file = Files.createDirectories(temp.resolve("in").resolve("g" + index)).resolve("ws_df_group.json");
    Files.writeString(file, WritePartsSummaryTest.syntheticRows(TableSchema.SUMMARY, 40)
        .replace("warm-up", "g" + index), StandardCharsets.US_ASCII);
    return new GroupFile(TableSchema.SUMMARY, index, index, file.toString(), Files.size(file));
  }

  @Test
  void aFileTheDriverTookIsHandedOverAndTheRestIsLeftToTheWorkers() throws Exception {
    WriteParts.Settings settings = settings("staging");
    List<GroupFile> files = List.of(input(0), input(1), input(2));
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> scannedEarly = new CopyOnWriteArrayList<>();
    EarlyScan.FileScan blocking = (s, file) -> {
      scannedEarly.add(file.path());
      firstStarted.countDown();
      try {
        assertTrue(release.await(30, TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return WriteParts.scan(s, file, (lines, bytes) -> {});
    };
    try (EarlyScan early = EarlyScan.start(settings, files, blocking)) {
      assertTrue(firstStarted.await(30, TimeUnit.SECONDS));
      // A worker comes for file 2 while the driver is inside file 0: it scans file 2 itself, and the driver takes
      // no other file once its scan of file 0 ends.
      assertNull(EarlyScan.takeOver(settings, files.get(2)));
      release.countDown();
      RunSummary handedOver = EarlyScan.takeOver(settings, files.get(0));
      assertNull(EarlyScan.takeOver(settings, files.get(1)));
      early.checkTakenOver();
      assertEquals(List.of(files.get(0).path()), scannedEarly);

      // What the worker got is what its own scan of the file gives, and the driver's part is in the staging area.
      RunSummary own = WriteParts.scan(settings("own"), files.get(0), (lines, bytes) -> {});
      assertArrayEquals(RunSummaryCoderTest.encode(own), RunSummaryCoderTest.encode(handedOver));
      assertEquals(40, handedOver.table(TableSchema.SUMMARY).rows);
      assertEquals(40, handedOver.lines);
      assertEquals(40, settings.staging().parquetRows(TableSchema.SUMMARY.dataset() + "/part-00000.parquet"));
      // A second call for the same file (a retried bundle) scans it again instead of taking the summary twice.
      assertNull(EarlyScan.takeOver(settings, files.get(0)));
    }
  }

  @Test
  void withoutWorkersTheDriverScansEveryFileOnceAndFindsNoneLeftOver() throws Exception {
    WriteParts.Settings settings = settings("staging");
    List<GroupFile> files = List.of(input(0), input(1), input(2));
    Map<String, Integer> scans = new ConcurrentHashMap<>();
    CountDownLatch allScanned = new CountDownLatch(files.size());
    try (EarlyScan early = EarlyScan.start(settings, files, (s, file) -> {
      scans.merge(file.path(), 1, Integer::sum);
      allScanned.countDown();
      return WriteParts.scan(s, file, (lines, bytes) -> {});
    })) {
      assertTrue(allScanned.await(30, TimeUnit.SECONDS));
      for (GroupFile file : files) {
        assertEquals(40, EarlyScan.takeOver(settings, file).table(TableSchema.SUMMARY).rows);
      }
      early.checkTakenOver();
    }
    assertEquals(Map.of(files.get(0).path(), 1, files.get(1).path(), 1, files.get(2).path(), 1), scans);
  }

  @Test
  void aFileScannedEarlyThatNoWorkerTookOverFailsTheRun() throws Exception {
    WriteParts.Settings settings = settings("staging");
    GroupFile file = input(0);
    CountDownLatch scanned = new CountDownLatch(1);
    try (EarlyScan early = EarlyScan.start(settings, List.of(file), (s, f) -> {
      RunSummary summary = WriteParts.scan(s, f, (lines, bytes) -> {});
      scanned.countDown();
      return summary;
    })) {
      assertTrue(scanned.await(30, TimeUnit.SECONDS));
      IOException e = assertThrows(IOException.class, early::checkTakenOver);
      assertEquals(file.path() + ": scanned early by the driver, but the pipeline's workers did not take the scan"
          + " over (they may have scanned the file again); nothing was published", e.getMessage());
    }
    // The run is forgotten once closed: a later worker with the same settings scans for itself.
    assertNull(EarlyScan.takeOver(settings, file));
  }

  @Test
  void theWorkerGetsTheEarlyScansFailureAndOtherRunsFindNothing() throws Exception {
    WriteParts.Settings settings = settings("staging");
    WriteParts.Settings otherRun = settings("other");
    GroupFile file = input(0);
    IOException failure = new IOException("disk full");
    CountDownLatch failed = new CountDownLatch(1);
    try (EarlyScan early = EarlyScan.start(settings, List.of(file), (s, f) -> {
      failed.countDown();
      throw failure;
    })) {
      assertTrue(failed.await(30, TimeUnit.SECONDS));
      assertNull(EarlyScan.takeOver(otherRun, file));
      assertSame(failure, assertThrows(IOException.class, () -> EarlyScan.takeOver(settings, file)));
    }
  }
}
