package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.wfdb.flac.FlacEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLAC-coded records through the reader: channels as signals, samples per frame, skew, invalid values, ranges. */
class FlacRecordTest {
  @TempDir Path dir;

  /** Two 16-bit channels, 3 samples per frame; channel 1 has an invalid run. Returns the channel samples. */
  private int[][] writeFlac(Path file, int frames) throws IOException {
    Random random = new Random(11);
    int[][] ch = new int[2][frames * 3];
    for (int i = 0; i < frames * 3; i++) {
      ch[0][i] = (int) (8000 * Math.sin(i / 20.0)) + random.nextInt(5);
      ch[1][i] = i >= 30 && i < 40 ? -32768 : random.nextInt(2000) - 1000;
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      FlacEncoder enc = new FlacEncoder(out, 2, 16, 250, 1152);
      enc.write(ch, 0, frames * 3);
      enc.finish();
    }
    return ch;
  }

  @Test
  void channelsBecomeSignalsWithSkewAndInvalidSamples() throws IOException {
    int frames = 1000;
    int[][] ch = writeFlac(dir.resolve("f.dat"), frames);
    Files.writeString(dir.resolve("f.hea"), "f 2 250 " + frames + "\nf.dat 516x3 200(5)/mV 16 0 0 0 0 A\n"
        + "f.dat 516x3:2 100/mV 16 0 0 0 0 B\n");
    WfdbRecord record = WfdbRecord.open(dir.resolve("f"));
    int[][] whole;
    try (SampleReader r = record.openReader()) {
      whole = r.newBlock(frames);
      assertEquals(frames, r.read(whole, frames));
    }
    for (int i = 0; i < frames * 3; i++) {
      assertEquals(ch[0][i], whole[0][i], "A value " + i);
      int stored = i + 6 < frames * 3 ? ch[1][i + 6] : SampleFormat.INVALID; // skew 2 frames = 6 values
      assertEquals(stored == -32768 ? SampleFormat.INVALID : stored, whole[1][i], "B value " + i);
    }
    RecordSummary summary = RecordSummary.of(record);
    assertEquals(16, summary.signals().get(1).nInvalid(), "10 invalid values plus the last 2 skewed frames");
    for (int from : new int[] {1, 333, 999}) {
      try (SampleReader r = record.openReader(from, frames)) {
        int[][] b = r.newBlock(frames);
        int n = r.read(b, frames);
        assertEquals(frames - from, n);
        for (int s = 0; s < 2; s++) {
          for (int i = 0; i < n * 3; i++) {
            assertEquals(whole[s][from * 3 + i], b[s][i], "range from " + from + ", signal " + s);
          }
        }
      }
    }
  }

  @Test
  void corruptFlacNamesTheFile() throws IOException {
    writeFlac(dir.resolve("c.dat"), 2000);
    byte[] bytes = Files.readAllBytes(dir.resolve("c.dat"));
    bytes[bytes.length / 2] ^= 0x55;
    Files.write(dir.resolve("c.dat"), bytes);
    Files.writeString(dir.resolve("c.hea"), "c 2 250 2000\nc.dat 516x3 200 16 0 0 0 0 A\nc.dat 516x3 200 16 0 0 0 0 B\n");
    WfdbException e = assertThrows(WfdbException.class, () -> RecordSummary.of(WfdbRecord.open(dir.resolve("c"))));
    assertTrue(e.getMessage().startsWith(dir.resolve("c.dat").toString()), e.getMessage());
    assertEquals(WfdbException.Location.BYTE, e.location());
  }

  @Test
  void channelCountMustMatchTheHeader() throws IOException {
    writeFlac(dir.resolve("w.dat"), 10);
    Files.writeString(dir.resolve("w.hea"), "w 1 250 10\nw.dat 516x3 200 16 0 0 0 0 A\n");
    WfdbException e = assertThrows(WfdbException.class, () -> RecordSummary.of(WfdbRecord.open(dir.resolve("w"))));
    assertTrue(e.getMessage().contains("FLAC stream has 2 channels but the header stores 1 signals"), e.getMessage());
  }
}
