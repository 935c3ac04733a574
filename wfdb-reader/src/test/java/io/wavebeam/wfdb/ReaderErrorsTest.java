package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** Broken records: each failure is one {@link WfdbException} naming the file and what was wrong. */
class ReaderErrorsTest {
  @TempDir Path dir;

  private Path writeRecord(String name, int format, int frames) throws IOException {
    List<SignalSpec> specs = List.of(RecordRoundTripTest.spec(name + ".dat", format, 1, 0, 0, "a"),
        RecordRoundTripTest.spec(name + ".dat", format, 1, 0, 0, "b"));
    int[][] values = RecordRoundTripTest.randomValues(specs, frames, 1);
    try (RecordWriter w = RecordWriter.create(dir, name, 100, specs, null, null, List.of())) {
      w.write(values, frames);
    }
    return dir.resolve(name + ".hea");
  }

  private static void readAll(Path header) throws IOException {
    RecordSummary.of(WfdbRecord.open(header));
  }

  @Test
  void truncatedSignalFileNamesTheFileAndTheByte() throws IOException {
    Path hea = writeRecord("trunc", 16, 1000);
    Path dat = dir.resolve("trunc.dat");
    try (FileChannel ch = FileChannel.open(dat, StandardOpenOption.WRITE)) {
      ch.truncate(3000); // 750 frames of 4 bytes
    }
    WfdbException e = assertThrows(WfdbException.class, () -> readAll(hea));
    assertEquals(dat.toString(), e.file());
    assertEquals(WfdbException.Location.BYTE, e.location());
    assertTrue(e.getMessage().contains("signal file ends after 750 frames; the header says 1000"), e.getMessage());
  }

  @Test
  void truncatedPackedFormatInsideTheLastGroup() throws IOException {
    Path hea = writeRecord("t212", 212, 11); // 22 values: 33 bytes
    try (FileChannel ch = FileChannel.open(dir.resolve("t212.dat"), StandardOpenOption.WRITE)) {
      ch.truncate(32);
    }
    WfdbException e = assertThrows(WfdbException.class, () -> readAll(hea));
    assertTrue(e.getMessage().contains("t212.dat") && e.getMessage().contains("the header says 11"), e.getMessage());
  }

  @Test
  void missingSignalFile() throws IOException {
    Path hea = writeRecord("gone", 80, 10);
    Files.delete(dir.resolve("gone.dat"));
    WfdbException e = assertThrows(WfdbException.class, () -> readAll(hea));
    assertTrue(e.getMessage().equals(dir.resolve("gone.dat").toAbsolutePath().normalize() + ": signal file not found"),
        e.getMessage());
  }

  @Test
  void missingHeader() {
    WfdbException e = assertThrows(WfdbException.class, () -> WfdbRecord.open(dir.resolve("nothing")));
    assertTrue(e.getMessage().contains("nothing.hea: header file not found"), e.getMessage());
  }

  @Test
  void garbageHeader() throws IOException {
    Path hea = dir.resolve("junk.hea");
    Files.write(hea, new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2});
    WfdbException e = assertThrows(WfdbException.class, () -> WfdbRecord.open(hea));
    assertTrue(e.getMessage().startsWith(hea + ": byte 4: NUL byte"), e.getMessage());
  }

  @Test
  void fileNamesFromHeadersNeverLeaveTheRecordFolder() throws IOException {
    Path inner = Files.createDirectories(dir.resolve("inner"));
    Files.write(dir.resolve("secret.dat"), new byte[100]);
    for (String name : new String[] {"../secret.dat", "/etc/passwd", "a/../../secret.dat", ".."}) {
      Path hea = inner.resolve("evil.hea");
      Files.writeString(hea, "evil 1 250 10\n" + name + " 16 200 16 0 0 0 0 x\n");
      WfdbException e = assertThrows(WfdbException.class, () -> WfdbRecord.open(hea), name);
      assertEquals(hea.toString(), e.file());
      assertTrue(e.problem().contains("'" + name + "'"), e.getMessage());
    }
  }

  @Test
  void checksumMismatchIsAWarningNotAnError() throws IOException {
    Path hea = writeRecord("sum", 16, 20);
    String text = Files.readString(hea);
    String[] lines = text.split("\n");
    String[] f = lines[1].split(" ");
    f[6] = String.valueOf(Integer.parseInt(f[6]) + 1);
    lines[1] = String.join(" ", f);
    Files.writeString(hea, String.join("\n", lines) + "\n");
    RecordSummary summary = RecordSummary.of(WfdbRecord.open(hea));
    assertEquals(20, summary.signals().get(0).nValues());
    assertEquals(1, summary.warnings().size(), summary.warnings().toString());
    assertTrue(summary.warnings().get(0).contains("sum.dat: checksum mismatch for signal 0"));
  }

  /** Headers that cannot be opened: what is wrong, the header's path below the folder and text, what the message says. */
  static Stream<Arguments> unopenableHeaders() {
    return Stream.of(
        arguments("a segment named outside the record's folder", "inner/multi.hea", "multi/1 1 250 10\n../escape 10\n",
            "segment header name '../escape.hea' leaves the record's folder"),
        arguments("signals sharing a file must share the format", "mixed.hea", "mixed 2 250 10\nm.dat 16\nm.dat 80\n",
            "share file 'm.dat' but have formats 16 and 80"),
        arguments("a missing segment header", "ms.hea", "ms/2 1 250 20\nms_1 10\nms_2 10\n",
            "ms_1.hea: header file not found"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unopenableHeaders")
  void anUnopenableHeaderNamesTheReason(String what, String path, String text, String reason) throws IOException {
    Path hea = dir.resolve(path);
    Files.createDirectories(hea.getParent());
    Files.writeString(hea, text);
    WfdbException e = assertThrows(WfdbException.class, () -> WfdbRecord.open(hea));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }
}
