package io.wavebeam.combiner;

import java.io.Serializable;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * One line of {@code signal_stats.csv}: what the whole run holds of one normalised signal. Every column is
 * defined in docs/features.md ("signal_stats.csv").
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

  /** The running totals of one signal; sets make groups, records and segments count once. */
  static final class Accumulator implements Serializable {
    final Set<String> groups = new HashSet<>();
    final Set<String> records = new HashSet<>();
    final Set<String> segments = new HashSet<>();
    final Set<String> units = new TreeSet<>();
    String name;
    boolean known;
    boolean junk;
    long rows;
    long duplicateRows;
    double seconds;
    long values;
    long invalid;
    double weightedMeanSum;
    long weight;
    double minMean = Double.POSITIVE_INFINITY;
    double maxMean = Double.NEGATIVE_INFINITY;

    void add(GenericRecord row) {
      String group = row.get(WaveformSummarySchema.GROUP).toString();
      String record = group + '/' + row.get("record");
      name = row.get(WaveformSummarySchema.SIGNAL_NORMALIZED).toString();
      known = (Boolean) row.get(WaveformSummarySchema.SIGNAL_KNOWN);
      junk = (Boolean) row.get(WaveformSummarySchema.SIGNAL_JUNK);
      groups.add(group);
      records.add(record);
      segments.add(record + '/' + row.get("segment"));
      units.add(row.get("units").toString());
      rows++;
      if ((Boolean) row.get(WaveformSummarySchema.SIGNAL_DUPLICATE)) {
        duplicateRows++;
      }
      Object duration = row.get("duration_s");
      if (duration != null) {
        seconds += (Double) duration;
      }
      values += (Long) row.get("n_values");
      invalid += (Long) row.get("n_invalid");
      Object mean = row.get("mean");
      long count = (Long) row.get("count");
      if (mean != null) {
        double m = (Double) mean;
        weightedMeanSum += m * count;
        weight += count;
        minMean = Math.min(minMean, m);
        maxMean = Math.max(maxMean, m);
      }
    }

    void merge(Accumulator o) {
      groups.addAll(o.groups);
      records.addAll(o.records);
      segments.addAll(o.segments);
      units.addAll(o.units);
      if (o.name != null) {
        name = o.name;
        known = o.known;
        junk = o.junk;
      }
      rows += o.rows;
      duplicateRows += o.duplicateRows;
      seconds += o.seconds;
      values += o.values;
      invalid += o.invalid;
      weightedMeanSum += o.weightedMeanSum;
      weight += o.weight;
      minMean = Math.min(minMean, o.minMean);
      maxMean = Math.max(maxMean, o.maxMean);
    }

    SignalStats result() {
      boolean anyMean = weight > 0 || minMean <= maxMean;
      return new SignalStats(name, known, junk, String.join("|", units), groups.size(), records.size(),
          segments.size(), rows, duplicateRows, seconds / 3600.0,
          values > 0 ? (double) invalid / values : null,
          weight > 0 ? weightedMeanSum / weight : null,
          anyMean ? minMean : null, anyMean ? maxMean : null);
    }
  }

  /** Combines the summary rows of one normalised signal. */
  public static final class CombineRows extends Combine.CombineFn<GenericRecord, Accumulator, SignalStats> {
    @Override
    public Accumulator createAccumulator() {
      return new Accumulator();
    }

    @Override
    public Accumulator addInput(Accumulator acc, GenericRecord row) {
      acc.add(row);
      return acc;
    }

    @Override
    public Accumulator mergeAccumulators(Iterable<Accumulator> accumulators) {
      Accumulator merged = new Accumulator();
      for (Accumulator a : accumulators) {
        merged.merge(a);
      }
      return merged;
    }

    @Override
    public SignalStats extractOutput(Accumulator acc) {
      return acc.result();
    }

    @Override
    public Coder<Accumulator> getAccumulatorCoder(CoderRegistry registry, Coder<GenericRecord> inputCoder) {
      return SerializableCoder.of(Accumulator.class);
    }
  }
}
