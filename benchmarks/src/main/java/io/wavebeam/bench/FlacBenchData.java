package io.wavebeam.bench;

import io.wavebeam.wfdb.flac.FlacCommand;
import io.wavebeam.wfdb.flac.FlacDecoder;
import io.wavebeam.wfdb.flac.FlacEncoder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The benchmark input: about 100 MB of decoded 16-bit, 2-channel ECG-like signal (QRS spikes, P and T waves,
 * baseline wander, noise) at 500 Hz, encoded with {@code flac -5} when the command exists, else with
 * {@link FlacEncoder}. Files are kept in a temp folder and reused by later runs and forks.
 */
public final class FlacBenchData {
  public static final int CHANNELS = 2;
  public static final int BITS = 16;
  public static final int SAMPLE_RATE = 500;
  /** 25 M inter-channel samples x 2 channels x 2 bytes = 100 MB decoded. */
  public static final int SAMPLES = 25_000_000;
  public static final long DECODED_BYTES = (long) SAMPLES * CHANNELS * (BITS / 8);
  private static final int CHUNK = 1 << 16;

  private FlacBenchData() {}

  public static Path folder() throws IOException {
    Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "wavebeam-flac-bench");
    Files.createDirectories(dir);
    return dir;
  }

  /** Raw little-endian interleaved PCM of the signal. */
  public static Path rawFile() throws IOException {
    Path raw = folder().resolve("ecg-2ch-16bit.raw");
    if (Files.exists(raw) && Files.size(raw) == DECODED_BYTES) {
      return raw;
    }
    Path partial = folder().resolve("ecg-2ch-16bit.raw.partial");
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), CHUNK)) {
      Signal signal = new Signal();
      int[][] chunk = new int[CHANNELS][CHUNK];
      byte[] bytes = new byte[CHUNK * CHANNELS * 2];
      for (int done = 0; done < SAMPLES; ) {
        int n = Math.min(CHUNK, SAMPLES - done);
        signal.next(chunk, n);
        int k = 0;
        for (int i = 0; i < n; i++) {
          for (int ch = 0; ch < CHANNELS; ch++) {
            bytes[k++] = (byte) chunk[ch][i];
            bytes[k++] = (byte) (chunk[ch][i] >> 8);
          }
        }
        out.write(bytes, 0, k);
        done += n;
      }
    }
    Files.move(partial, raw, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return raw;
  }

  /** The FLAC file: {@code flac -5} if available, else this project's encoder. */
  public static Path flacFile() throws IOException, InterruptedException {
    Path flac = folder().resolve("ecg-2ch-16bit.flac");
    if (Files.exists(flac)) {
      return flac;
    }
    Path raw = rawFile();
    Path partial = folder().resolve("ecg-2ch-16bit.flac.partial");
    String command = flacCommand();
    if (command != null) {
      run(List.of(command, "--silent", "--force", "-5", "--force-raw-format", "--endian=little", "--sign=signed",
          "--channels=" + CHANNELS, "--bps=" + BITS, "--sample-rate=" + SAMPLE_RATE, "-o", partial.toString(),
          raw.toString()));
    } else {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(raw), CHUNK);
           OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial), CHUNK)) {
        FlacEncoder encoder = new FlacEncoder(out, CHANNELS, BITS, SAMPLE_RATE, 4096, SAMPLES);
        int[][] chunk = new int[CHANNELS][CHUNK];
        byte[] bytes = new byte[CHUNK * CHANNELS * 2];
        int n;
        while ((n = in.readNBytes(bytes, 0, bytes.length)) > 0) {
          int samples = n / (CHANNELS * 2);
          for (int i = 0, k = 0; i < samples; i++) {
            for (int ch = 0; ch < CHANNELS; ch++, k += 2) {
              chunk[ch][i] = (bytes[k] & 0xFF) | (bytes[k + 1] << 8);
            }
          }
          encoder.write(chunk, 0, samples);
        }
        encoder.finish();
      }
    }
    Files.move(partial, flac, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return flac;
  }

  public static String encoderName() {
    return flacCommand() != null ? "flac -5" : "FlacEncoder (flac not installed)";
  }

  /** Decodes the whole file with {@link FlacDecoder}; returns a checksum so that nothing is optimised away. */
  public static long decodeAll(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file); FlacDecoder decoder = new FlacDecoder(in, file)) {
      int[][] dest = new int[decoder.streamInfo().channels()][4096];
      long sum = 0;
      int n;
      while ((n = decoder.read(dest, 0, 4096)) > 0) {
        sum += dest[0][n - 1] + dest[decoder.streamInfo().channels() - 1][0];
      }
      return sum;
    }
  }

  public static String flacCommand() {
    Path command = FlacCommand.find();
    return command == null ? null : command.toString();
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    FlacCommand.run(command, Duration.ofMinutes(10));
  }

  /** Deterministic ECG-like generator, continued chunk after chunk. */
  private static final class Signal {
    private final Random random = new Random(20240601);
    private long index;

    void next(int[][] out, int n) {
      double scale = 6000;
      double beat = SAMPLE_RATE * 0.83;
      for (int i = 0; i < n; i++, index++) {
        double t = (index % (long) beat) / (double) SAMPLE_RATE;
        double qrs = Math.exp(-sq((t - 0.25) / 0.012)) * 2.5 - Math.exp(-sq((t - 0.27) / 0.01)) * 0.6;
        double p = Math.exp(-sq((t - 0.1) / 0.03)) * 0.25;
        double tw = Math.exp(-sq((t - 0.5) / 0.06)) * 0.5;
        double wander = 0.3 * Math.sin(2 * Math.PI * index / (SAMPLE_RATE * 7.3));
        double base = qrs + p + tw + wander;
        out[0][i] = clamp(scale * base + random.nextGaussian() * 12);
        out[1][i] = clamp(scale * (0.7 * base - 0.2 * p) + random.nextGaussian() * 12);
      }
    }

    private static double sq(double x) {
      return x * x;
    }

    private static int clamp(double v) {
      return (int) Math.max(-32768, Math.min(32767, Math.round(v)));
    }
  }
}
