package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every header field that sizes memory is bounded before anything is allocated from it: the error names the
 * file, the line and the limit, and never becomes an {@link OutOfMemoryError}.
 */
class HeaderLimitsTest {
  @TempDir Path dir;

  /** Opens the record and reads it whole: the limits must hold before the reader allocates its blocks. */
  private WfdbException fails(String headerText) throws IOException {
    Path hea = dir.resolve("big.hea");
    Files.writeString(hea, headerText);
    Files.write(dir.resolve("big.dat"), new byte[64]);
    return assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThrows(WfdbException.class,
        () -> RecordSummary.of(WfdbRecord.open(hea))));
  }

  private String where() {
    return dir.resolve("big.hea").toString();
  }

  @Test
  void samplesPerFrame() throws IOException {
    WfdbException e = fails("big 1 250 10\nbig.dat 80x2000000000 200 8 0 0 0 0 x\n");
    assertEquals(where() + ": line 2: 2000000000 samples per frame: more than the limit of 65536", e.getMessage());
    assertEquals(WfdbException.Location.LINE, e.location());
    assertEquals(2, e.position());
  }

  @Test
  void samplesPerFrameSummedOverTheSignals() throws IOException {
    WfdbException e = fails("big 3 250 10\nbig.dat 16x30000\nbig.dat 16x30000\nbig.dat 16x30000\n");
    assertEquals(where() + ": line 4: the signals so far have 90000 samples per frame together: more than the "
        + "limit of 65536", e.getMessage());
  }

  @Test
  void numberOfSignals() throws IOException {
    WfdbException e = fails("big 2000000000 250 10\nbig.dat 16\n");
    assertEquals(where() + ": line 1: 2000000000 signals: more than the limit of 4096", e.getMessage());
  }

  @Test
  void numberOfSegments() throws IOException {
    WfdbException e = fails("big/2000000000 1 250 10\nbig_1 10\n");
    assertEquals(where() + ": line 1: 2000000000 segments: more than the limit of 1000000", e.getMessage());
  }

  @Test
  void blockSize() throws IOException {
    WfdbException e = fails("big 1 250 10\nbig.dat 16 200 16 0 0 0 2000000000 x\n");
    assertEquals(where() + ": line 2: block size 2000000000 outside 0..1048576", e.getMessage());
  }

  @Test
  void skewWindow() throws IOException {
    WfdbException e = fails("big 1 250 10\nbig.dat 16:2000000000\n");
    assertEquals(where() + ": line 2: skew of 2000000000 frames of 1 values: more than the limit of 16777216 "
        + "values to look ahead", e.getMessage());
  }

  @Test
  void lineLength() throws IOException {
    WfdbException e = fails("big 1 250 10\n#" + "c".repeat(HeaderParser.MAX_LINE_BYTES) + "\nbig.dat 16\n");
    assertEquals(where() + ": line 2: line longer than 65536 bytes: not a WFDB header", e.getMessage());
  }

  @Test
  void aTwoGigabyteSingleLineHeaderIsNeverRead() throws IOException {
    Path hea = dir.resolve("huge.hea");
    try (RandomAccessFile f = new RandomAccessFile(hea.toFile(), "rw")) {
      f.write("huge 1 250 10 ".getBytes());
      f.setLength(2L << 30); // sparse: costs no disk
    }
    WfdbException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
        () -> assertThrows(WfdbException.class, () -> WfdbRecord.open(hea)));
    assertEquals(hea + ": header is larger than 16777216 bytes: not a WFDB header", e.getMessage());
  }

  @Test
  void limitsLeaveRealisticHeadersAlone() throws IOException {
    // 64 signals of 1024 samples per frame (65536 values: the limit itself), and a long comment
    StringBuilder h = new StringBuilder("ok 64 1 2\n#" + "c".repeat(60_000) + "\n");
    for (int i = 0; i < 64; i++) {
      h.append("ok.dat 80x1024 200 8 0 0 0 0 s").append(i).append('\n');
    }
    Path hea = dir.resolve("ok.hea");
    Files.writeString(hea, h);
    Files.write(dir.resolve("ok.dat"), new byte[2 * 65536]);
    RecordSummary summary = RecordSummary.of(WfdbRecord.open(hea));
    assertEquals(64, summary.signals().size());
    assertEquals(2048, summary.signals().get(63).nValues());
    assertEquals(2048, summary.signals().get(63).nInvalid()); // byte 0 is format 80's invalid value
  }
}
