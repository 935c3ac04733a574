package io.wavebeam.wfdb.flac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.wavebeam.wfdb.WfdbException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Damaged streams fail with a {@link WfdbException} naming the file and the byte offset of the frame. */
class FlacCorruptionTest {
  private static final Path FILE = Paths.get("records", "broken.dat");
  private static final int HEADER_BYTES = 42; // "fLaC" + STREAMINFO
  private static final int BLOCK = 1000;

  private static byte[] validStream() throws IOException {
    return FlacRoundTripTest.encode(TestSignals.ecg(2, 5 * BLOCK, 16, 250, 1), 16, BLOCK);
  }

  private static WfdbException decodeFails(byte[] flac) {
    return assertThrows(WfdbException.class,
        () -> FlacTestSupport.decodeAll(new ByteArrayInputStream(flac), FILE, 512));
  }

  /** Offsets of the frames, found by decoding the intact stream. */
  private static long[] frameOffsets(byte[] flac) throws IOException {
    long[] offsets = new long[5];
    try (FlacDecoder decoder = new FlacDecoder(new ByteArrayInputStream(flac), FILE)) {
      int[][] dest = new int[2][BLOCK];
      for (int f = 0; f < 5; f++) {
        offsets[f] = decoder.bytePosition();
        assertEquals(BLOCK, decoder.read(dest, 0, BLOCK));
      }
    }
    return offsets;
  }

  @Test
  void flippedByteInsideAFrameIsACrcError() throws IOException {
    byte[] flac = validStream();
    long[] frames = frameOffsets(flac);
    int target = (int) (frames[2] + (frames[3] - frames[2]) / 2);
    flac[target] ^= 0x10;
    WfdbException e = decodeFails(flac);
    assertTrue(e.getMessage().startsWith(FILE.toString() + ": byte " + frames[2] + ": "), e.getMessage());
    assertEquals(frames[2], e.position());
    assertEquals(FILE.toString(), e.file());
  }

  /** A change to the bytes of an intact stream, given the offsets of its frames. */
  @FunctionalInterface
  interface Damage {
    void apply(byte[] flac, long[] frames);
  }

  /** A damaged frame: what the decoder says, the damage, and the frame whose start the error names. */
  static Stream<Arguments> damagedFrames() {
    return Stream.of(
        // the last bit before frame 2's start, before frame 1's CRC-16: padding or a residual bit; decoding goes on
        // and the checksum catches it
        arguments("CRC-16", (Damage) (flac, frames) -> flac[(int) frames[2] - 3] ^= 0x01, 1),
        // the coded frame number in frame 3's header
        arguments("CRC-8", (Damage) (flac, frames) -> flac[(int) frames[3] + 4] ^= 0x01, 3),
        // frame 4's sync code
        arguments("lost sync", (Damage) (flac, frames) -> flac[(int) frames[4]] = 0x12, 4));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("damagedFrames")
  void aDamagedFrameIsAnErrorAtItsStart(String problem, Damage damage, int frame) throws IOException {
    byte[] flac = validStream();
    long[] frames = frameOffsets(flac);
    damage.apply(flac, frames);
    WfdbException e = decodeFails(flac);
    assertEquals(frames[frame], e.position());
    assertTrue(e.problem().contains(problem), e.getMessage());
  }

  @Test
  void badMarker() throws IOException {
    byte[] flac = validStream();
    flac[0] = 'F';
    WfdbException e = decodeFails(flac);
    assertEquals(0, e.position());
    assertTrue(e.getMessage().contains("broken.dat"), e.getMessage());
    assertTrue(e.problem().contains("fLaC"), e.getMessage());
  }

  @Test
  void truncatedInsideAFrame() throws IOException {
    byte[] flac = validStream();
    long[] frames = frameOffsets(flac);
    byte[] cut = Arrays.copyOf(flac, (int) frames[3] + 20);
    WfdbException e = decodeFails(cut);
    assertTrue(e.getMessage().contains("broken.dat"), e.getMessage());
    assertEquals("stream ends inside frame at byte " + frames[3], e.problem());
    assertEquals(cut.length, e.position());
  }

  @Test
  void truncatedAtAFrameBoundaryFallsShortOfStreamInfo() throws IOException {
    byte[] flac = validStream();
    long[] frames = frameOffsets(flac);
    WfdbException e = decodeFails(Arrays.copyOf(flac, (int) frames[3]));
    assertTrue(e.problem().contains("3000 of 5000"), e.getMessage());
  }

  @Test
  void truncatedInsideTheMetadata() throws IOException {
    byte[] flac = validStream();
    WfdbException e = decodeFails(Arrays.copyOf(flac, 20));
    assertTrue(e.problem().contains("metadata"), e.getMessage());
  }

  @Test
  void moreSamplesThanStreamInfoSays() throws IOException {
    byte[] flac = validStream();
    // Total samples are the last 36 bits before the MD5 (bytes 22..25 hold their low 32 bits): say 4500.
    flac[22] = 0;
    flac[23] = 0;
    flac[24] = (byte) (4500 >> 8);
    flac[25] = (byte) 4500;
    long[] frames = frameOffsets(validStream());
    WfdbException e = decodeFails(flac);
    assertTrue(e.problem().contains("beyond"), e.getMessage());
    assertEquals(frames[4], e.position(), "the fifth frame crosses sample 4500");
    assertTrue(e.position() > HEADER_BYTES);
  }
}
