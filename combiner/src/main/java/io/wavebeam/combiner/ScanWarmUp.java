package io.wavebeam.combiner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a group file scan over a few synthetic rows into a discarded Parquet part, on a thread of its own, while the
 * driver's main thread starts Beam and the runner.
 *
 * <p>Why: a worker's first file used to start with ~0.2–0.5 s of one-time work (loading and initialising the
 * parser, Hadoop's configuration, parquet-java's writers and snappy) after the runner's start-up, during which
 * the other core had nothing to do (docs/benchmarks.md, pass 1.5 against DuckDB). Done here, that work overlaps the
 * single-threaded start-up, and the workers find it done. It reads and writes no file and changes nothing a run
 * produces; a failure here is only logged (the real scan reports its own).
 */
final class ScanWarmUp {
  private static final Logger LOG = LoggerFactory.getLogger(ScanWarmUp.class);
  /** Rows of the synthetic file: a few segments, so the segment flush and the statistics run too. */
  static final int ROWS = 64;

  private ScanWarmUp() {}

  /** Starts {@link #scan} on a daemon thread. */
  static void start(SignalAliases aliases) {
    Thread t = new Thread(() -> {
      try {
        scan(aliases);
      } catch (RuntimeException | IOException | LinkageError e) {
        LOG.debug("scan warm-up failed (the run does not need it)", e);
      }
    }, "wavebeam-scan-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.NORM_PRIORITY - 1);
    t.start();
  }

  /** Scans {@link #ROWS} synthetic summary rows into a discarded part and returns the scan's summary. */
  static RunSummary scan(SignalAliases aliases) throws IOException {
    TableSchema table = TableSchema.SUMMARY;
    byte[] lines = syntheticRows(table, ROWS).getBytes(StandardCharsets.US_ASCII);
    GroupFile file = new GroupFile(table, 0, 0, "warm-up", lines.length);
    return new GroupFileScan(table, aliases, false).scan(file, new ByteArrayInputStream(lines),
        part -> PartWriter.open(table, OutputStream.nullOutputStream(), part, true), (l, b) -> {});
  }

  /** {@code n} rows of {@code table} as pass 1 writes them: every field, four signals a segment. */
  static String syntheticRows(TableSchema table, int n) {
    String[] signals = {"PLETH", "RESP", "II", "ABP"};
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < n; i++) {
      text.append('{');
      for (TableSchema.Column c : table.columns()) {
        if (c.index() > 0) {
          text.append(',');
        }
        text.append('"').append(c.name()).append("\":");
        if (c.index() == table.group) {
          text.append("\"warm-up\"");
        } else if (c.index() == table.record) {
          text.append("\"r").append(i / 16).append('"');
        } else if (c.index() == table.segment) {
          text.append("\"r").append(i / 16).append('_').append(i / 4).append('"');
        } else if (c.index() == table.signal) {
          text.append('"').append(signals[i % 4]).append('"');
        } else if (c.index() == table.signalIndex) {
          text.append(i % 4);
        } else if (c.index() == table.units) {
          text.append("\"mV\"");
        } else {
          switch (c.kind()) {
            case LONG -> text.append(1000 + i);
            // Decimals as pass 1 writes them: 16–17 significant digits, some beyond the parser's fast path.
            case DOUBLE -> text.append(String.format(Locale.ROOT, "%s", (i + 1) / 7.0 + c.index() * 1e-3));
            case STRING -> text.append(c.nullable() ? "null" : "\"x\"");
            case STRING_LIST -> text.append("[\"x\"]");
          }
        }
      }
      text.append("}\n");
    }
    return text.toString();
  }
}
