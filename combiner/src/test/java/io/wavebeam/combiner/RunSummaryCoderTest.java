package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The summaries' coder gives back what it was given, and equal summaries encode to equal bytes. */
class RunSummaryCoderTest {
  static RunSummary sample() {
    RunSummary s = new RunSummary();
    s.lines = 12;
    s.bytes = 3456;
    s.problems = 1;
    s.duplicateRows = 1;
    RunSummary.Table rows = s.table(TableSchema.SUMMARY);
    rows.files = 2;
    rows.rows = 11;
    rows.parts.add(new RunSummary.Part("part-00000.parquet", 11));
    rows.emptyFiles.add("/r/32/ws_df_group.json");
    rows.groups.put("30", new RunSummary.GroupClaim(0, "/r/30/ws_df_group.json", 1));
    RunSummary.Table windows = s.table(TableSchema.WINDOWS);
    windows.files = 1;
    windows.rows = 7;
    windows.parts.add(new RunSummary.Part("group=30/part-00000.parquet", 7));
    s.reports.add(new RunSummary.Report(1, 5, "/r/30/ws_df_group.json:5: duplicate row: " + "x".repeat(70_000)));
    SignalStats.Accumulator acc = new SignalStats.Accumulator(new SignalAliases.Normalized("ABP", true, false),
        "mmHg");
    acc.groups.add("30");
    acc.records = 3;
    acc.segments = 4;
    acc.rows = 5;
    acc.seconds.add(1e100);
    acc.seconds.add(1.0);
    acc.seconds.add(-1e100);
    acc.weightedMeanSum.add(0.1);
    acc.weight = 9;
    acc.minMean = -2.5;
    acc.maxMean = 7.25;
    s.stats.put(SignalStats.key("ABP", "mmHg"), acc);
    return s;
  }

  static byte[] encode(RunSummary s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunSummaryCoder.of().encode(s, out);
    return out.toByteArray();
  }

  @Test
  void roundTripKeepsEveryFieldAndExactSums() throws IOException {
    RunSummary s = sample();
    byte[] bytes = encode(s);
    RunSummary back = RunSummaryCoder.of().decode(new ByteArrayInputStream(bytes));
    assertArrayEquals(bytes, encode(back));
    assertEquals(12, back.lines);
    assertEquals(3456, back.bytes);
    assertEquals(s.reports, back.reports);
    assertEquals(s.table(TableSchema.SUMMARY).parts, back.table(TableSchema.SUMMARY).parts);
    assertEquals(s.table(TableSchema.SUMMARY).groups, back.table(TableSchema.SUMMARY).groups);
    assertEquals(s.table(TableSchema.SUMMARY).emptyFiles, back.table(TableSchema.SUMMARY).emptyFiles);
    assertEquals(s.table(TableSchema.WINDOWS).parts, back.table(TableSchema.WINDOWS).parts);
    assertEquals(7, back.table(TableSchema.WINDOWS).rows);
    SignalStats.Accumulator acc = back.stats.get(SignalStats.key("ABP", "mmHg"));
    // 1e100 + 1 - 1e100 is exactly 1: the partials travel, not a rounded sum
    assertEquals(new SignalStats(
        "ABP", true, false, "mmHg", 1, 3, 4, 5, 0, 1.0 / 3600.0, null, 0.1 / 9, -2.5, 7.25), acc.result());
  }

  @Test
  void equalSummariesEncodeToEqualBytes() throws IOException {
    assertArrayEquals(encode(sample()), encode(sample()));
  }
}
