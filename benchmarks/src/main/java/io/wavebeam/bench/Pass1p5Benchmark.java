package io.wavebeam.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.combiner.Pass1p5Options;
import io.wavebeam.combiner.Pass1p5Pipeline;
import io.wavebeam.combiner.Pass1p5Result;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.pipeline.FeatureRow;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * Pass 1.5 on synthetic pass-1 output: writes ROWS rows spread over GROUPS group folders (MIMIC-like signal
 * names, spelling variants, a few junk names), then times one pass-1.5 run into a local folder.
 *
 * <pre>java -cp ... io.wavebeam.bench.Pass1p5Benchmark WORKDIR [ROWS=1000000] [GROUPS=10] [direct|spark] [N]</pre>
 */
public final class Pass1p5Benchmark {
  private static final String[] NAMES = {"II", "V", "AVR", "III", "I", "ABP", "ART", "PLETH", "PLETH R", "RESP",
      "Resp", "CVP", "PAP", "HR", "PULSE", "%SpO2", "SpO2", "NBP Sys", "NBPSys", "NBP Dias", "NBP Mean",
      "ABP Sys", "ABP Dias", "ABP Mean", "dSpO2", "MCL1", "ICP", "???", "[0]", "CustomThing"};

  private Pass1p5Benchmark() {}

  public static void main(String[] args) throws IOException {
    Path work = Path.of(args[0]);
    long rows = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int groups = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    RunnerKind runner = RunnerKind.parse(args.length > 3 ? args[3] : "direct");
    int parallelism = args.length > 4 ? Integer.parseInt(args[4]) : 0;
    Path root = work.resolve("root");
    long t0 = System.nanoTime();
    generate(root, rows, groups);
    System.out.printf(Locale.ROOT, "generated %d rows in %d groups in %.1f s (%d MB of JSON)%n", rows, groups,
        (System.nanoTime() - t0) / 1e9, size(root) >> 20);
    Pass1p5Options options = Pass1p5Pipeline.options(root.toString(), work.resolve("out").toString(), runner,
        parallelism);
    long t1 = System.nanoTime();
    Pass1p5Result result = Pass1p5Pipeline.run(options);
    double seconds = (System.nanoTime() - t1) / 1e9;
    System.out.printf(Locale.ROOT, "pass 1.5 (%s, parallelism %d): %d rows, %d signals in %.1f s (%.0f rows/s);"
        + " parquet %d MB%n", result.runner(), options.getParallelism(), result.rows(), result.signals(), seconds,
        result.rows() / seconds, size(work.resolve("out").resolve("waveform_summary.parquet")) >> 20);
  }

  /** Rows of 6-signal segments, 50 segments per record, with plausible feature values. */
  static void generate(Path root, long rows, int groups) throws IOException {
    ObjectMapper mapper = WriteGroupOutput.mapper();
    Random r = new Random(1);
    long perGroup = (rows + groups - 1) / groups;
    long written = 0;
    for (int g = 0; g < groups && written < rows; g++) {
      String group = Integer.toString(30 + g);
      Path dir = Files.createDirectories(root.resolve(group));
      try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(WriteGroupOutput.FEATURES_FILE),
          StandardCharsets.UTF_8)) {
        for (long i = 0; i < perGroup && written < rows; i++, written++) {
          long segmentNumber = i / 6;
          String record = group + String.format("%05d", segmentNumber / 50);
          String segment = record + "_" + String.format("%04d", segmentNumber % 50 + 1);
          int index = (int) (i % 6);
          w.write(mapper.writeValueAsString(row(group, record, segment, index, NAMES[r.nextInt(NAMES.length)], r)));
          w.write('\n');
        }
      }
    }
  }

  static FeatureRow row(String group, String record, String segment, int index, String signal, Random r) {
    long frames = 125L * (60 + r.nextInt(3600));
    long invalid = r.nextInt(10) == 0 ? r.nextInt(1000) : 0;
    double mean = r.nextGaussian() * 20 + 80;
    double std = Math.abs(r.nextGaussian() * 5) + 0.1;
    return new FeatureRow(group, record, segment, signal, index, "mV", 80, 125.0, 1, 100.0, 0, "10:11:12.500",
        r.nextBoolean() ? "2150-01-02" : null, frames, frames, frames / 125.0, frames - invalid, mean, std,
        mean - 3 * std, mean - std, mean, mean + std, mean + 3 * std, invalid, (double) invalid / frames,
        mean - 2.5 * std, mean - 2 * std, mean + 2 * std, mean + 2.5 * std, Math.hypot(mean, std),
        r.nextGaussian() * 0.1, r.nextGaussian() * 0.2, r.nextDouble() * 0.01, r.nextDouble() * 0.1);
  }

  static long size(Path p) throws IOException {
    try (var walk = Files.walk(p)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
