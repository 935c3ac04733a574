package io.wavebeam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wavebeam.combiner.Pass1p5Options;
import io.wavebeam.combiner.Pass1p5Pipeline;
import io.wavebeam.combiner.Pass1p5Result;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.pipeline.Pass1Pipeline;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Pass 1.5 against DuckDB on the same input: N rows in 10 group files made from real pass-1 rows.
 *
 * <pre>
 * generate WORK ROWS [GROUPS=10] [TESTDATA=testdata]  pass 1 on TESTDATA/30 and /31, then ROWS rows replicated
 *                                                      from them into WORK/root-ROWS/&lt;group&gt;/ws_df_group.json
 * duckdb   ROOT OUT                                    COPY (SELECT * FROM read_json_auto(ROOT/*&#47;ws_df_group.json))
 *                                                      TO OUT (FORMAT parquet, COMPRESSION snappy), in-process JDBC
 * pass1p5  ROOT OUT direct|spark [PARALLELISM=2]       Pass1p5Pipeline.run into OUT
 * single   DATASET FILE                                what one file costs: DuckDB COPY of the part files
 *                                                      (DATASET/*.parquet) into one snappy FILE
 * </pre>
 *
 * Each timed mode prints its own wall time (from just before the work to just after it) on a line starting with
 * {@code RESULT}; time whole processes and their peak RSS with {@code farm-bench} (docs/benchmarks.md).
 */
public final class Pass1p5Benchmark {
  private static final ObjectMapper JSON = WriteGroupOutput.mapper();

  private Pass1p5Benchmark() {}

  public static void main(String[] args) throws Exception {
    switch (args[0]) {
      case "generate" -> {
        Path work = Path.of(args[1]);
        long rows = Long.parseLong(args[2]);
        int groups = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        Path testdata = Path.of(args.length > 4 ? args[4] : "testdata");
        long t0 = System.nanoTime();
        List<JsonNode> templates = pass1Rows(testdata, work.resolve("pass1"));
        Path root = work.resolve("root-" + rows);
        generate(templates, root, rows, groups);
        System.out.printf(Locale.ROOT, "generated %d rows (from %d real pass-1 rows) in %d groups under %s in %.1f s"
            + " (%d MB of JSON)%n", rows, templates.size(), groups, root, (System.nanoTime() - t0) / 1e9,
            size(root) >> 20);
      }
      case "duckdb" -> duckdb(Path.of(args[1]), Path.of(args[2]));
      case "single" -> single(Path.of(args[1]), Path.of(args[2]));
      case "pass1p5" -> pass1p5(Path.of(args[1]), Path.of(args[2]), RunnerKind.parse(args[3]),
          args.length > 4 ? Integer.parseInt(args[4]) : 2);
      default -> throw new IllegalArgumentException("mode: generate, duckdb or pass1p5, not " + args[0]);
    }
  }

  /** Pass 1 on the bundled groups 30 and 31 (the DirectRunner), and every row it wrote. */
  static List<JsonNode> pass1Rows(Path testdata, Path out) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String group : new String[] {"30", "31"}) {
      Path file = out.resolve(group).resolve(WriteGroupOutput.FEATURES_FILE);
      if (!Files.exists(file)) {
        Pass1Pipeline.run(Pass1Pipeline.options(testdata.resolve(group), out.resolve(group), null,
            RunnerKind.DIRECT, 2));
      }
      for (String line : Files.readAllLines(file)) {
        if (!line.isBlank()) {
          rows.add(JSON.readTree(line));
        }
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException("pass 1 wrote no rows under " + out);
    }
    return rows;
  }

  /**
   * ROWS rows in GROUPS files: the real rows again and again, each copy under new record and segment names (so no
   * two rows share a key) and with its decimal features scaled by a random factor near 1 (so values vary as in
   * real data and the Parquet dictionary does not make it trivial).
   */
  static void generate(List<JsonNode> templates, Path root, long rows, int groups) throws IOException {
    Random r = new Random(1);
    long perGroup = (rows + groups - 1) / groups;
    long written = 0;
    for (int g = 0; g < groups && written < rows; g++) {
      String group = Integer.toString(30 + g);
      Path dir = Files.createDirectories(root.resolve(group));
      try (BufferedWriter w = new BufferedWriter(Files.newBufferedWriter(dir.resolve(WriteGroupOutput.FEATURES_FILE),
          StandardCharsets.UTF_8), 1 << 20)) {
        for (long i = 0; i < perGroup && written < rows; i++, written++) {
          JsonNode template = templates.get((int) (i % templates.size()));
          long copy = i / templates.size();
          ObjectNode row = template.deepCopy();
          String suffix = String.format("x%07d", copy);
          row.put("group", group);
          row.put("record", template.get("record").asText() + suffix);
          row.put("segment", template.get("segment").asText() + suffix);
          double factor = 1 + r.nextGaussian() * 0.05;
          for (Iterator<Map.Entry<String, JsonNode>> it = template.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getValue().isFloatingPointNumber() && !f.getKey().equals("fs") && !f.getKey().equals("adc_gain")
                && !f.getKey().equals("duration_s")) {
              row.put(f.getKey(), f.getValue().asDouble() * factor);
            }
          }
          w.write(JSON.writeValueAsString(row));
          w.write('\n');
        }
      }
    }
  }

  static void duckdb(Path root, Path out) throws SQLException, IOException {
    Files.createDirectories(out);
    Path parquet = out.resolve("duckdb.parquet");
    Files.deleteIfExists(parquet);
    long t0 = System.nanoTime();
    long rows;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_json_auto('" + root + "/*/ws_df_group.json')) TO '" + parquet
          + "' (FORMAT parquet, COMPRESSION snappy)");
      double seconds = (System.nanoTime() - t0) / 1e9;
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM read_parquet('" + parquet + "')")) {
        rs.next();
        rows = rs.getLong(1);
      }
      String version;
      try (ResultSet rs = s.executeQuery("SELECT version()")) {
        rs.next();
        version = rs.getString(1);
      }
      System.out.printf(Locale.ROOT, "RESULT duckdb %s: %d rows in %.2f s (%.0f rows/s); parquet %d MB%n", version,
          rows, seconds, rows / seconds, size(parquet) >> 20);
    }
  }

  static void single(Path dataset, Path file) throws SQLException, IOException {
    Files.deleteIfExists(file);
    long t0 = System.nanoTime();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      s.execute("COPY (SELECT * FROM read_parquet('" + dataset + "/*.parquet')) TO '" + file
          + "' (FORMAT parquet, COMPRESSION snappy)");
    }
    System.out.printf(Locale.ROOT, "RESULT single file from %s in %.2f s; %d MB%n", dataset,
        (System.nanoTime() - t0) / 1e9, size(file) >> 20);
  }

  static void pass1p5(Path root, Path out, RunnerKind runner, int parallelism) throws IOException {
    Pass1p5Options options = Pass1p5Pipeline.options(root.toString(), out.toString(), runner, parallelism);
    long t0 = System.nanoTime();
    Pass1p5Result result = Pass1p5Pipeline.run(options);
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(Locale.ROOT, "RESULT pass1p5 %s local[%d]: %d rows, %d signals, %d parts in %.2f s"
        + " (%.0f rows/s); parquet %d MB; heap max %d MB%n", result.runner(), parallelism, result.rows(),
        result.signals(), result.parts(), seconds, result.rows() / seconds,
        size(out.resolve(Pass1p5Pipeline.DATASET)) >> 20, Runtime.getRuntime().maxMemory() >> 20);
  }

  static long size(Path p) throws IOException {
    try (Stream<Path> walk = Files.walk(p)) {
      return walk.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    }
  }
}
