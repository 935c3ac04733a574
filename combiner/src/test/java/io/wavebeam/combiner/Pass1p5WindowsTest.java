package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.pipeline.Pass1Options;
import io.wavebeam.pipeline.Pass1Pipeline;
import io.wavebeam.pipeline.windows.WindowOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pass 1.5's windows table (issue 15): {@code run pass1 --window 5m --window-align clock} on the bundled testdata/30
 * and 31, then pass 1.5 on both runners; {@code waveform_windows.parquet} read back with parquet-avro's own reader
 * (row count, schema, snappy, every value equal to the JSON line), bad and duplicate window lines reported with
 * FILE:LINE and nothing published, and a run without windows files removes an earlier windows dataset.
 */
class Pass1p5WindowsTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String WINDOWS_FILE = "ws_df_windows.json";
  @TempDir static Path temp;
  static Path root;
  static List<JsonNode> windowRows;

  @BeforeAll
  static void windowedPass1() throws IOException {
    Path testdata = Pass1p5OnBothRunnersTest.repoFile("testdata");
    root = temp.resolve("root");
    windowRows = new ArrayList<>();
    for (String group : new String[] {"30", "31"}) {
      Pass1Options options = Pass1Pipeline.options(testdata.resolve(group), root.resolve(group), null,
          RunnerKind.DIRECT, 2);
      options.as(WindowOptions.class).setWindow("5m");
      options.as(WindowOptions.class).setWindowAlign("clock");
      Pass1Pipeline.run(options);
      for (String line : Files.readAllLines(root.resolve(group).resolve(WINDOWS_FILE))) {
        windowRows.add(JSON.readTree(line));
      }
    }
    assertTrue(windowRows.size() > 100, "windowed pass 1 wrote " + windowRows.size() + " rows");
  }

  static Path copy(String name) throws IOException {
    Path to = temp.resolve(name);
    for (String group : new String[] {"30", "31"}) {
      Files.createDirectories(to.resolve(group));
      for (String file : new String[] {"ws_df_group.json", WINDOWS_FILE}) {
        Files.copy(root.resolve(group).resolve(file), to.resolve(group).resolve(file));
      }
    }
    return to;
  }

  @ParameterizedTest
  @EnumSource(RunnerKind.class)
  void windowsDatasetHoldsEveryWindowRowTypedAndPartitionedByGroup(RunnerKind runner) throws IOException {
    Path out = temp.resolve("out-" + runner);
    Pass1p5Result result = Pass1p5Pipeline.run(Pass1p5Pipeline.options(root.toString(), out.toString(), runner, 2));
    Path dataset = out.resolve(Pass1p5Pipeline.WINDOWS_DATASET);
    assertEquals(List.of(dataset.resolve("group=30").resolve("part-00000.parquet"),
        dataset.resolve("group=31").resolve("part-00001.parquet")), Pass1p5PipelineTest.parts(dataset));
    long footerRows = 0;
    for (Path part : Pass1p5PipelineTest.parts(dataset)) {
      ParquetMetadata footer = Pass1p5PipelineTest.footer(part);
      Pass1p5PipelineTest.assertSnappyEverywhere(footer);
      footerRows += footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      MessageType schema = footer.getFileMetaData().getSchema();
      assertFalse(schema.containsField("group"), "the group is in the folder name");
      // every JSON field but group, plus the four normalisation columns
      assertEquals(windowRows.get(0).size() - 1 + 4, schema.getFieldCount());
      Pass1p5PipelineTest.assertColumn(schema, "window_index", PrimitiveType.PrimitiveTypeName.INT64, false, false);
      Pass1p5PipelineTest.assertColumn(schema, "window_offset_s", PrimitiveType.PrimitiveTypeName.DOUBLE, false,
          false);
      Pass1p5PipelineTest.assertColumn(schema, "window_start", PrimitiveType.PrimitiveTypeName.BINARY, true, true);
      Pass1p5PipelineTest.assertColumn(schema, "mean", PrimitiveType.PrimitiveTypeName.DOUBLE, true, false);
      Pass1p5PipelineTest.assertColumn(schema, "signal_normalized", PrimitiveType.PrimitiveTypeName.BINARY, false,
          true);
      assertEquals(LogicalTypeAnnotation.listType(), schema.getType("segments").getLogicalTypeAnnotation());
    }
    assertEquals(windowRows.size(), footerRows);
    assertEquals(windowRows.size(), result.windowRows());
    assertEquals(Pass1p5Pipeline.WINDOWS_DATASET, result.windowsDataset());
    assertEquals(2, result.windowGroupFiles());
    assertEquals(2, result.windowGroups());
    assertEquals(2, result.windowParts());
    // the summary table is unchanged by the windows next to it
    assertEquals(Pass1p5OnBothRunnersTest.jsonRows(root).size(), result.rows());

    Map<String, JsonNode> byKey = new HashMap<>();
    for (JsonNode j : windowRows) {
      assertNull(byKey.put(key(j.get("group").asText(), j.get("record").asText(), j.get("signal_index").asLong(),
          j.get("window_index").asLong()), j));
    }
    SignalAliases aliases = SignalAliases.builtIn();
    for (Path part : Pass1p5PipelineTest.parts(dataset)) {
      String group = part.getParent().getFileName().toString().substring("group=".length());
      for (GenericRecord r : Pass1p5PipelineTest.readAll(part)) {
        JsonNode j = byKey.remove(key(group, r.get("record"), r.get("signal_index"), r.get("window_index")));
        Pass1p5PipelineTest.assertSameRow(j, r);
        SignalAliases.Normalized name = aliases.normalize(j.get("signal").asText());
        assertEquals(name.name(), r.get("signal_normalized").toString());
        assertEquals(name.known(), r.get("signal_known"));
        assertEquals(false, r.get("signal_duplicate"));
      }
    }
    assertTrue(byKey.isEmpty(), "JSON rows missing from the Parquet: " + byKey.keySet());

    JsonNode manifest = JSON.readTree(out.resolve(Pass1p5Pipeline.MANIFEST_FILE).toFile());
    assertEquals(windowRows.size(), manifest.get("window_rows").asLong());
    assertEquals(Pass1p5Pipeline.WINDOWS_DATASET, manifest.get("windows_dataset").asText());
  }

  static String key(Object group, Object record, Object signalIndex, Object windowIndex) {
    return group + "/" + record + "/" + signalIndex + "/" + windowIndex;
  }

  @Test
  void badWindowLineIsReportedWithFileAndLineAndNothingIsWritten() throws IOException {
    Path input = copy("bad");
    Path file = input.resolve("31").resolve(WINDOWS_FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(4, lines.get(4).replaceFirst("\"segments\":\\[[^\\]]*\\]", "\"segments\":[1]"));
    lines.set(6, lines.get(6).replaceFirst(",\"window_start\":(null|\"[^\"]*\")", ""));
    lines.add(lines.get(2)); // a duplicate of line 3
    Files.write(file, lines);
    Path out = temp.resolve("out-bad");
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(
        Pass1p5Pipeline.options(input.toString(), out.toString(), RunnerKind.DIRECT, 2)));
    JsonNode dup = JSON.readTree(lines.get(2));
    String f = file + ":";
    assertEquals("3 bad input lines (1 duplicate row); nothing was written:"
        + "\n  " + f + "5: field 'segments' must be an array of strings, not hold a whole number"
        + "\n  " + f + "7: missing field 'window_start'"
        + "\n  " + f + lines.size() + ": duplicate row: group '31', record '" + dup.get("record").asText()
        + "', signal_index " + dup.get("signal_index").asInt() + ", window_index "
        + dup.get("window_index").asLong() + " is also on line 3", e.getMessage());
    assertEquals(file.toString(), e.file());
    assertEquals(5, e.line());
    Pass1p5BadInputTest.assertNothingWritten(out);
  }

  @Test
  void windowRowsOfARecordOutOfSignalOrderAreReported() throws IOException {
    Path input = copy("unsorted");
    Path file = input.resolve("30").resolve(WINDOWS_FILE);
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    // the first row of the second signal of the first record moves before the first signal's rows
    JsonNode first = JSON.readTree(lines.get(0));
    int second = 0;
    while (JSON.readTree(lines.get(second)).get("signal_index").asInt() == first.get("signal_index").asInt()) {
      second++;
    }
    JsonNode moved = JSON.readTree(lines.get(second));
    assertEquals(first.get("record").asText(), moved.get("record").asText(), "the fixture's first record has two signals");
    lines.add(0, lines.remove(second));
    Files.write(file, lines);
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(
        Pass1p5Pipeline.options(input.toString(), temp.resolve("out-unsorted").toString(), RunnerKind.DIRECT, 1)));
    assertEquals("1 bad input line; nothing was written:\n  " + file + ":2: rows of record '"
        + first.get("record").asText() + "' are not sorted by signal_index (" + first.get("signal_index").asInt()
        + " after " + moved.get("signal_index").asInt() + "), as pass 1 writes them", e.getMessage());
  }

  @Test
  void withoutWindowsFilesNoWindowsDatasetAndAnEarlierOneIsRemoved() throws IOException {
    Path input = copy("plain");
    Path out = temp.resolve("out-plain");
    Pass1p5Pipeline.run(Pass1p5Pipeline.options(input.toString(), out.toString(), RunnerKind.DIRECT, 1));
    assertTrue(Files.isDirectory(out.resolve(Pass1p5Pipeline.WINDOWS_DATASET)));
    try (Stream<Path> files = Stream.of(input.resolve("30"), input.resolve("31"))) {
      for (Path dir : (Iterable<Path>) files::iterator) {
        Files.delete(dir.resolve(WINDOWS_FILE));
      }
    }
    Pass1p5Result result = Pass1p5Pipeline.run(Pass1p5Pipeline.options(input.toString(), out.toString(),
        RunnerKind.DIRECT, 1));
    assertNull(result.windowsDataset());
    assertEquals(0, result.windowRows());
    assertFalse(Files.exists(out.resolve(Pass1p5Pipeline.WINDOWS_DATASET)), "a stale windows dataset was left");
    JsonNode manifest = JSON.readTree(out.resolve(Pass1p5Pipeline.MANIFEST_FILE).toFile());
    assertTrue(manifest.get("windows_dataset").isNull(), manifest.toString());
    assertEquals(0, manifest.get("window_rows").asLong());
  }
}
