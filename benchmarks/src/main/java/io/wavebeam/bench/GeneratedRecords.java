package io.wavebeam.bench;

import io.wavebeam.wfdb.RecordWriter;
import io.wavebeam.wfdb.SampleFormat;
import io.wavebeam.wfdb.SignalSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Writes large benchmark records: ECG-like waveforms plus noise, in any binary format. */
final class GeneratedRecords {
  private GeneratedRecords() {}

  /** Writes a record of {@code signals} signals in one file of about {@code bytes} bytes; returns its header. */
  static Path write(Path dir, String name, int format, int signals, long bytes) throws IOException {
    Files.createDirectories(dir);
    long frames = SampleFormat.valuesIn(format, bytes) / signals;
    frames -= frames % 6;
    List<SignalSpec> specs = new ArrayList<>();
    for (int s = 0; s < signals; s++) {
      specs.add(new SignalSpec(name + ".dat", format, 1, 0, 0, 200, 0, "mV", 0, 0, 0, null, 0, "sig" + s));
    }
    int bits = SampleFormat.bits(format);
    int amplitude = (1 << (bits - 2)) - 1;
    int block = 65536;
    int[][] values = new int[signals][block];
    SplittableRandom random = new SplittableRandom(42);
    try (RecordWriter w = RecordWriter.create(dir, name, 125, specs, null, null, List.of())) {
      for (long f = 0; f < frames; f += block) {
        int n = (int) Math.min(block, frames - f);
        for (int s = 0; s < signals; s++) {
          for (int i = 0; i < n; i++) {
            double t = (f + i) / 125.0;
            double beat = Math.exp(-Math.pow(((t * 1.2) % 1.0 - 0.3) * 25, 2));
            int v = (int) (amplitude * (0.6 * beat + 0.1 * Math.sin(t * 2 * Math.PI * 0.25)))
                + random.nextInt(9) - 4;
            values[s][i] = (f + i) % 10_000 < 20 ? SampleFormat.INVALID : v; // a short invalid run now and then
          }
        }
        w.write(values, n);
      }
    }
    return dir.resolve(name + ".hea");
  }
}
