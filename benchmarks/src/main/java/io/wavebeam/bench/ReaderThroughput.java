package io.wavebeam.bench;

import io.wavebeam.wfdb.WfdbRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The same measurement as {@link ReaderThroughputBenchmark}, printed as MB/s and samples/s:
 * {@code java -Xmx256m -cp benchmarks/target/benchmarks.jar io.wavebeam.bench.ReaderThroughput DIR [MB] [formats]}.
 * With 2048 MB it is also the constant-memory check: a 2 GiB file read under -Xmx256m.
 */
public final class ReaderThroughput {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")).resolve("wavebeam-bench");
    long mb = args.length > 1 ? Long.parseLong(args[1]) : 200;
    String[] formats = (args.length > 2 ? args[2] : "16,80,212").split(",");
    int rounds = Integer.getInteger("rounds", 5);
    System.out.printf(Locale.ROOT, "%-7s %12s %14s %10s %10s %14s %12s%n", "format", "file MB", "samples",
        "best s", "MB/s", "samples/s", "max heap MB");
    for (String f : formats) {
      int format = Integer.parseInt(f);
      Path header = GeneratedRecords.write(dir, "bench" + format, format, 4, mb * 1_000_000);
      WfdbRecord record = WfdbRecord.open(header);
      long bytes = Files.size(dir.resolve("bench" + format + ".dat"));
      long samples = record.length() * record.signals().size();
      double best = Double.MAX_VALUE;
      for (int i = 0; i < rounds; i++) {
        long t0 = System.nanoTime();
        ReaderThroughputBenchmark.readAll(record);
        best = Math.min(best, (System.nanoTime() - t0) / 1e9);
      }
      Runtime rt = Runtime.getRuntime();
      System.out.printf(Locale.ROOT, "%-7d %12.1f %14d %10.3f %10.0f %14.3e %12d%n", format, bytes / 1e6, samples,
          best, bytes / 1e6 / best, samples / best, (rt.totalMemory()) >> 20);
      Files.delete(dir.resolve("bench" + format + ".dat"));
      Files.delete(header);
    }
  }
}
