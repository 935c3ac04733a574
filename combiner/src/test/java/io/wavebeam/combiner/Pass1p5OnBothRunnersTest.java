package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.pipeline.Pass1Pipeline;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pass 1.5 on the bundled testdata (pass 1 run on testdata/30 and 31 first) and on 100,000 generated rows, with
 * the DirectRunner and with Spark {@code local[2]}: the Parquet parts read back with parquet-avro's own reader
 * equal the JSON, and {@code signal_stats.csv} equals a reference computed here from the JSON independently
 * (sets for the distinct counts, BigDecimal for the sums), byte for byte.
 */
class Pass1p5OnBothRunnersTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path temp;
  static Path bundledRoot;
  static Path generatedRoot;

  @BeforeAll
  static void inputs() throws IOException {
    Path testdata = repoFile("testdata");
    bundledRoot = temp.resolve("bundled");
    for (String group : new String[] {"30", "31"}) {
      Pass1Pipeline.run(Pass1Pipeline.options(testdata.resolve(group), bundledRoot.resolve(group), null,
          RunnerKind.DIRECT, 2));
    }
    generatedRoot = GeneratedGroupFiles.write(jsonRows(bundledRoot), temp.resolve("generated"), 100_000, 10, 7);
  }

  static Path repoFile(String name) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(name).resolve("30"))) {
        return dir.resolve(name);
      }
    }
    throw new IllegalStateException("no " + name + "/30 above " + Path.of("").toAbsolutePath());
  }

  /** Every row of every {@code ROOT/<group>/ws_df_group.json}. */
  static List<JsonNode> jsonRows(Path root) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (GroupFile f : Pass1p5Pipeline.listGroupFiles(root.toString())) {
      for (String line : Files.readAllLines(Path.of(f.path()))) {
        if (!line.isBlank()) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    return rows;
  }

  @ParameterizedTest
  @EnumSource(RunnerKind.class)
  void bundledTestdata(RunnerKind runner) throws IOException {
    check(bundledRoot, runner, "bundled-" + runner, 2);
  }

  @ParameterizedTest
  @EnumSource(RunnerKind.class)
  void generatedHundredThousandRows(RunnerKind runner) throws IOException {
    check(generatedRoot, runner, "generated-" + runner, 10);
  }

  /** The JSON rows and reference CSV of each input root, computed once for both runners. */
  static final Map<Path, List<JsonNode>> JSON_ROWS = new HashMap<>();
  static final Map<Path, String> REFERENCE = new HashMap<>();

  static void check(Path root, RunnerKind runner, String name, int files) throws IOException {
    if (!JSON_ROWS.containsKey(root)) {
      JSON_ROWS.put(root, jsonRows(root));
      REFERENCE.put(root, referenceStatsCsv(JSON_ROWS.get(root), SignalAliases.builtIn()));
    }
    List<JsonNode> json = JSON_ROWS.get(root);
    Path out = temp.resolve("out-" + name);
    Pass1p5Result result = Pass1p5Pipeline.run(Pass1p5Pipeline.options(root.toString(), out.toString(), runner, 2));
    assertEquals(json.size(), result.rows());
    assertEquals(files, result.parts());
    Path dataset = out.resolve(Pass1p5Pipeline.DATASET);
    List<Path> parts = Pass1p5PipelineTest.parts(dataset);
    assertEquals(files, parts.size());
    MessageType first = null;
    long footerRows = 0;
    for (Path part : parts) {
      ParquetMetadata footer = Pass1p5PipelineTest.footer(part);
      Pass1p5PipelineTest.assertSnappyEverywhere(footer);
      footerRows += footer.getBlocks().stream().mapToLong(BlockMetaData::getRowCount).sum();
      MessageType schema = footer.getFileMetaData().getSchema();
      assertEquals(first == null ? schema : first, schema, part.toString());
      first = schema;
    }
    assertEquals(json.size(), footerRows);
    assertEquals(json.get(0).size() + 4, first.getFieldCount());
    assertRowsEqualJson(Pass1p5PipelineTest.readAll(dataset), json);
    String stats = Files.readString(out.resolve(Pass1p5Pipeline.STATS_FILE));
    assertEquals(REFERENCE.get(root), stats);
    // issue 12: the RESP waveform (NU) and the numerics RESP (bpm) are two quantities, not one row "NU|bpm"
    assertTrue(stats.contains("\nRESP,true,false,NU,") && stats.contains("\nRESP,true,false,bpm,"), stats);
    assertFalse(stats.contains("|"), stats);
  }

  /** Each Parquet row is a JSON row with the same value in every field (doubles bit for bit), and none is left. */
  static void assertRowsEqualJson(List<GenericRecord> rows, List<JsonNode> json) {
    assertEquals(json.size(), rows.size());
    Map<String, JsonNode> byKey = new HashMap<>();
    for (JsonNode j : json) {
      assertNull(byKey.put(Pass1p5PipelineTest.key(j.get("group").asText(), j.get("record").asText(),
          j.get("segment").asText(), j.get("signal_index").asLong()), j));
    }
    for (GenericRecord r : rows) {
      JsonNode j = byKey.remove(Pass1p5PipelineTest.key(r.get("group"), r.get("record"), r.get("segment"),
          r.get("signal_index")));
      Pass1p5PipelineTest.assertSameRow(j, r);
    }
    assertTrue(byKey.isEmpty(), "JSON rows missing from the Parquet: " + byKey.keySet());
  }

  /** One quantity of the reference: a normalised name in one unit. */
  record Quantity(String name, String units) {}

  /**
   * {@code signal_stats.csv} as docs/features.md defines it, computed from the JSON rows without the product's
   * accumulators: one line per (normalised name, units), sorted by name then units; distinct counts with sets;
   * sums exact (BigDecimal) and rounded once; duplicates found per (group, record, segment).
   */
  static String referenceStatsCsv(List<JsonNode> rows, SignalAliases aliases) {
    Map<String, List<JsonNode>> bySegment = new HashMap<>();
    for (JsonNode j : rows) {
      bySegment.computeIfAbsent(j.get("group").asText() + "/" + j.get("record").asText() + "/"
          + j.get("segment").asText(), k -> new ArrayList<>()).add(j);
    }
    Set<JsonNode> duplicates = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (List<JsonNode> segment : bySegment.values()) {
      segment.sort(Comparator.comparingInt(j -> j.get("signal_index").asInt()));
      Set<String> seen = new HashSet<>();
      for (JsonNode j : segment) {
        if (!seen.add(aliases.normalize(j.get("signal").asText()).name())) {
          duplicates.add(j);
        }
      }
    }
    Map<Quantity, List<JsonNode>> byQuantity = new TreeMap<>(Comparator.comparing(Quantity::name)
        .thenComparing(Quantity::units));
    for (JsonNode j : rows) {
      byQuantity.computeIfAbsent(new Quantity(aliases.normalize(j.get("signal").asText()).name(),
          j.get("units").asText()), k -> new ArrayList<>()).add(j);
    }
    StringBuilder csv = new StringBuilder(SignalStats.CSV_HEADER).append('\n');
    for (Map.Entry<Quantity, List<JsonNode>> e : byQuantity.entrySet()) {
      List<JsonNode> q = e.getValue();
      SignalAliases.Normalized name = aliases.normalize(q.get(0).get("signal").asText());
      Set<String> groups = new HashSet<>();
      Set<String> records = new HashSet<>();
      Set<String> segments = new HashSet<>();
      BigDecimal seconds = BigDecimal.ZERO;
      BigDecimal weighted = BigDecimal.ZERO;
      long values = 0;
      long invalid = 0;
      long weight = 0;
      long dups = 0;
      Double min = null;
      Double max = null;
      for (JsonNode j : q) {
        String record = j.get("group").asText() + "/" + j.get("record").asText();
        groups.add(j.get("group").asText());
        records.add(record);
        segments.add(record + "/" + j.get("segment").asText());
        dups += duplicates.contains(j) ? 1 : 0;
        if (!j.get("duration_s").isNull()) {
          seconds = seconds.add(new BigDecimal(j.get("duration_s").asDouble()));
        }
        values += j.get("n_values").asLong();
        invalid += j.get("n_invalid").asLong();
        if (!j.get("mean").isNull()) {
          double m = j.get("mean").asDouble();
          long count = j.get("count").asLong();
          weighted = weighted.add(new BigDecimal(m * count));
          weight += count;
          min = min == null ? m : Math.min(min, m);
          max = max == null ? m : Math.max(max, m);
        }
      }
      csv.append(String.join(",", quote(e.getKey().name()), Boolean.toString(name.known()),
          Boolean.toString(name.junk()), quote(e.getKey().units()), Long.toString(groups.size()),
          Long.toString(records.size()), Long.toString(segments.size()), Long.toString(q.size()),
          Long.toString(dups), num(seconds.doubleValue() / 3600.0), num(values > 0 ? (double) invalid / values : null),
          num(weight > 0 ? weighted.doubleValue() / weight : null), num(min), num(max))).append('\n');
    }
    return csv.toString();
  }

  static String quote(String s) {
    return s.matches("[^,\"\r\n]*") ? s : '"' + s.replace("\"", "\"\"") + '"';
  }

  static String num(Double v) {
    return v == null ? "" : Double.toString(v).replace('E', 'e').toLowerCase(Locale.ROOT);
  }
}
