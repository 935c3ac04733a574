package io.wavebeam.combiner;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.CoderException;

/**
 * The coder of {@link RunSummary} between workers and into the staging area: its fields one after the other in a
 * fixed order (the maps are sorted, the tables in enum order), so equal summaries encode to equal bytes. Java
 * serialization of the same objects was several times larger and carried class descriptors.
 */
final class RunSummaryCoder extends AtomicCoder<RunSummary> {
  private static final RunSummaryCoder INSTANCE = new RunSummaryCoder();
  /** Changes when the layout does: a summary of another version is refused, not misread. */
  private static final int VERSION = 1;

  private RunSummaryCoder() {}

  static RunSummaryCoder of() {
    return INSTANCE;
  }

  @Override
  public void encode(RunSummary s, OutputStream outStream) throws IOException {
    DataOutputStream out = new DataOutputStream(outStream);
    out.writeInt(VERSION);
    out.writeLong(s.lines);
    out.writeLong(s.bytes);
    out.writeLong(s.problems);
    out.writeLong(s.duplicateRows);
    for (TableSchema t : TableSchema.values()) {
      RunSummary.Table table = s.table(t);
      out.writeLong(table.files);
      out.writeLong(table.rows);
      out.writeInt(table.parts.size());
      for (RunSummary.Part p : table.parts) {
        writeLongString(out, p.name());
        out.writeLong(p.rows());
      }
      writeStrings(out, table.emptyFiles);
      out.writeInt(table.groups.size());
      for (Map.Entry<String, RunSummary.GroupClaim> e : table.groups.entrySet()) {
        writeLongString(out, e.getKey());
        out.writeInt(e.getValue().fileIndex());
        writeLongString(out, e.getValue().file());
        out.writeLong(e.getValue().line());
      }
    }
    out.writeInt(s.reports.size());
    for (RunSummary.Report r : s.reports) {
      out.writeInt(r.fileIndex());
      out.writeLong(r.line());
      writeLongString(out, r.text());
    }
    out.writeInt(s.stats.size());
    for (Map.Entry<String, SignalStats.Accumulator> e : s.stats.entrySet()) {
      writeLongString(out, e.getKey());
      writeAccumulator(out, e.getValue());
    }
    out.flush();
  }

  @Override
  public RunSummary decode(InputStream inStream) throws IOException {
    DataInputStream in = new DataInputStream(inStream);
    int version = in.readInt();
    if (version != VERSION) {
      throw new CoderException("run summary of layout " + version + ", expected " + VERSION);
    }
    RunSummary s = new RunSummary();
    s.lines = in.readLong();
    s.bytes = in.readLong();
    s.problems = in.readLong();
    s.duplicateRows = in.readLong();
    for (TableSchema t : TableSchema.values()) {
      RunSummary.Table table = s.table(t);
      table.files = in.readLong();
      table.rows = in.readLong();
      for (int i = in.readInt(); i > 0; i--) {
        table.parts.add(new RunSummary.Part(readLongString(in), in.readLong()));
      }
      readStrings(in, table.emptyFiles);
      for (int i = in.readInt(); i > 0; i--) {
        table.groups.put(readLongString(in), new RunSummary.GroupClaim(in.readInt(), readLongString(in), in.readLong()));
      }
    }
    for (int i = in.readInt(); i > 0; i--) {
      s.reports.add(new RunSummary.Report(in.readInt(), in.readLong(), readLongString(in)));
    }
    for (int i = in.readInt(); i > 0; i--) {
      s.stats.put(readLongString(in), readAccumulator(in));
    }
    return s;
  }

  @Override
  public void verifyDeterministic() {
    // sorted maps and sets, enum-ordered tables, fixed field order: deterministic
  }

  private static void writeAccumulator(DataOutputStream out, SignalStats.Accumulator a) throws IOException {
    writeStrings(out, a.groups);
    writeLongString(out, a.name);
    writeLongString(out, a.units);
    out.writeBoolean(a.known);
    out.writeBoolean(a.junk);
    out.writeLong(a.records);
    out.writeLong(a.segments);
    out.writeLong(a.rows);
    out.writeLong(a.duplicateRows);
    writeSum(out, a.seconds);
    out.writeLong(a.values);
    out.writeLong(a.invalid);
    writeSum(out, a.weightedMeanSum);
    out.writeLong(a.weight);
    out.writeDouble(a.minMean);
    out.writeDouble(a.maxMean);
  }

  private static SignalStats.Accumulator readAccumulator(DataInputStream in) throws IOException {
    List<String> groups = new ArrayList<>();
    readStrings(in, groups);
    SignalStats.Accumulator a = new SignalStats.Accumulator(
        new SignalAliases.Normalized(readLongString(in), false, false), null);
    a.groups.addAll(groups);
    a.units = readLongString(in);
    a.known = in.readBoolean();
    a.junk = in.readBoolean();
    a.records = in.readLong();
    a.segments = in.readLong();
    a.rows = in.readLong();
    a.duplicateRows = in.readLong();
    a.seconds = readSum(in);
    a.values = in.readLong();
    a.invalid = in.readLong();
    a.weightedMeanSum = readSum(in);
    a.weight = in.readLong();
    a.minMean = in.readDouble();
    a.maxMean = in.readDouble();
    return a;
  }

  private static void writeSum(DataOutputStream out, ExactSum sum) throws IOException {
    double[] partials = sum.partials();
    out.writeInt(partials.length);
    for (double d : partials) {
      out.writeDouble(d);
    }
  }

  private static ExactSum readSum(DataInputStream in) throws IOException {
    double[] partials = new double[in.readInt()];
    for (int i = 0; i < partials.length; i++) {
      partials[i] = in.readDouble();
    }
    return ExactSum.ofPartials(partials);
  }

  private static void writeStrings(DataOutputStream out, Collection<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      writeLongString(out, s);
    }
  }

  private static void readStrings(DataInputStream in, Collection<String> into) throws IOException {
    for (int i = in.readInt(); i > 0; i--) {
      into.add(readLongString(in));
    }
  }

  /** A string of any length (writeUTF stops at 64 KB; a report quotes a line's problem, a path may be long). */
  private static void writeLongString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLongString(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }
}
