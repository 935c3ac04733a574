package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's side of the per-file summaries: it merges what every file's scan left in the staging area into what
 * one merge of the same summaries gives, and refuses a run where some input file has no summary (its scan did not
 * finish), naming that file.
 */
class WritePartsSummaryTest {
  @TempDir Path temp;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
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

  /** A scan of {@code rows} synthetic rows (four signals) as input file {@code index}. */
  static RunSummary scan(GroupFile file, int rows) throws IOException {
    byte[] lines = syntheticRows(TableSchema.SUMMARY, rows).replace("warm-up", "g" + file.index())
        .getBytes(StandardCharsets.US_ASCII);
    return new GroupFileScan(TableSchema.SUMMARY, SignalAliases.builtIn(), false).scan(file,
        new ByteArrayInputStream(lines), part -> PartWriter.open(TableSchema.SUMMARY, OutputStream.nullOutputStream(),
            part, true), (l, b) -> {});
  }

  @Test
  void mergesEveryFilesSummaryAndRefusesAMissingOne() throws IOException {
    StagingArea staging = new StagingArea.Folder(temp.toString());
    List<GroupFile> files = List.of(
        new GroupFile(TableSchema.SUMMARY, 0, 0, "/in/a/ws_df_group.json", 1),
        new GroupFile(TableSchema.SUMMARY, 1, 1, "/in/b/ws_df_group.json", 1),
        new GroupFile(TableSchema.SUMMARY, 2, 2, "/in/c/ws_df_group.json", 1));
    int[] rows = {8, 20, 12};
    RunSummary.Merge merge = new RunSummary.Merge();
    RunSummary expected = merge.createAccumulator();
    for (int i = 0; i < files.size(); i++) {
      RunSummary s = scan(files.get(i), rows[i]);
      try (OutputStream out = staging.create(WriteParts.summaryName(files.get(i)))) {
        RunSummaryCoder.of().encode(s, out);
      }
      expected = merge.addInput(expected, scan(files.get(i), rows[i]));
    }
    expected = merge.extractOutput(expected);

    RunSummary merged = WriteParts.readSummary(staging, files);
    assertEquals(40, merged.table(TableSchema.SUMMARY).rows);
    assertEquals(3, merged.table(TableSchema.SUMMARY).parts.size());
    assertArrayEquals(RunSummaryCoderTest.encode(expected), RunSummaryCoderTest.encode(merged));

    GroupFile unfinished = new GroupFile(TableSchema.SUMMARY, 3, 3, "/in/d/ws_df_group.json", 1);
    IOException e = assertThrows(IOException.class, () -> WriteParts.readSummary(staging,
        List.of(files.get(0), files.get(1), files.get(2), unfinished)));
    assertTrue(e.getMessage().startsWith("/in/d/ws_df_group.json: its scan left no summary"), e.getMessage());
    assertTrue(e.getMessage().endsWith("nothing was published"), e.getMessage());
  }
}
