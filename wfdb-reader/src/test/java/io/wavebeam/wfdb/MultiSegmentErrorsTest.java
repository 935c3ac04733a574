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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A broken multi-segment master is one {@link WfdbException} naming the master header and the reason. */
class MultiSegmentErrorsTest {
  @TempDir Path dir;
  private Path master;

  @BeforeEach
  void segments() throws IOException {
    master = dir.resolve("ms.hea");
    Files.writeString(dir.resolve("ms_1.hea"), "ms_1 1 250 10\nms_1.dat 80 200 8 0 0 0 0 II\n");
    Files.write(dir.resolve("ms_1.dat"), new byte[10]);
    Files.writeString(dir.resolve("ms_layout.hea"), "ms_layout 1 250 0\n~ 0 200 8 0 0 0 0 II\n");
    Files.writeString(dir.resolve("ms_bad.hea"), "ms_bad 1 250 10\nms_bad.dat 99\n");
    Files.writeString(dir.resolve("other.hea"), "other/1 1 250 10\nms 10\n");
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
    RecordHeader layout = HeaderParser.parse(dir.resolve("ms_layout.hea"));
    assertFalse(layout.storesAnySignal());
    assertFalse(layout.namesUnstoredFile(), "a layout header names no file");
  }

  /**
   * What is broken | the master header's lines (";" between lines) | the expected message after the master's
   * location, DIR the record folder.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      missing segment header           | ms/2 1 250 20;ms_1 10;ms_2 10 | segment 1 'ms_2': DIR/ms_2.hea: header file not found
      segment name leaving the folder  | ms/2 1 250 20;ms_1 10;../ms_1 10 | segment header name '../ms_1.hea' leaves the record's folder
      missing layout header            | ms/2 1 250 10;ms_nolayout 0;ms_1 10 | segment 0 'ms_nolayout': DIR/ms_nolayout.hea: header file not found
      a master listing itself          | ms/2 1 250 20;ms_1 10;ms 10 | segment 1 'ms' is this master header itself
      masters listing each other       | ms/1 1 250 10;other 10 | segment 0 'other' is itself a multi-segment record (DIR/other.hea); segments must be single-segment records
      fewer segment lines than declared | ms/3 1 250 20;ms_1 10;~ 10 | line 1: header declares 3 segments but lists 2
      more segment lines than declared | ms/1 1 250 20;ms_1 10;~ 10 | line 3: unexpected line after the segment lines: '~ 10'
      segment signal count             | ms/1 2 250 10;ms_1 10 | segment 0 'ms_1' has 1 signals, the master header says 2
      layout signal count              | ms/2 2 250 10;ms_layout 0;ms_1 10 | layout segment 'ms_layout' has 1 signals, the master header says 2
      broken segment header            | ms/2 1 250 20;ms_1 10;ms_bad 10 | segment 1 'ms_bad': DIR/ms_bad.hea: line 2: unknown signal format 99
      """)
  void brokenMasterNamesTheMasterAndTheReason(String what, String masterLines, String expected) throws IOException {
    Files.writeString(master, masterLines.replace(';', '\n') + "\n");
    WfdbException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
        () -> assertThrows(WfdbException.class, () -> WfdbRecord.open(master)));
    assertEquals(master.toString(), e.file(), e.getMessage());
    assertEquals(master + ": " + expected.replace("DIR", dir.toString()), e.getMessage());
  }
}
