package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's check of what the workers staged: {@link StagingArea#parquetRows} reads a part's row count from its
 * footer alone, the same count parquet-java's own reader finds; a file that is not Parquet (cut short) is refused.
 */
class StagingAreaTest {
  @TempDir static Path temp;

  @BeforeAll
  static void fileSystems() {
    FileSystems.setDefaultPipelineOptions(PipelineOptionsFactory.create());
  }

  @Test
  void footerRowsAreTheRowsWritten() throws IOException {
    StagingArea staging = new StagingArea.Folder(temp.toString());
    InputRow row = new InputRow(TableSchema.SUMMARY);
    for (TableSchema.Column c : TableSchema.SUMMARY.columns()) {
      row.strings[c.index()] = "x";
      row.doubles[c.index()] = c.index() * 0.5;
      row.longs[c.index()] = c.index();
    }
    row.name = new SignalAliases.Normalized("X", false, false);
    int n = 12_345;
    try (PartWriter w = PartWriter.open(TableSchema.SUMMARY,
        staging.create("ds/part-00000.parquet"), "part-00000.parquet", true)) {
      for (int i = 0; i < n; i++) {
        row.longs[TableSchema.SUMMARY.signalIndex] = i;
        w.write(row);
      }
    }
    Path file = temp.resolve("ds").resolve("part-00000.parquet");
    assertEquals(n, staging.parquetRows("ds/part-00000.parquet"));
    assertEquals(n, Pass1p5PipelineTest.footer(file).getBlocks().stream().mapToLong(BlockMetaData::getRowCount)
        .sum());

    byte[] whole = Files.readAllBytes(file);
    try (OutputStream out = staging.create("ds/cut.parquet")) {
      out.write(whole, 0, whole.length - 3);
    }
    IOException e = assertThrows(IOException.class, () -> staging.parquetRows("ds/cut.parquet"));
    assertTrue(e.getMessage().contains("cut.parquet") && e.getMessage().contains("Parquet footer"), e.getMessage());
    try (OutputStream out = staging.create("ds/tiny.parquet")) {
      out.write("PAR1".getBytes(StandardCharsets.US_ASCII));
    }
    assertThrows(IOException.class, () -> staging.parquetRows("ds/tiny.parquet"));
  }
}
