package io.wavebeam.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Times {@code FlacDecoder} against {@code flac -d} on the same file, 3 runs each after warm-up, and prints a
 * table in MB/s of decoded 16-bit samples.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.wavebeam.bench.FlacVersusCli}
 */
public final class FlacVersusCli {
  private static final int RUNS = 3;
  private static final int WARMUP_RUNS = 3;

  private FlacVersusCli() {}

  public static void main(String[] args) throws Exception {
    Path flac = FlacBenchData.flacFile();
    double mb = FlacBenchData.DECODED_BYTES / 1e6;
    System.out.printf("file %s: %.1f MB compressed, %.1f MB decoded (16-bit, 2 channels), encoded with %s%n",
        flac, Files.size(flac) / 1e6, mb, FlacBenchData.encoderName());

    // The file is read once before timing either decoder, so both read it from the page cache.
    for (int i = 0; i < WARMUP_RUNS; i++) {
      FlacBenchData.decodeAll(flac);
    }
    double[] java = new double[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long start = System.nanoTime();
      FlacBenchData.decodeAll(flac);
      java[i] = (System.nanoTime() - start) / 1e9;
    }

    String command = FlacBenchData.flacCommand();
    double[] cli = new double[RUNS];
    List<String> decode = command == null ? null : List.of(command, "--silent", "--force", "-d",
        "--force-raw-format", "--endian=little", "--sign=signed", "-o", "/dev/null", flac.toString());
    if (decode != null) {
      for (int i = 0; i < RUNS; i++) {
        long start = System.nanoTime();
        FlacBenchData.run(decode);
        cli[i] = (System.nanoTime() - start) / 1e9;
      }
    }

    System.out.println();
    System.out.println("| decoder | run 1 (s) | run 2 (s) | run 3 (s) | best (s) | MB/s (best) |");
    System.out.println("|---|---|---|---|---|---|");
    row("FlacDecoder (Java, 1 thread)", java, mb);
    if (decode != null) {
      row("`flac " + String.join(" ", decode.subList(1, decode.size() - 1)) + " FILE`", cli, mb);
      double ratio = best(java) / best(cli);
      System.out.printf("%nFlacDecoder takes %.2fx the time of flac -d (best runs)%n", ratio);
    } else {
      System.out.println("flac not installed: no comparison");
    }
  }

  private static void row(String name, double[] seconds, double mb) {
    System.out.printf("| %s | %.3f | %.3f | %.3f | %.3f | %.0f |%n", name, seconds[0], seconds[1], seconds[2],
        best(seconds), mb / best(seconds));
  }

  private static double best(double[] seconds) {
    return Arrays.stream(seconds).min().orElse(Double.NaN);
  }
}
