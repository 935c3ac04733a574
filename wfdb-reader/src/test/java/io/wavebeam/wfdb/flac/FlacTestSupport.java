package io.wavebeam.wfdb.flac;

import java.io.BufferedInputStream;
import io.wavebeam.wfdb.SharedSamples;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers: decoding a whole stream, running the {@code flac} command, finding the shared sample folder. */
final class FlacTestSupport {
  private FlacTestSupport() {}

  /** Decodes everything, reading in chunks of {@code chunk} samples to exercise partly consumed frames. */
  static int[][] decodeAll(InputStream in, Path file, int chunk) throws IOException {
    try (FlacDecoder decoder = new FlacDecoder(in, file)) {
      int channels = decoder.streamInfo().channels();
      int capacity = (int) Math.max(16, decoder.streamInfo().totalSamples());
      int[][] all = new int[channels][capacity];
      int[][] part = new int[channels][chunk];
      int total = 0;
      int n;
      while ((n = decoder.read(part, 0, chunk)) > 0) {
        if (total + n > capacity) {
          capacity = Math.max(capacity * 2, total + n);
          for (int ch = 0; ch < channels; ch++) {
            all[ch] = java.util.Arrays.copyOf(all[ch], capacity);
          }
        }
        for (int ch = 0; ch < channels; ch++) {
          System.arraycopy(part[ch], 0, all[ch], total, n);
        }
        total += n;
      }
      for (int ch = 0; ch < channels; ch++) {
        all[ch] = java.util.Arrays.copyOf(all[ch], total);
      }
      return all;
    }
  }

  static int[][] decodeFile(Path file, int chunk) throws IOException {
    return decodeAll(new BufferedInputStream(Files.newInputStream(file), 1 << 12), file, chunk);
  }

  /** The {@code flac} command on PATH, or null. */
  static Path flacCommand() {
    return FlacCommand.find();
  }

  static void run(List<String> command) throws IOException, InterruptedException {
    FlacCommand.run(command, Duration.ofSeconds(120));
  }

  /**
   * Encodes {@code samples} with the flac command: writes them as raw PCM to {@code dir/name.raw} and returns
   * {@code dir/name.flac}.
   */
  static Path encodeWithFlac(Path dir, String name, int[][] samples, int bits, int sampleRate, String... options)
      throws IOException, InterruptedException {
    Path raw = dir.resolve(name + ".raw");
    Path flac = dir.resolve(name + ".flac");
    Files.write(raw, TestSignals.toRawPcm(samples, bits));
    flacEncodeRaw(raw, flac, samples.length, bits, sampleRate, options);
    return flac;
  }

  private static void flacEncodeRaw(Path raw, Path flac, int channels, int bits, int sampleRate, String... options)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(flacCommand().toString(), "--silent", "--force",
        "--force-raw-format", "--endian=little", "--sign=signed", "--channels=" + channels, "--bps=" + bits,
        "--sample-rate=" + sampleRate));
    command.addAll(List.of(options));
    command.addAll(List.of("-o", flac.toString(), raw.toString()));
    run(command);
  }

  /** The shared folder with the WFDB sample records, or null when it does not exist. */
  static Path sharedSamples() {
    return SharedSamples.present() ? SharedSamples.root() : null;
  }

}
