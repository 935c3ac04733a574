package io.wavebeam.bench;

import io.wavebeam.wfdb.WfdbRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The same measurement as {@link ReaderThroughputBenchmark}, printed as MB/s and samples/s:
 * {@code java -Xmx256m -cp benchmarks/target/benchmarks.jar io.wavebeam.bench.ReaderThroughput DIR [MB] [formats]}.
 * With 2048 MB it is also the constant-memory check: a 2 GiB file read under -Xmx256m. {@code -Dclock=cpu}
 * times the reading thread's CPU time instead of wall time: on a machine shared with other work, wall time
 * measures the scheduler more than the reader.
 */
public final class ReaderThroughput {
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir")).resolve("wavebeam-bench");
    long mb = args.length > 1 ? Long.parseLong(args[1]) : 200;
    String[] formats = (args.length > 2 ? args[2] : "16,80,212").split(",");
    int rounds = Integer.getInteger("rounds", 5);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    boolean cpu = "cpu".equals(System.getProperty("clock"));
    System.out.printf(Locale.ROOT, "%-7s %-14s %9s %12s %9s %9s %12s %9s%n", "format", "mode", "file MB",
        "samples", "best s", "MB/s", "samples/s", "heap MB");
    for (String f : formats) {
      int format = Integer.parseInt(f);
      Path header = GeneratedRecords.write(dir, "bench" + format, format, 4, mb * 1_000_000);
      WfdbRecord record = WfdbRecord.open(header);
      long bytes = Files.size(dir.resolve("bench" + format + ".dat"));
      long samples = record.length() * record.signals().size();
      for (String mode : format == 80 ? new String[] {"decode", "decode+touch", "codes"}
          : new String[] {"decode", "decode+touch"}) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < rounds; i++) {
          long t0 = cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
          if (mode.equals("codes")) {
            ReaderThroughputBenchmark.readCodes(record);
          } else {
            ReaderThroughputBenchmark.readAll(record, mode.equals("decode+touch"));
          }
          best = Math.min(best, ((cpu ? threads.getCurrentThreadCpuTime() : System.nanoTime()) - t0) / 1e9);
        }
        Runtime rt = Runtime.getRuntime();
        System.out.printf(Locale.ROOT, "%-7d %-14s %9.1f %12d %9.3f %9.0f %12.3e %9d%n", format, mode,
            bytes / 1e6, samples, best, bytes / 1e6 / best, samples / best, rt.totalMemory() >> 20);
      }
      Files.delete(dir.resolve("bench" + format + ".dat"));
      Files.delete(header);
    }
  }
}
