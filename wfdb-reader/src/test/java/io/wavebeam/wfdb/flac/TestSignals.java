package io.wavebeam.wfdb.flac;

import java.util.Random;

/** Generated test signals: [channel][sample], every value inside the signed range of {@code bits}. */
final class TestSignals {
  private TestSignals() {}

  static int max(int bits) {
    return (1 << (bits - 1)) - 1;
  }

  static int min(int bits) {
    return -(1 << (bits - 1));
  }

  static int[][] silence(int channels, int n, int value) {
    int[][] s = new int[channels][n];
    for (int[] row : s) {
      java.util.Arrays.fill(row, value);
    }
    return s;
  }

  /** Uniform noise over the full range: nothing to predict, so VERBATIM is the cheapest subframe. */
  static int[][] noise(int channels, int n, int bits, long seed) {
    Random random = new Random(seed);
    int[][] s = new int[channels][n];
    long span = 1L << bits;
    for (int[] row : s) {
      for (int i = 0; i < n; i++) {
        row[i] = (int) (random.nextLong() & (span - 1)) + min(bits);
      }
    }
    return s;
  }

  /** Sines of different frequency and phase per channel, plus a little noise; amplitude near full scale. */
  static int[][] sines(int channels, int n, int bits, long seed) {
    Random random = new Random(seed);
    int[][] s = new int[channels][n];
    double amplitude = max(bits) * 0.9;
    for (int ch = 0; ch < channels; ch++) {
      double period = 40 + 37 * ch;
      for (int i = 0; i < n; i++) {
        double v = amplitude * Math.sin(2 * Math.PI * i / period + ch) + random.nextGaussian() * 2;
        s[ch][i] = clamp((long) Math.round(v), bits);
      }
    }
    return s;
  }

  /** Sawtooth ramps that wrap from the top to the bottom of the range: exact for FIXED order 1 between wraps. */
  static int[][] ramps(int channels, int n, int bits) {
    int[][] s = new int[channels][n];
    long span = 1L << bits;
    for (int ch = 0; ch < channels; ch++) {
      long step = 3 + 5L * ch;
      for (int i = 0; i < n; i++) {
        s[ch][i] = (int) (Math.floorMod(i * step * (span / 997 + 1), span) + min(bits));
      }
    }
    return s;
  }

  /** ECG-like: a narrow QRS spike every beat on a slow baseline wander, plus noise; left and right correlated. */
  static int[][] ecg(int channels, int n, int bits, double sampleRate, long seed) {
    Random random = new Random(seed);
    int[][] s = new int[channels][n];
    double scale = max(bits) / 4.0;
    double beat = sampleRate * 0.8;
    for (int i = 0; i < n; i++) {
      double t = (i % beat) / sampleRate;
      double qrs = Math.exp(-Math.pow((t - 0.25) / 0.012, 2)) * 2.5;
      double pWave = Math.exp(-Math.pow((t - 0.1) / 0.03, 2)) * 0.25;
      double tWave = Math.exp(-Math.pow((t - 0.5) / 0.06, 2)) * 0.5;
      double wander = 0.3 * Math.sin(2 * Math.PI * i / (sampleRate * 7.3));
      double base = qrs + pWave + tWave + wander;
      for (int ch = 0; ch < channels; ch++) {
        double v = scale * base * (1.0 - 0.3 * ch) + random.nextGaussian() * scale * 0.01;
        s[ch][i] = clamp((long) Math.round(v), bits);
      }
    }
    return s;
  }

  static int clamp(long v, int bits) {
    return (int) Math.max(min(bits), Math.min(max(bits), v));
  }

  /** Interleaved little-endian signed PCM, as {@code flac --force-raw-format --endian=little} reads it. */
  static byte[] toRawPcm(int[][] s, int bits) {
    int channels = s.length;
    int n = s[0].length;
    int bytes = (bits + 7) / 8;
    byte[] out = new byte[n * channels * bytes];
    FlacEncoder.interleaveLittleEndian(s, n, bytes, out);
    return out;
  }
}
