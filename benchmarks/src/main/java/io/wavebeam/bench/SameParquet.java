package io.wavebeam.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Whether two pass-1.5 datasets hold the same rows, with DuckDB (bench profile only): rows of A not in B and of B
 * not in A as multisets ({@code EXCEPT ALL}), both schemas, and negative-zero means (which {@code EXCEPT} would not tell).
 * docs/benchmarks.md, "Pass 1.5 against DuckDB".
 *
 * <pre>java -cp CP io.wavebeam.bench.SameParquet A/waveform_summary.parquet B/waveform_summary.parquet</pre>
 */
public final class SameParquet {
  private SameParquet() {}

  public static void main(String[] args) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
      String a = "read_parquet('" + args[0] + "/*.parquet')";
      String b = "read_parquet('" + args[1] + "/*.parquet')";
      for (String q : new String[] {
          "SELECT count(*) FROM " + a, "SELECT count(*) FROM " + b,
          "SELECT count(*) FROM (SELECT * FROM " + a + " EXCEPT ALL SELECT * FROM " + b + ")",
          "SELECT count(*) FROM (SELECT * FROM " + b + " EXCEPT ALL SELECT * FROM " + a + ")",
          "SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE SELECT * FROM " + a + ")",
          "SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE SELECT * FROM " + b + ")",
          "SELECT sum(CASE WHEN signbit(mean) AND mean = 0 THEN 1 ELSE 0 END) FROM " + a,
          "SELECT sum(CASE WHEN signbit(mean) AND mean = 0 THEN 1 ELSE 0 END) FROM " + b}) {
        try (ResultSet r = s.executeQuery(q)) {
          r.next();
          System.out.println(r.getString(1) + "    <- " + (q.length() > 90 ? q.substring(0, 90) + "..." : q));
        }
      }
    }
  }
}
