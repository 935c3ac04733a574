package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken multi-segment master is one {@link WfdbException} naming the master header and the reason. */
class MultiSegmentErrorsTest {
  @TempDir Path dir;
  private Path master;

  @BeforeEach
  void goodSegments() throws IOException {
    master = dir.resolve("ms.hea");
    Files.writeString(dir.resolve("ms_1.hea"), "ms_1 1 250 10\nms_1.dat 80 200 8 0 0 0 0 II\n");
    Files.write(dir.resolve("ms_1.dat"), new byte[10]);
    Files.writeString(dir.resolve("ms_layout.hea"), "ms_layout 1 250 0\n~ 0 200 8 0 0 0 0 II\n");
  }

  private WfdbException fails(String masterText) throws IOException {
    Files.writeString(master, masterText);
    WfdbException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(WfdbException.class, () -> WfdbRecord.open(master)));
    assertEquals(master.toString(), e.file(), e.getMessage());
    return e;
  }

  @Test
  void aGoodMasterOpens() throws IOException {
    Files.writeString(master, "ms/3 1 250 30\nms_layout 0\nms_1 10\n~ 20\n");
    WfdbRecord record = WfdbRecord.open(master);
    assertEquals(30, record.length());
    assertTrue(record.storesAnySignal());
    assertEquals(10, record.signalFileBytes());
    Files.writeString(master, "ms/1 1 250 30\n~ 30\n");
    assertFalse(WfdbRecord.open(master).storesAnySignal(), "a master of gaps stores nothing");
  }

  @Test
  void missingSegmentHeader() throws IOException {
    WfdbException e = fails("ms/2 1 250 20\nms_1 10\nms_2 10\n");
    assertEquals(master + ": segment 1 'ms_2': " + dir.resolve("ms_2.hea") + ": header file not found",
        e.getMessage());
  }

  @Test
  void segmentNameLeavingTheFolder() throws IOException {
    WfdbException e = fails("ms/2 1 250 20\nms_1 10\n../ms_1 10\n");
    assertEquals(master + ": segment header name '../ms_1.hea' leaves the record's folder", e.getMessage());
  }

  @Test
  void missingLayoutHeader() throws IOException {
    Files.delete(dir.resolve("ms_layout.hea"));
    WfdbException e = fails("ms/2 1 250 10\nms_layout 0\nms_1 10\n");
    assertEquals(master + ": segment 0 'ms_layout': " + dir.resolve("ms_layout.hea") + ": header file not found",
        e.getMessage());
  }

  @Test
  void aMasterListingItself() throws IOException {
    WfdbException e = fails("ms/2 1 250 20\nms_1 10\nms 10\n");
    assertEquals(master + ": segment 1 'ms' is this master header itself", e.getMessage());
  }

  @Test
  void twoMastersListingEachOther() throws IOException {
    Files.writeString(dir.resolve("other.hea"), "other/1 1 250 10\nms 10\n");
    WfdbException e = fails("ms/1 1 250 10\nother 10\n");
    assertEquals(master + ": segment 0 'other' is itself a multi-segment record (" + dir.resolve("other.hea")
        + "); segments must be single-segment records", e.getMessage());
  }

  @Test
  void segmentCountMismatch() throws IOException {
    WfdbException e = fails("ms/3 1 250 20\nms_1 10\n~ 10\n");
    assertEquals(master + ": line 1: header declares 3 segments but lists 2", e.getMessage());
    WfdbException extra = fails("ms/1 1 250 20\nms_1 10\n~ 10\n");
    assertTrue(extra.getMessage().startsWith(master + ": line 3: unexpected line after the segment lines"),
        extra.getMessage());
  }

  @Test
  void signalCountMismatch() throws IOException {
    WfdbException e = fails("ms/1 2 250 10\nms_1 10\n");
    assertEquals(master + ": segment 0 'ms_1' has 1 signals, the master header says 2", e.getMessage());
    WfdbException layout = fails("ms/2 2 250 10\nms_layout 0\nms_1 10\n");
    assertEquals(master + ": layout segment 'ms_layout' has 1 signals, the master header says 2",
        layout.getMessage());
  }

  @Test
  void brokenSegmentHeader() throws IOException {
    Files.writeString(dir.resolve("ms_2.hea"), "ms_2 1 250 10\nms_2.dat 99\n");
    WfdbException e = fails("ms/2 1 250 20\nms_1 10\nms_2 10\n");
    assertEquals(master + ": segment 1 'ms_2': " + dir.resolve("ms_2.hea") + ": line 2: unknown signal format 99",
        e.getMessage());
  }
}
