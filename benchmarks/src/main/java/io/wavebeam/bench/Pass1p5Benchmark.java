package io.wavebeam.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.combiner.GeneratedGroupFiles;
import io.wavebeam.combiner.Pass1p5Options;
import io.wavebeam.combiner.Pass1p5Pipeline;
import io.wavebeam.combiner.Pass1p5Result;
import io.wavebeam.common.RunnerKind;
import io.wavebeam.pipeline.Pass1Pipeline;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * {@code RESULT}; time whole processes and their peak RSS with {@code benchmarks/paired_time.py} (docs/benchmarks.md).
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
        GeneratedGroupFiles.write(templates, root, rows, groups, 1);
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
