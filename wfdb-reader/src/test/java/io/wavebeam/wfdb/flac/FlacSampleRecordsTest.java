package io.wavebeam.wfdb.flac;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.wfdb.TestPrerequisites;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decodes the FLAC files of the shared WFDB sample records (read in place, never copied) and compares the
 * channels with the reference values. Each of these files holds signals with equal samples per frame, so FLAC
 * channel k is the k-th signal of the file in header order.
 */
class FlacSampleRecordsTest {
  private static Path samples;

  /** Per test, not per class, so that every test is reported as skipped with the reason. */
  @BeforeEach
  void needsSamples() {
    samples = FlacTestSupport.sharedSamples();
    TestPrerequisites.require(samples != null, "FlacSampleRecordsTest (FLAC files of the shared records)",
        "shared WFDB samples not found (put PhysioNet's samples in ../shared/wfdb-samples or set "
            + "-Dwavebeam.shared.dir)");
  }

  private static JsonNode expected(String record) throws IOException {
    return new ObjectMapper().readTree(samples.resolve("expected").resolve(record + ".json").toFile());
  }

  @Test
  void flacThreeConstant() throws IOException {
    Path file = samples.resolve("records/flac_3_constant.dat");
    JsonNode signals = expected("flac_3_constant").get("signals");
    try (InputStream in = Files.newInputStream(file); FlacDecoder decoder = new FlacDecoder(in, file)) {
      assertEquals(3, decoder.streamInfo().channels());
      assertEquals(8, decoder.streamInfo().bitsPerSample());
      assertEquals(5_600_000, decoder.streamInfo().totalSamples());
      int[][] dest = new int[3][10_000];
      long total = 0;
      long[] sums = new long[3];
      int n;
      while ((n = decoder.read(dest, 0, 10_000)) > 0) {
        for (int ch = 0; ch < 3; ch++) {
          int first10 = signals.get(ch).get("first10_digital").get(0).asInt();
          for (int i = 0; i < n; i++) {
            if (dest[ch][i] != first10) {
              throw new AssertionError("channel " + ch + " sample " + (total + i) + " = " + dest[ch][i]);
            }
            sums[ch] += dest[ch][i];
          }
        }
        total += n;
      }
      assertEquals(5_600_000, total);
      for (int ch = 0; ch < 3; ch++) {
        assertEquals(signals.get(ch).get("digital_sum").asLong(), sums[ch], "sum of channel " + ch);
      }
      assertEquals(Files.size(file), decoder.bytePosition());
    }
  }

  @Test
  void flacFormats() throws IOException {
    JsonNode signals = expected("flacformats").get("signals");
    int[] bits = {8, 16, 24};
    for (int k = 0; k < 3; k++) {
      JsonNode signal = signals.get(k);
      Path file = samples.resolve("records").resolve(signal.get("file").asText());
      int[][] decoded = FlacTestSupport.decodeFile(file, 100);
      try (FlacDecoder decoder = new FlacDecoder(Files.newInputStream(file), file)) {
        assertEquals(bits[k], decoder.streamInfo().bitsPerSample(), file.toString());
        assertEquals(1, decoder.streamInfo().channels());
      }
      assertDigital(signal, decoded[0]);
    }
  }

  @Test
  void mixedSignals() throws IOException {
    JsonNode signals = expected("mixedsignals").get("signals");
    int index = 0;
    for (String name : new String[] {"mixedsignals_e.dat", "mixedsignals_p.dat", "mixedsignals_r.dat"}) {
      Path file = samples.resolve("records").resolve(name);
      int[][] decoded = FlacTestSupport.decodeFile(file, 4096);
      for (int[] channel : decoded) {
        JsonNode signal = signals.get(index++);
        assertEquals(name, signal.get("file").asText());
        assertDigital(signal, channel);
      }
    }
    assertEquals(6, index);
  }

  /** Count, first ten, initial value, and min/max/sum over the valid samples (invalid = most negative value). */
  private static void assertDigital(JsonNode signal, int[] values) {
    String what = signal.get("name").asText();
    assertEquals(signal.get("n_values").asInt(), values.length, what + ": count");
    JsonNode first10 = signal.get("first10_digital");
    for (int i = 0; i < first10.size(); i++) {
      if (!first10.get(i).isNull()) {
        assertEquals(first10.get(i).asInt(), values[i], what + ": sample " + i);
      }
    }
    int fmt = signal.get("fmt").asInt();
    int invalid = fmt == 508 ? -128 : fmt == 516 ? -32768 : -8388608;
    long sum = 0;
    int min = Integer.MAX_VALUE;
    int max = Integer.MIN_VALUE;
    int valid = 0;
    for (int v : values) {
      if (v != invalid) {
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        valid++;
      }
    }
    assertEquals(signal.get("n_valid").asInt(), valid, what + ": valid");
    if (valid > 0) {
      assertEquals(signal.get("digital_sum").asLong(), sum, what + ": sum");
      assertEquals(signal.get("digital_min").asInt(), min, what + ": min");
      assertEquals(signal.get("digital_max").asInt(), max, what + ": max");
    }
  }
}
