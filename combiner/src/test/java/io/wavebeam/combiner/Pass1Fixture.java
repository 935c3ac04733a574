package io.wavebeam.combiner;

import io.wavebeam.common.RunnerKind;
import io.wavebeam.pipeline.Pass1Options;
import io.wavebeam.pipeline.Pass1Pipeline;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Generated test input: two groups of small format-16 WFDB records whose signal names are real MIMIC spellings
 * (case and spacing variants, synonyms, a side suffix, junk names, a duplicate within one header), run through
 * pass 1 so that ROOT/30/ws_df_group.json and ROOT/31/ws_df_group.json are real pass-1 output.
 */
final class Pass1Fixture {
  private Pass1Fixture() {}

  /** Writes the records under {@code records} and pass 1's output under {@code root}; returns {@code root}. */
  static Path pass1Output(Path records, Path root) throws IOException {
    return pass1Output(records, root, null);
  }

  /** The same, pass 1 run with {@code --window window} (also ws_df_windows.json) unless it is null. */
  static Path pass1Output(Path records, Path root, String window) throws IOException {
    Random r = new Random(42);
    Path g30 = records.resolve("30");
    record(g30.resolve("3000001"), "3000001", 125, 500, r, "II", "ABP", "PLETH R", "???", "II");
    record(g30.resolve("3000002"), "3000002n", 1, 60, r, "HR", "%SpO2", "NBP Sys", "PULSE", "dSpO2");
    Path g31 = records.resolve("31");
    record(g31.resolve("3100001"), "3100001_0001", 125, 300, r, "II", "ART", "[0]");
    record(g31.resolve("3100001"), "3100001_0002", 125, 200, r, "V", "ART", "Resp");
    record(g31.resolve("3100002"), "3100002n", 1, 40, r, "SpO2", "NBPSys", "NBP SYS", "CustomThing");
    for (String group : new String[] {"30", "31"}) {
      Pass1Options options = Pass1Pipeline.options(records.resolve(group), root.resolve(group), null,
          RunnerKind.DIRECT, 1);
      if (window != null) {
        options.as(io.wavebeam.pipeline.windows.WindowOptions.class).setWindow(window);
      }
      Pass1Pipeline.run(options);
    }
    return root;
  }

  /** A single-segment format-16 record, with about one sample in 30 invalid. */
  static void record(Path dir, String name, double fs, int frames, Random r, String... signals) throws IOException {
    Files.createDirectories(dir);
    int n = signals.length;
    ByteBuffer buf = ByteBuffer.allocate(frames * n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < frames; t++) {
      for (int s = 0; s < n; s++) {
        int v = r.nextInt(30) == 0 ? -32768 : (int) Math.round(100 * s + r.nextGaussian() * 50);
        buf.putShort((short) v);
      }
    }
    Files.write(dir.resolve(name + ".dat"), buf.array());
    StringBuilder h = new StringBuilder(name + " " + n + " " + (fs == 125 ? "125" : "1") + " " + frames + "\n");
    for (int s = 0; s < n; s++) {
      h.append(name).append(".dat 16 200(").append(s).append(")/mV 16 0 0 0 0 ").append(signals[s]).append('\n');
    }
    Files.writeString(dir.resolve(name + ".hea"), h.toString());
  }

  /** A copy of {@code root}'s group files. */
  static Path copy(Path root, Path to) throws IOException {
    for (String group : new String[] {"30", "31"}) {
      Path file = root.resolve(group).resolve("ws_df_group.json");
      Files.createDirectories(to.resolve(group));
      Files.copy(file, to.resolve(group).resolve("ws_df_group.json"));
    }
    return to;
  }
}
