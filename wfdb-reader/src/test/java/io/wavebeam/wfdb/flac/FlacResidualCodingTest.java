package io.wavebeam.wfdb.flac;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Residual codings the reference encoder never writes by default (escaped partitions, of width 0 too) or only for
 * wide residuals (Rice2): encoded by {@link FlacResidualCoder}, decoded by {@link FlacSubframeDecoder}.
 */
class FlacResidualCodingTest {
  private static final int N = 4096;

  /** Writes residual[order..n) as a FIXED subframe of the given order and decodes it back. */
  private static int[] roundTrip(int[] signal, int order, int bits, FlacResidualCoder coder) throws IOException {
    int[] residual = new int[N];
    FlacSubframeEncoder.fixedResidual(signal, N, order, residual);
    coder.plan(residual, N, order);
    FlacBitWriter w = new FlacBitWriter();
    w.write((0x08 | order) << 1, 8);
    for (int i = 0; i < order; i++) {
      w.write(signal[i], bits);
    }
    coder.write(w, residual, N, order);
    w.alignToByte();
    w.write(0, 32); // slack so that the reader's refill has whole words
    FlacBitReader reader = new FlacBitReader(new ByteArrayInputStream(Arrays.copyOf(w.buffer(), w.length())),
        "residual");
    int[] out = new int[N];
    new FlacSubframeDecoder(reader, "residual").decode(out, N, bits, 0);
    return out;
  }

  @Test
  void zeroWidthEscapeForSilentStretches() throws IOException {
    // A ramp with a flat stretch: the FIXED order-2 residual is zero over whole partitions.
    int[] s = new int[N];
    Random random = new Random(1);
    for (int i = 0; i < N; i++) {
      s[i] = i < N / 2 ? 0 : (i % 64) * 100 + random.nextInt(50);
    }
    FlacResidualCoder coder = new FlacResidualCoder();
    assertArrayEquals(s, roundTrip(s, 2, 16, coder));
    int[] escaped = coder.escapedPartitionsOfLastPlan();
    assertTrue(escaped[1] > 0, "some partitions escaped with width 0: " + Arrays.toString(escaped));
  }

  @Test
  void escapeForWideNoisyStretches() throws IOException {
    // Smooth almost everywhere, full-scale noise in one stretch: plain binary beats Rice there.
    int[] s = new int[N];
    Random random = new Random(2);
    for (int i = 0; i < N; i++) {
      s[i] = i >= 1024 && i < 1536 ? random.nextInt(1 << 16) - 32768 : i;
    }
    FlacResidualCoder coder = new FlacResidualCoder();
    assertArrayEquals(s, roundTrip(s, 0, 16, coder));
    assertTrue(coder.escapedPartitionsOfLastPlan()[0] > 0);
  }

  @Test
  void rice2ForWideResiduals() throws IOException {
    // 24-bit noise with a large spread: the best Rice parameter is above 14, so the 5-bit form is needed.
    int[] s = new int[N];
    Random random = new Random(3);
    for (int i = 0; i < N; i++) {
      s[i] = (int) Math.round(random.nextGaussian() * 1_000_000);
    }
    FlacResidualCoder coder = new FlacResidualCoder();
    assertArrayEquals(s, roundTrip(s, 0, 24, coder));
    assertTrue(coder.lastPlanUsesRice2());
  }

  @Test
  void riceForSmallResiduals() throws IOException {
    int[] s = new int[N];
    Random random = new Random(4);
    for (int i = 1; i < N; i++) {
      s[i] = s[i - 1] + random.nextInt(21) - 10;
    }
    FlacResidualCoder coder = new FlacResidualCoder();
    assertArrayEquals(s, roundTrip(s, 1, 16, coder));
    assertFalse(coder.lastPlanUsesRice2());
    assertEquals(0, coder.escapedPartitionsOfLastPlan()[0]);
  }
}
