package io.wavebeam.wfdb.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Encodes with {@link FlacEncoder} and decodes with {@link FlacDecoder}: the samples must come back exactly. */
class FlacRoundTripTest {
  private static final Path NAME = Paths.get("roundtrip.flac");

  static byte[] encode(int[][] s, int bits, int blockSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlacEncoder encoder = new FlacEncoder(out, s.length, bits, 250, blockSize);
    // Feed in uneven pieces so that blocks are assembled across write calls.
    int n = s[0].length;
    int offset = 0;
    int piece = 1;
    while (offset < n) {
      int count = Math.min(piece, n - offset);
      encoder.write(s, offset, count);
      offset += count;
      piece = piece * 3 + 1;
    }
    encoder.finish();
    return out.toByteArray();
  }

  static int[][] decode(byte[] flac, int chunk) throws IOException {
    return FlacTestSupport.decodeAll(new ByteArrayInputStream(flac), NAME, chunk);
  }

  static void assertSame(int[][] expected, int[][] actual) {
    assertEquals(expected.length, actual.length, "channels");
    for (int ch = 0; ch < expected.length; ch++) {
      assertArrayEquals(expected[ch], actual[ch], "channel " + ch);
    }
  }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    int[] blockSizes = {1, 17, 192, 4095, 4608};
    for (int bits : new int[] {8, 16, 24}) {
      for (int channels = 1; channels <= 8; channels++) {
        int blockSize = blockSizes[channels % blockSizes.length];
        // 10,007 samples: never a multiple of the block size, so the last block is short.
        int n = blockSize == 1 ? 300 : 10_007;
        cases.add(Arguments.of("silence", bits, channels, blockSize, n));
        cases.add(Arguments.of("noise", bits, channels, blockSize, n));
        cases.add(Arguments.of("sines", bits, channels, blockSize, n));
        cases.add(Arguments.of("ramps", bits, channels, blockSize, n));
        cases.add(Arguments.of("ecg", bits, channels, blockSize, n));
      }
    }
    return cases;
  }

  static int[][] signal(String kind, int channels, int bits, int n) {
    switch (kind) {
      case "silence": return TestSignals.silence(channels, n, TestSignals.min(bits));
      case "noise": return TestSignals.noise(channels, n, bits, 42);
      case "sines": return TestSignals.sines(channels, n, bits, 42);
      case "ramps": return TestSignals.ramps(channels, n, bits);
      case "ecg": return TestSignals.ecg(channels, n, bits, 360, 42);
      default: throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest(name = "{0} {1}-bit {2}ch block {3}")
  @MethodSource("cases")
  void decoderReturnsExactlyWhatWasEncoded(String kind, int bits, int channels, int blockSize, int n)
      throws IOException {
    int[][] expected = signal(kind, channels, bits, n);
    byte[] flac = encode(expected, bits, blockSize);
    assertSame(expected, decode(flac, 777));
    try (FlacDecoder decoder = new FlacDecoder(new ByteArrayInputStream(flac), NAME)) {
      assertEquals(channels, decoder.streamInfo().channels());
      assertEquals(bits, decoder.streamInfo().bitsPerSample());
      assertEquals(250, decoder.streamInfo().sampleRate());
      assertEquals(n, decoder.streamInfo().totalSamples());
      assertEquals(blockSize, decoder.streamInfo().maxBlockSize());
    }
  }

  @Test
  void silenceIsTiny() throws IOException {
    // CONSTANT subframes: a few bytes per frame whatever the block size.
    byte[] flac = encode(TestSignals.silence(2, 46_080, 3), 16, 4608);
    assertTrue(flac.length < 42 + 10 * 20, "size " + flac.length);
  }

  @Test
  void noiseCostsNoMoreThanVerbatim() throws IOException {
    int n = 46_080;
    byte[] flac = encode(TestSignals.noise(2, n, 16, 1), 16, 4608);
    long raw = 2L * n * 2;
    assertTrue(flac.length < raw + raw / 100, "size " + flac.length + " vs raw " + raw);
  }

  @Test
  void rampsCompressWell() throws IOException {
    int n = 46_080;
    byte[] flac = encode(TestSignals.ramps(1, n, 16), 16, 4608);
    assertTrue(flac.length < n / 2, "size " + flac.length);
  }

  @Test
  void emptyStreamDecodesToEndAtOnce() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FlacEncoder(out, 2, 16, 250, 4096).finish();
    try (FlacDecoder decoder = new FlacDecoder(new ByteArrayInputStream(out.toByteArray()), NAME)) {
      assertEquals(0, decoder.streamInfo().totalSamples());
      assertEquals(-1, decoder.read(new int[2][10], 0, 10));
      assertEquals(-1, decoder.read(new int[2][10], 0, 10));
    }
  }

  @Test
  void streamingEncoderWithDeclaredTotal() throws IOException {
    int[][] s = TestSignals.ecg(3, 20_000, 16, 500, 3);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FlacEncoder encoder = new FlacEncoder(out, 3, 16, 500, 4096, 20_000);
    encoder.write(s, 0, 12_345);
    int streamed = out.size();
    assertTrue(streamed > 0, "frames are written before finish()");
    encoder.write(s, 12_345, 20_000 - 12_345);
    encoder.finish();
    assertSame(s, decode(out.toByteArray(), 4096));
  }

  @Test
  void streamingEncoderRejectsWrongCount() throws IOException {
    FlacEncoder encoder = new FlacEncoder(new ByteArrayOutputStream(), 1, 16, 500, 4096, 100);
    encoder.write(new int[][] {new int[99]}, 0, 99);
    assertThrows(IOException.class, encoder::finish);
  }

  @Test
  void encoderRejectsSamplesOutsideTheRange() throws IOException {
    FlacEncoder encoder = new FlacEncoder(new ByteArrayOutputStream(), 1, 8, 500, 4096);
    assertThrows(IllegalArgumentException.class, () -> encoder.write(new int[][] {{128}}, 0, 1));
  }

  @Test
  void bytePositionReachesTheEnd() throws IOException {
    int[][] s = TestSignals.sines(2, 30_000, 16, 8);
    byte[] flac = encode(s, 16, 4096);
    try (FlacDecoder decoder = new FlacDecoder(new ByteArrayInputStream(flac), NAME)) {
      assertEquals(42, decoder.bytePosition(), "marker and STREAMINFO");
      int[][] dest = new int[2][5000];
      while (decoder.read(dest, 0, 5000) > 0) {
        assertTrue(decoder.bytePosition() <= flac.length);
      }
      assertEquals(flac.length, decoder.bytePosition());
    }
  }

  @Test
  void readWritesAtTheOffset() throws IOException {
    int[][] s = TestSignals.ramps(2, 100, 16);
    try (FlacDecoder decoder = new FlacDecoder(new ByteArrayInputStream(encode(s, 16, 64)), NAME)) {
      int[][] dest = new int[2][110];
      assertEquals(60, decoder.read(dest, 10, 60));
      assertEquals(4, decoder.read(dest, 70, 60), "rest of the first frame");
      assertEquals(s[1][63], dest[1][73]);
      assertEquals(0, dest[0][9]);
      assertEquals(s[0][0], dest[0][10]);
    }
  }
}
