package io.wavebeam.combiner;

import io.wavebeam.common.RunnerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pass 1 on generated records, then pass 1.5 (DirectRunner) into local folders; the Parquet is read back with
 * parquet-avro's own reader and footer, independently of the writer's code.
 */
class Pass1p5PipelineTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path temp;
  static Path root;
  static List<JsonNode> jsonRows;
  static Path singleOut;
  static Pass1p5Result single;

  @BeforeAll
  static void pass1ThenPass1p5() throws IOException {
    root = Pass1Fixture.pass1Output(temp.resolve("records"), temp.resolve("root"));
    jsonRows = new ArrayList<>();
    for (String g : new String[] {"30", "31"}) {
      for (String line : Files.readAllLines(root.resolve(g).resolve("ws_df_group.json"))) {
        jsonRows.add(JSON.readTree(line));
      }
    }
    singleOut = temp.resolve("out-single");
    single = Pass1p5Pipeline.run(Pass1p5Pipeline.options(root.toString(), singleOut.toString(),
        RunnerKind.DIRECT, 2));
  }

  static String key(Object group, Object record, Object segment, Object index) {
    return group + "/" + record + "/" + segment + "/" + index;
  }

  /** Every row of a Parquet file, or of every part file under a dataset folder. */
  static List<GenericRecord> readAll(Path fileOrFolder) throws IOException {
    List<GenericRecord> rows = new ArrayList<>();
    for (Path file : parts(fileOrFolder)) {
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
          .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          rows.add(r);
        }
      }
    }
    return rows;
  }

  /** The Parquet files of a dataset folder (sorted), or the file itself. */
  static List<Path> parts(Path fileOrFolder) throws IOException {
    if (!Files.isDirectory(fileOrFolder)) {
      return List.of(fileOrFolder);
    }
    try (Stream<Path> walk = Files.walk(fileOrFolder)) {
      return walk.filter(p -> p.toString().endsWith(".parquet") && Files.isRegularFile(p)).sorted().toList();
    }
  }

  static ParquetMetadata footer(Path file) throws IOException {
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file))) {
      return reader.getFooter();
    }
  }

  static void assertSnappyEverywhere(ParquetMetadata footer) {
    assertFalse(footer.getBlocks().isEmpty());
    for (BlockMetaData block : footer.getBlocks()) {
      for (ColumnChunkMetaData column : block.getColumns()) {
        assertEquals(CompressionCodecName.SNAPPY, column.getCodec(), column.getPath().toDotString());
      }
    }
  }

  @Test
  void datasetFolderHasEveryRowWithTypedSnappyColumns() throws IOException {
    Path dataset = singleOut.resolve("waveform_summary.parquet");
    assertTrue(Files.isDirectory(dataset));
    // one part per group file, named by the file's position in the sorted input list
    assertEquals(List.of(dataset.resolve("part-00000.parquet"), dataset.resolve("part-00001.parquet")),
        parts(dataset));
    long footerRows = 0;
    for (Path part : parts(dataset)) {
      ParquetMetadata footer = footer(part);
      assertSnappyEverywhere(footer);
      footerRows += footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
    }
    assertEquals(jsonRows.size(), footerRows);
    assertEquals(jsonRows.size(), single.rows());
    assertEquals(2, single.groups());
    assertEquals(2, single.parts());

    MessageType schema = footer(dataset.resolve("part-00000.parquet")).getFileMetaData().getSchema();
    assertColumn(schema, "group", PrimitiveType.PrimitiveTypeName.BINARY, false, true);
    assertColumn(schema, "signal", PrimitiveType.PrimitiveTypeName.BINARY, false, true);
    assertColumn(schema, "signal_normalized", PrimitiveType.PrimitiveTypeName.BINARY, false, true);
    assertColumn(schema, "signal_known", PrimitiveType.PrimitiveTypeName.BOOLEAN, false, false);
    assertColumn(schema, "signal_index", PrimitiveType.PrimitiveTypeName.INT64, false, false);
    assertColumn(schema, "fmt", PrimitiveType.PrimitiveTypeName.INT64, true, false);
    assertColumn(schema, "n_values", PrimitiveType.PrimitiveTypeName.INT64, false, false);
    assertColumn(schema, "fs", PrimitiveType.PrimitiveTypeName.DOUBLE, false, false);
    assertColumn(schema, "mean", PrimitiveType.PrimitiveTypeName.DOUBLE, true, false);
    assertColumn(schema, "base_time", PrimitiveType.PrimitiveTypeName.BINARY, true, true);
    // every pass-1 field plus the four normalisation columns
    assertEquals(jsonRows.get(0).size() + 4, schema.getFieldCount());

    Map<String, JsonNode> byKey = new HashMap<>();
    for (JsonNode j : jsonRows) {
      byKey.put(key(j.get("group").asText(), j.get("record").asText(), j.get("segment").asText(),
          j.get("signal_index").asLong()), j);
    }
    List<GenericRecord> rows = readAll(dataset);
    assertEquals(jsonRows.size(), rows.size());
    for (GenericRecord r : rows) {
      JsonNode j = byKey.remove(key(r.get("group"), r.get("record"), r.get("segment"), r.get("signal_index")));
      assertSameRow(j, r);
    }
    assertTrue(byKey.isEmpty(), "JSON rows missing from the Parquet: " + byKey.keySet());
  }

  /**
   * Every field of the JSON row {@code j} in the Parquet row {@code r}: null, text, whole number, same double or
   * list of strings; {@code group} only where the file has the column (a dataset partitioned by group has it in
   * the folder name).
   */
  static void assertSameRow(JsonNode j, GenericRecord r) {
    assertNotNull(j, "row not in the JSON: " + r);
    for (Iterator<Map.Entry<String, JsonNode>> it = j.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (f.getKey().equals("group") && r.getSchema().getField("group") == null) {
        continue;
      }
      Object v = r.get(f.getKey());
      JsonNode expected = f.getValue();
      if (expected.isArray()) {
        List<String> want = new ArrayList<>();
        expected.forEach(e -> want.add(e.asText()));
        List<String> got = new ArrayList<>();
        for (Object e : (List<?>) v) {
          got.add((e instanceof GenericRecord g ? g.get("element") : e).toString());
        }
        assertEquals(want, got, f.getKey());
      } else if (expected.isNull()) {
        assertNull(v, f.getKey());
      } else if (expected.isTextual()) {
        assertEquals(expected.asText(), v.toString(), f.getKey());
      } else if (expected.isIntegralNumber()) {
        assertEquals(expected.asLong(), (Long) v, f.getKey());
      } else {
        assertEquals(Double.doubleToLongBits(expected.asDouble()), Double.doubleToLongBits((Double) v), f.getKey());
      }
    }
  }

  static void assertColumn(MessageType schema, String name, PrimitiveType.PrimitiveTypeName type, boolean optional,
      boolean string) {
    Type t = schema.getType(name);
    assertEquals(type, t.asPrimitiveType().getPrimitiveTypeName(), name);
    assertEquals(optional ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED, t.getRepetition(), name);
    if (string) {
      assertEquals(LogicalTypeAnnotation.stringType(), t.getLogicalTypeAnnotation(), name);
    }
  }

  @Test
  void signalNamesAreNormalisedAndFlagged() throws IOException {
    Map<String, GenericRecord> bySignal = new HashMap<>();
    List<GenericRecord> rows = readAll(singleOut.resolve("waveform_summary.parquet"));
    for (GenericRecord r : rows) {
      bySignal.putIfAbsent(r.get("group") + ":" + r.get("signal"), r);
    }
    assertName(bySignal.get("30:ABP"), "ABP", true, false);
    assertName(bySignal.get("31:ART"), "ABP", true, false);
    assertName(bySignal.get("30:PLETH R"), "PLETH", true, false);
    assertName(bySignal.get("30:%SpO2"), "SpO2", true, false);
    assertName(bySignal.get("31:SpO2"), "SpO2", true, false);
    assertName(bySignal.get("30:dSpO2"), "dSpO2", true, false);
    assertName(bySignal.get("30:HR"), "HR", true, false);
    assertName(bySignal.get("30:PULSE"), "PULSE", true, false);
    assertName(bySignal.get("30:NBP Sys"), "NBP Sys", true, false);
    assertName(bySignal.get("31:NBPSys"), "NBP Sys", true, false);
    assertName(bySignal.get("31:Resp"), "RESP", true, false);
    assertName(bySignal.get("31:CustomThing"), "CUSTOMTHING", false, false);
    assertName(bySignal.get("30:???"), "???", false, true);
    assertName(bySignal.get("31:[0]"), "[0]", false, true);
    // duplicates within one header: the second II of 3000001, and NBP SYS after NBPSys in 3100002n
    List<String> duplicates = rows.stream().filter(r -> (Boolean) r.get("signal_duplicate"))
        .map(r -> r.get("segment") + "/" + r.get("signal_index")).sorted().toList();
    assertEquals(List.of("3000001/4", "3100002n/2"), duplicates);
    assertEquals(2, single.duplicateRows());
    assertEquals(2, single.junkNameRows());
    assertEquals(3, single.unknownNameRows());
  }

  static void assertName(GenericRecord r, String normalized, boolean known, boolean junk) {
    assertNotNull(r);
    assertEquals(normalized, r.get("signal_normalized").toString(), r.get("signal").toString());
    assertEquals(known, r.get("signal_known"));
    assertEquals(junk, r.get("signal_junk"));
  }

  @Test
  void signalStatsHasOneRowPerNormalisedSignal() throws IOException {
    List<String> lines = Files.readAllLines(singleOut.resolve("signal_stats.csv"));
    assertEquals(SignalStats.CSV_HEADER, lines.get(0));
    Map<String, String[]> bySignal = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      assertEquals(14, f.length, line);
      assertNull(bySignal.put(f[0], f), "two rows for " + f[0]);
    }
    assertEquals(single.signals(), bySignal.size());
    // ABP: group 30 (ABP) and 31 (ART in two segments of one record)
    String[] abp = bySignal.get("ABP");
    assertEquals("2", abp[4]);
    assertEquals("2", abp[5]);
    assertEquals("3", abp[6]);
    assertEquals("3", abp[7]);
    List<JsonNode> abpRows = jsonRows.stream().filter(j -> j.get("signal").asText().matches("ABP|ART")).toList();
    double seconds = abpRows.stream().mapToDouble(j -> j.get("duration_s").asDouble()).sum();
    assertEquals(seconds / 3600, Double.parseDouble(abp[9]), 1e-12);
    double invalid = abpRows.stream().mapToDouble(j -> j.get("n_invalid").asDouble()).sum()
        / abpRows.stream().mapToDouble(j -> j.get("n_values").asDouble()).sum();
    assertEquals(invalid, Double.parseDouble(abp[10]), 1e-12);
    double weighted = abpRows.stream().mapToDouble(j -> j.get("mean").asDouble() * j.get("count").asDouble()).sum()
        / abpRows.stream().mapToDouble(j -> j.get("count").asDouble()).sum();
    assertEquals(weighted, Double.parseDouble(abp[11]), 1e-9);
    assertEquals(abpRows.stream().mapToDouble(j -> j.get("mean").asDouble()).min().orElseThrow(),
        Double.parseDouble(abp[12]), 0.0);
    assertEquals(abpRows.stream().mapToDouble(j -> j.get("mean").asDouble()).max().orElseThrow(),
        Double.parseDouble(abp[13]), 0.0);
    // II: twice in one header of 30 (one duplicate) and once in 31
    String[] ii = bySignal.get("II");
    assertEquals("3", ii[7]);
    assertEquals("1", ii[8]);
    assertEquals("2", ii[6]);
    assertEquals("true", bySignal.get("???")[2]);
    assertEquals("2", bySignal.get("NBP Sys")[4]);
  }

  @Test
  void partitionByGroupWritesHiveFolders() throws IOException {
    Path out = temp.resolve("out-partitioned");
    Pass1p5Options options = Pass1p5Pipeline.options(root.toString(), out.toString(),
        RunnerKind.DIRECT, 2);
    options.setPartitionBy("group");
    Pass1p5Pipeline.run(options);
    long total = 0;
    for (String g : new String[] {"30", "31"}) {
      Path dir = out.resolve("waveform_summary.parquet").resolve("group=" + g);
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.toList();
      }
      assertEquals(List.of(dir.resolve(g.equals("30") ? "part-00000.parquet" : "part-00001.parquet")), files);
      ParquetMetadata footer = footer(files.get(0));
      assertSnappyEverywhere(footer);
      assertFalse(footer.getFileMetaData().getSchema().containsField("group"));
      long n = footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      assertEquals(jsonRows.stream().filter(j -> j.get("group").asText().equals(g)).count(), n);
      total += n;
    }
    assertEquals(jsonRows.size(), total);
    assertTrue(Files.exists(out.resolve("signal_stats.csv")));
    assertTrue(Files.exists(out.resolve(Pass1p5Pipeline.MANIFEST_FILE)));
  }

  @Test
  void malformedLineFailsWithFileAndLineAndWritesNothing() throws IOException {
    Path bad = Pass1Fixture.copy(root, temp.resolve("root-bad"));
    Path file = bad.resolve("31").resolve("ws_df_group.json");
    long good = Files.readAllLines(file).size();
    Files.writeString(file, "{\"group\": \"31\", \"record\": oops\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    Path out = temp.resolve("out-bad");
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(
        Pass1p5Pipeline.options(bad.toString(), out.toString(), RunnerKind.DIRECT, 2)));
    assertTrue(e.file().endsWith("31/ws_df_group.json"), e.file());
    assertEquals(good + 1, e.line());
    assertTrue(e.getMessage().contains("ws_df_group.json:" + (good + 1) + ": "), e.getMessage());
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void wrongTypeOrMissingFieldIsMalformed() throws IOException {
    Path bad = Pass1Fixture.copy(root, temp.resolve("root-typed"));
    Path file = bad.resolve("30").resolve("ws_df_group.json");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(1, lines.get(1).replaceFirst("\"n_values\":\\d+", "\"n_values\":\"many\""));
    lines.set(2, lines.get(2).replaceFirst(",\"units\":\"[^\"]*\"", ""));
    Files.write(file, lines);
    Path out = temp.resolve("out-typed");
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(
        Pass1p5Pipeline.options(bad.toString(), out.toString(), RunnerKind.DIRECT, 1)));
    assertTrue(e.getMessage().startsWith("2 bad input lines; nothing was written:"), e.getMessage());
    assertTrue(e.getMessage().contains("30/ws_df_group.json:2: "), e.getMessage());
    assertTrue(e.getMessage().contains("30/ws_df_group.json:3: "), e.getMessage());
    assertFalse(Files.exists(out.resolve("waveform_summary.parquet")));
  }

  @Test
  void progressCountsEveryLineAndByteOfTheInput() throws IOException {
    List<io.wavebeam.common.RunProgress> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    Pass1p5Result result = Pass1p5Pipeline.run(Pass1p5Pipeline.options(root.toString(),
        temp.resolve("out-progress").toString(), RunnerKind.DIRECT, 2), seen::add);
    io.wavebeam.common.RunProgress last = seen.get(seen.size() - 1);
    assertTrue(last.finished(), last.toString());
    long bytes = 0;
    for (String g : new String[] {"30", "31"}) {
      bytes += Files.size(root.resolve(g).resolve("ws_df_group.json"));
    }
    assertEquals(jsonRows.size(), last.done());
    assertEquals(result.rows(), last.done());
    assertEquals(bytes, last.bytesDone());
    assertEquals(bytes, last.bytesPlanned());
    assertEquals("lines", last.unit());
    assertEquals(0, last.failures());
  }

  @Test
  void emptyRootIsBadInput() throws IOException {
    Path empty = Files.createDirectories(temp.resolve("empty-root"));
    assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(Pass1p5Pipeline.options(
        empty.toString(), temp.resolve("out-empty").toString(), RunnerKind.DIRECT, 1)));
  }

  @Test
  void manifestCountsTheRun() throws IOException {
    JsonNode m = JSON.readTree(singleOut.resolve(Pass1p5Pipeline.MANIFEST_FILE).toFile());
    assertEquals(jsonRows.size(), m.get("rows").asLong());
    assertEquals(2, m.get("groups").asLong());
    assertEquals(2, m.get("duplicate_rows").asLong());
    try (Stream<Path> left = Files.list(singleOut)) {
      assertEquals(List.of("pass1p5_manifest.json", "signal_stats.csv", "waveform_summary.parquet"),
          left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }
}
