package io.wavebeam.combiner;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.apache.parquet.column.ParquetProperties;

/**
 * Pass 1.5's per-row cost on one thread, without Beam: {@link GroupFileScan} over one group file, again and again,
 * into a Parquet writer whose bytes are counted and dropped. Prints CPU microseconds per row for each variant of
 * the writer's settings, so a setting is measured alone (docs/benchmarks.md, "Pass 1.5 against DuckDB").
 *
 * <pre>
 * java -cp CP io.wavebeam.combiner.ScanThroughput FILE [ROUNDS=5] [VARIANT...]
 *   VARIANT: parse (no writer), current (the product's settings), nosizestats, nochecksum, nostats-doubles,
 *            nostats, v2, bigpage, dict-keys (a dictionary for record and segment too, as
 *            before), nodict,
 *            all (nosizestats + nochecksum + nostats-doubles)
 * </pre>
 */
public final class ScanThroughput {
  private ScanThroughput() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String[] variants = args.length > 2 ? java.util.Arrays.copyOfRange(args, 2, args.length)
        : new String[] {"parse", "current", "nosizestats", "nochecksum", "nostats-doubles", "all"};
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < rounds; round++) {
      for (String variant : variants) {
        CountingSink sink = new CountingSink();
        long cpu0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        RunSummary summary;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
          GroupFileScan scan = new GroupFileScan(TableSchema.SUMMARY, SignalAliases.builtIn(), false);
          GroupFile g = new GroupFile(TableSchema.SUMMARY, 0, 0, file.toString(), Files.size(file));
          summary = scan.scan(g, in, variant.equals("parse") ? null
              : part -> new PartWriter(TableSchema.SUMMARY, new PartWriter.StreamOutputFile(sink, part), true,
                  configure(variant, PartWriter.properties(TableSchema.SUMMARY)).build()),
              (l, b) -> { });
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        long rows = summary.table(TableSchema.SUMMARY).rows;
        System.out.printf(Locale.ROOT, "round %d %-16s %d rows: %.2f us/row cpu, %.2f us/row wall, %.2f MB out%n",
            round, variant, rows, cpu / 1e3 / rows, (System.nanoTime() - t0) / 1e3 / rows, sink.bytes / 1e6);
      }
    }
  }

  static ParquetProperties.Builder configure(String variant, ParquetProperties.Builder b) {
    UnaryOperator<ParquetProperties.Builder> noDoubleStats = x -> {
      for (TableSchema.Column c : TableSchema.SUMMARY.columns()) {
        if (c.kind() == TableSchema.Kind.DOUBLE) {
          x.withStatisticsEnabled(c.name(), false);
        }
      }
      return x;
    };
    return switch (variant) {
      case "current" -> b;
      case "nosizestats" -> b.withSizeStatisticsEnabled(false);
      case "nochecksum" -> b.withPageWriteChecksumEnabled(false);
      case "nostats-doubles" -> noDoubleStats.apply(b);
      case "nostats" -> b.withStatisticsEnabled(false);
      case "v2" -> b.withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0);
      case "bigpage" -> b.withPageSize(4 << 20);
      case "dict-keys" -> b.withDictionaryEncoding("record", true).withDictionaryEncoding("segment", true);
      case "nodict" -> b.withDictionaryEncoding(false);
      case "all" -> noDoubleStats.apply(b.withSizeStatisticsEnabled(false).withPageWriteChecksumEnabled(false));
      default -> throw new IllegalArgumentException("unknown variant " + variant);
    };
  }

  /** Counts what it is given. */
  static final class CountingSink extends OutputStream {
    long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      bytes += len;
    }
  }
}
