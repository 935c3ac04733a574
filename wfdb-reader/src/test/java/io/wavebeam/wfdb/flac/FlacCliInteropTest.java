package io.wavebeam.wfdb.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.wavebeam.wfdb.TestPrerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decodes streams written by the reference encoder ({@code flac} command of Debian's package): compression levels
 * 0..8 exercise FIXED and LPC subframes, Rice and Rice2 partitions, left/right/mid-side stereo and wasted bits.
 */
class FlacCliInteropTest {
  @TempDir
  static Path tmp;

  /** Per test, not per class, so that every test is reported as skipped with the reason. */
  @BeforeEach
  void needsFlac() {
    TestPrerequisites.require(FlacTestSupport.flacCommand() != null,
        "FlacCliInteropTest (decoding streams of the reference flac encoder)",
        "the flac command is not on PATH (Debian: apt-get install flac)");
  }

  static List<Arguments> cases() {
    List<Arguments> cases = new ArrayList<>();
    for (int level = 0; level <= 8; level++) {
      cases.add(Arguments.of("ecg", 2, 16, level, 100_000));
      cases.add(Arguments.of("sines", 2, 16, level, 30_001));
    }
    for (int level : new int[] {0, 5, 8}) {
      cases.add(Arguments.of("ecg", 1, 8, level, 20_000));
      cases.add(Arguments.of("sines", 2, 8, level, 20_000));
      cases.add(Arguments.of("ecg", 2, 24, level, 50_000));
      cases.add(Arguments.of("sines", 3, 24, level, 20_000));
      cases.add(Arguments.of("noise", 2, 24, level, 10_000));
      cases.add(Arguments.of("noise", 2, 16, level, 10_000));
      cases.add(Arguments.of("ecg", 6, 16, level, 20_000));
      cases.add(Arguments.of("ramps", 8, 16, level, 9_999));
      cases.add(Arguments.of("silence", 3, 16, level, 10_000));
      cases.add(Arguments.of("shifted", 2, 16, level, 10_000));
    }
    return cases;
  }

  static int[][] signal(String kind, int channels, int bits, int n) {
    switch (kind) {
      case "ecg": return TestSignals.ecg(channels, n, bits, 500, 7);
      case "sines": return TestSignals.sines(channels, n, bits, 11);
      case "noise": return TestSignals.noise(channels, n, bits, 13);
      case "ramps": return TestSignals.ramps(channels, n, bits);
      case "silence": return TestSignals.silence(channels, n, -5);
      case "shifted": {
        // Low bits always zero: the encoder signals them as wasted bits.
        int[][] s = TestSignals.sines(channels, n, bits - 4, 3);
        for (int[] row : s) {
          for (int i = 0; i < n; i++) {
            row[i] <<= 4;
          }
        }
        return s;
      }
      default: throw new IllegalArgumentException(kind);
    }
  }

  @ParameterizedTest(name = "{0} {1}ch {2}-bit flac -{3}, {4} samples")
  @MethodSource("cases")
  void decodesWhatFlacEncoded(String kind, int channels, int bits, int level, int n) throws Exception {
    int[][] expected = signal(kind, channels, bits, n);
    String name = kind + "-" + channels + "-" + bits + "-" + level;
    Path flac = FlacTestSupport.encodeWithFlac(tmp, name, expected, bits, 44100, "-" + level);

    int[][] actual = FlacTestSupport.decodeFile(flac, 1000);
    assertEquals(channels, actual.length);
    for (int ch = 0; ch < channels; ch++) {
      assertArrayEquals(expected[ch], actual[ch], "channel " + ch);
    }
  }

  @ParameterizedTest(name = "{0} samples per read")
  @MethodSource("chunkSizes")
  void chunkSizeDoesNotMatter(int chunk) throws Exception {
    int[][] expected = TestSignals.ecg(2, 25_000, 16, 360, 5);
    Path flac = FlacTestSupport.encodeWithFlac(tmp, "chunk" + chunk, expected, 16, 360, "-5", "--blocksize=1000");
    int[][] actual = FlacTestSupport.decodeFile(flac, chunk);
    assertArrayEquals(expected[0], actual[0]);
    assertArrayEquals(expected[1], actual[1]);
  }

  static List<Integer> chunkSizes() {
    return List.of(1, 7, 999, 1000, 1001, 65536);
  }

  @ParameterizedTest(name = "sample rate {0}")
  @MethodSource("sampleRates")
  void everySampleRateCodeIsParsed(int sampleRate) throws Exception {
    int[][] expected = TestSignals.sines(1, 5_000, 16, 1);
    Path flac = FlacTestSupport.encodeWithFlac(tmp, "rate" + sampleRate, expected, 16, sampleRate, "-5", "--lax");
    try (FlacDecoder decoder = new FlacDecoder(Files.newInputStream(flac), flac)) {
      assertEquals(sampleRate, decoder.streamInfo().sampleRate());
    }
    assertArrayEquals(expected[0], FlacTestSupport.decodeFile(flac, 4096)[0]);
  }

  static List<Integer> sampleRates() {
    // Table codes, 8-bit kHz, 16-bit Hz, 16-bit tens of Hz, and rates only STREAMINFO can say.
    return List.of(8000, 44100, 96000, 192000, 250, 360, 500, 1000, 62000, 65535, 100000, 700010);
  }

  @ParameterizedTest(name = "block size {0}")
  @MethodSource("blockSizes")
  void everyBlockSizeCodeIsParsed(int blockSize) throws Exception {
    int[][] expected = TestSignals.ecg(2, 70_001, 16, 250, 9);
    Path flac = FlacTestSupport.encodeWithFlac(tmp, "block" + blockSize, expected, 16, 250, "-8", "--lax", "--blocksize=" + blockSize);
    try (FlacDecoder decoder = new FlacDecoder(Files.newInputStream(flac), flac)) {
      assertEquals(blockSize, decoder.streamInfo().maxBlockSize());
      assertEquals(70_001, decoder.streamInfo().totalSamples());
    }
    int[][] actual = FlacTestSupport.decodeFile(flac, 4096);
    assertArrayEquals(expected[0], actual[0]);
    assertArrayEquals(expected[1], actual[1]);
  }

  static List<Integer> blockSizes() {
    // 8-bit and 16-bit "at the end of the header" forms, and the table codes 192, 576 * 2^k, 256 * 2^k.
    return List.of(16, 100, 192, 256, 576, 1000, 1152, 2304, 4096, 4608, 8192, 16384, 32768, 65535);
  }

  @ParameterizedTest(name = "{0} {1}ch {2}-bit block {3}")
  @MethodSource("encoderCases")
  void flacAcceptsWhatFlacEncoderWrote(String kind, int channels, int bits, int blockSize) throws Exception {
    int[][] samples = FlacRoundTripTest.signal(kind, channels, bits, 20_011);
    String name = "ours-" + kind + "-" + channels + "-" + bits + "-" + blockSize;
    Path flac = tmp.resolve(name + ".flac");
    Path raw = tmp.resolve(name + ".raw");
    Files.write(flac, FlacRoundTripTest.encode(samples, bits, blockSize));
    String command = FlacTestSupport.flacCommand().toString();
    // -t verifies both checksums of every frame and the MD5 of STREAMINFO.
    FlacTestSupport.run(List.of(command, "--silent", "-t", flac.toString()));
    if (bits % 8 != 0) {
      return; // flac writes raw output of whole-byte sample sizes only; -t above has checked the MD5
    }
    FlacTestSupport.run(List.of(command, "--silent", "--force", "-d", "--force-raw-format", "--endian=little",
        "--sign=signed", "-o", raw.toString(), flac.toString()));
    assertArrayEquals(TestSignals.toRawPcm(samples, bits), Files.readAllBytes(raw));
  }

  static List<Arguments> encoderCases() {
    return List.of(
        Arguments.of("ecg", 2, 16, 4096),
        Arguments.of("sines", 1, 8, 17),
        Arguments.of("noise", 3, 24, 4608),
        Arguments.of("ramps", 8, 16, 4095),
        Arguments.of("silence", 5, 24, 192),
        Arguments.of("ecg", 4, 12, 1000));
  }
}
