package io.wavebeam.combiner;

import java.io.Serializable;
import java.util.BitSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * One line of {@code signal_stats.csv}: what the whole run holds of one quantity, a normalised signal name in one
 * unit (RESP in {@code NU} and RESP in {@code bpm} are two lines). Every column is defined in docs/features.md
 * ("signal_stats.csv").
 */
public record SignalStats(
    String signalNormalized,
    boolean signalKnown,
    boolean signalJunk,
    String units,
    long groups,
    long records,
    long segments,
    long rows,
    long duplicateRows,
    double totalHours,
    Double invalidFraction,
    Double meanWeighted,
    Double meanMin,
    Double meanMax) implements Serializable {

  public static final String CSV_HEADER = "signal_normalized,signal_known,signal_junk,units,groups,records,segments,"
      + "rows,duplicate_rows,total_hours,invalid_fraction,mean_weighted,mean_min,mean_max";

  public String csvLine() {
    return String.join(",", csv(signalNormalized), Boolean.toString(signalKnown), Boolean.toString(signalJunk),
        csv(units), Long.toString(groups), Long.toString(records), Long.toString(segments), Long.toString(rows),
        Long.toString(duplicateRows), num(totalHours), num(invalidFraction), num(meanWeighted), num(meanMin),
        num(meanMax));
  }

  /** RFC 4180 quoting where needed (junk names may hold anything). */
  static String csv(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Shortest round-trip decimal; empty for undefined, which pandas reads as NaN. */
  static String num(Double v) {
    return v == null ? "" : Double.toString(v).replace("E", "e").toLowerCase(Locale.ROOT);
  }

  /** The key of a line: normalised name and units ({@code \0} cannot occur in either). */
  static String key(String normalized, String units) {
    return normalized + '\0' + units;
  }

  /**
   * The mergeable running totals of one quantity: a worker makes one per quantity and group file, the run merges
   * them. Distinct records and segments are counted per file and added: a group's rows are in one file (the
   * driver refuses two files claiming one group), so no record or segment is in two files.
   */
  static final class Accumulator implements Serializable {
    final Set<String> groups = new TreeSet<>();
    String name;
    String units;
    boolean known;
    boolean junk;
    long records;
    long segments;
    long rows;
    long duplicateRows;
    ExactSum seconds = new ExactSum();
    long values;
    long invalid;
    ExactSum weightedMeanSum = new ExactSum();
    long weight;
    double minMean = Double.POSITIVE_INFINITY;
    double maxMean = Double.NEGATIVE_INFINITY;
    /** Within one file: which record and segment ids (numbered by the reader) have this quantity. */
    transient BitSet recordIds = new BitSet();
    transient BitSet segmentIds = new BitSet();

    Accumulator(SignalAliases.Normalized normalized, String units) {
      this.name = normalized.name();
      this.known = normalized.known();
      this.junk = normalized.junk();
      this.units = units;
    }

    private static final int DURATION_S = TableSchema.SUMMARY.slot("duration_s");
    private static final int N_VALUES = TableSchema.SUMMARY.slot("n_values");
    private static final int N_INVALID = TableSchema.SUMMARY.slot("n_invalid");
    private static final int COUNT = TableSchema.SUMMARY.slot("count");
    private static final int MEAN = TableSchema.SUMMARY.slot("mean");

    /** Adds a row of {@link TableSchema#SUMMARY}. */
    void add(InputRow row, int recordId, int segmentId) {
      groups.add(row.group());
      recordIds.set(recordId);
      segmentIds.set(segmentId);
      rows++;
      if (row.duplicate) {
        duplicateRows++;
      }
      if (!row.isNull[DURATION_S]) {
        seconds.add(row.doubles[DURATION_S]);
      }
      values += row.longs[N_VALUES];
      invalid += row.longs[N_INVALID];
      if (!row.isNull[MEAN]) {
        double m = row.doubles[MEAN];
        long count = row.longs[COUNT];
        weightedMeanSum.add(m * count);
        weight += count;
        minMean = Math.min(minMean, m);
        maxMean = Math.max(maxMean, m);
      }
    }

    /** Ends the file: its distinct records and segments become counts. */
    Accumulator endFile() {
      records += recordIds.cardinality();
      segments += segmentIds.cardinality();
      recordIds = null;
      segmentIds = null;
      return this;
    }

    void merge(Accumulator o) {
      groups.addAll(o.groups);
      records += o.records;
      segments += o.segments;
      rows += o.rows;
      duplicateRows += o.duplicateRows;
      seconds.add(o.seconds);
      values += o.values;
      invalid += o.invalid;
      weightedMeanSum.add(o.weightedMeanSum);
      weight += o.weight;
      minMean = Math.min(minMean, o.minMean);
      maxMean = Math.max(maxMean, o.maxMean);
    }

    SignalStats result() {
      boolean anyMean = minMean <= maxMean;
      return new SignalStats(name, known, junk, units, groups.size(), records, segments, rows, duplicateRows,
          seconds.value() / 3600.0,
          values > 0 ? (double) invalid / values : null,
          weight > 0 ? weightedMeanSum.value() / weight : null,
          anyMean ? minMean : null, anyMean ? maxMean : null);
    }
  }
}
