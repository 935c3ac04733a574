package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The warm-up's synthetic rows are rows the strict parser accepts, so the warm-up goes through the whole per-row
 * path a worker takes (parse, names, keys, statistics, the Parquet part) instead of stopping at a problem.
 */
class ScanWarmUpTest {
  @Test
  void syntheticRowsGoThroughTheWholeScan() throws IOException {
    RunSummary summary = ScanWarmUp.scan(SignalAliases.builtIn());
    assertEquals(0, summary.problems, () -> summary.reports.toString());
    RunSummary.Table rows = summary.table(TableSchema.SUMMARY);
    assertEquals(ScanWarmUp.ROWS, rows.rows);
    assertEquals(List.of(new RunSummary.Part(GroupFileScan.partName(0, "warm-up", false), ScanWarmUp.ROWS)),
        rows.parts);
    // Four signals, each in a quarter of the rows, in their statistics.
    assertEquals(4, summary.stats.size(), () -> summary.stats.keySet().toString());
    for (SignalStats.Accumulator a : summary.stats.values()) {
      assertEquals(ScanWarmUp.ROWS / 4, a.result().rows());
    }
  }
}
