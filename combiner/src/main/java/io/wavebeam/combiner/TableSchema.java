package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.wavebeam.pipeline.FeatureRow;
import io.wavebeam.pipeline.WriteGroupOutput;
import io.wavebeam.pipeline.windows.WindowRow;
import io.wavebeam.pipeline.windows.WriteWindowsOutput;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * The two tables pass 1.5 reads and writes, each described once: the pass-1 file it comes from, the dataset it
 * becomes, and its columns, derived from the pass-1 record ({@link FeatureRow}, {@link WindowRow}) so the reader,
 * the writer and pass 1 cannot drift apart. One parser ({@link RowParser}) and one writer ({@link PartWriter})
 * serve both. Typing rules: int and long become INT64 (an int must fit 32 bits in the JSON), double DOUBLE,
 * String UTF8, a list of strings a Parquet LIST of UTF8; boxed types (which pass 1 writes as null when undefined)
 * and the header's optional strings are nullable; a record component (written unwrapped: {@code FeatureValues}) gives
 * its own components in its place. After {@code signal} come the four normalisation columns. In a
 * dataset partitioned by group the files leave {@code group} out (it is in the {@code group=NAME/} path, as Hive
 * and Spark do).
 */
public enum TableSchema {
  /** {@code ws_df_group.json} → {@code waveform_summary.parquet}: one row per record segment and signal. */
  SUMMARY(FeatureRow.class, WriteGroupOutput.FEATURES_FILE, "waveform_summary.parquet", "WaveformSummary",
      "segment", null),
  /**
   * {@code ws_df_windows.json} → {@code waveform_windows.parquet} (always partitioned by group): one row per record,
   * signal and time window.
   */
  WINDOWS(WindowRow.class, WriteWindowsOutput.WINDOWS_FILE, "waveform_windows.parquet", "WaveformWindows", null,
      "window_index");

  public static final String SIGNAL_NORMALIZED = "signal_normalized";
  public static final String SIGNAL_KNOWN = "signal_known";
  public static final String SIGNAL_JUNK = "signal_junk";
  public static final String SIGNAL_DUPLICATE = "signal_duplicate";
  public static final String GROUP = "group";

  /** Constants the constructor needs (an enum's own statics are set after its constants). */
  private static final class Naming {
    /** String components pass 1 leaves null when it has no value. */
    static final Set<String> NULLABLE_STRINGS = Set.of("baseTime", "baseDate", "windowStart");
    static final PropertyNamingStrategies.NamingBase SNAKE =
        (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;
  }

  /** How a column's value is held: a whole number, a decimal, a string or a list of strings. */
  public enum Kind { LONG, DOUBLE, STRING, STRING_LIST }

  /**
   * One pass-1 field: its snake-case name, position, kind, whether null is allowed, and for Java {@code int}
   * components that the value must fit 32 bits.
   */
  public record Column(String name, int index, Kind kind, boolean nullable, boolean int32) {}

  private final String inputFile;
  private final String dataset;
  private final String messageName;
  private final List<Column> columns;
  final int group;
  final int record;
  /** The segment column (SUMMARY), or -1. */
  final int segment;
  final int signal;
  final int signalIndex;
  final int units;
  /** The window index column (WINDOWS), or -1. */
  final int window;

  TableSchema(Class<? extends Record> source, String inputFile, String dataset, String messageName,
      String segmentColumn, String windowColumn) {
    this.inputFile = inputFile;
    this.dataset = dataset;
    this.messageName = messageName;
    this.columns = columnsOf(source);
    this.group = slot(GROUP);
    this.record = slot("record");
    this.segment = segmentColumn == null ? -1 : slot(segmentColumn);
    this.signal = slot("signal");
    this.signalIndex = slot("signal_index");
    this.units = slot("units");
    this.window = windowColumn == null ? -1 : slot(windowColumn);
  }

  private static List<Column> columnsOf(Class<? extends Record> source) {
    List<Column> columns = new ArrayList<>();
    addColumns(source, columns);
    return List.copyOf(columns);
  }

  /**
   * Appends {@code source}'s components as columns. A record component adds its own components in its place: pass 1
   * writes a row's record components unwrapped, their fields inline in the row's JSON object ({@code FeatureValues}).
   */
  private static void addColumns(Class<?> source, List<Column> columns) {
    for (RecordComponent c : source.getRecordComponents()) {
      Class<?> t = c.getType();
      if (t.isRecord()) {
        addColumns(t, columns);
        continue;
      }
      Kind kind;
      if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
        kind = Kind.LONG;
      } else if (t == double.class || t == Double.class) {
        kind = Kind.DOUBLE;
      } else if (t == String.class) {
        kind = Kind.STRING;
      } else if (t == List.class && c.getGenericType() instanceof ParameterizedType p
          && p.getActualTypeArguments()[0] == String.class) {
        kind = Kind.STRING_LIST;
      } else {
        throw new IllegalStateException(source.getSimpleName() + " component of unsupported type "
            + c.getGenericType());
      }
      boolean nullable = !t.isPrimitive() && (t != String.class || Naming.NULLABLE_STRINGS.contains(c.getName()))
          && kind != Kind.STRING_LIST;
      columns.add(new Column(Naming.SNAKE.translate(c.getName()), columns.size(), kind, nullable,
          t == int.class || t == Integer.class));
    }
  }

  /** The position of column {@code name}. */
  int slot(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalStateException(this + " has no column " + name)).index();
  }

  /** Every pass-1 field, in pass 1's order. */
  public List<Column> columns() {
    return columns;
  }

  /** The pass-1 file of a group folder this table is read from. */
  public String inputFile() {
    return inputFile;
  }

  /** The dataset folder written into DEST. */
  public String dataset() {
    return dataset;
  }

  /** The Parquet schema of the dataset's files; {@code withGroup} false for a dataset partitioned by group. */
  public MessageType parquetSchema(boolean withGroup) {
    Types.MessageTypeBuilder m = Types.buildMessage();
    for (Column c : columns) {
      if (c.name().equals(GROUP) && !withGroup) {
        continue;
      }
      Type.Repetition repetition = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      switch (c.kind()) {
        case LONG -> m.primitive(PrimitiveTypeName.INT64, repetition).named(c.name());
        case DOUBLE -> m.primitive(PrimitiveTypeName.DOUBLE, repetition).named(c.name());
        case STRING -> m.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType())
            .named(c.name());
        // the standard three-level LIST (group (LIST) { repeated group list { element } }) every reader knows
        case STRING_LIST -> m.group(repetition).as(LogicalTypeAnnotation.listType())
            .repeatedGroup().required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
            .named("element").named("list").named(c.name());
      }
      if (c.index() == signal) {
        m.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SIGNAL_NORMALIZED);
        m.required(PrimitiveTypeName.BOOLEAN).named(SIGNAL_KNOWN);
        m.required(PrimitiveTypeName.BOOLEAN).named(SIGNAL_JUNK);
        m.required(PrimitiveTypeName.BOOLEAN).named(SIGNAL_DUPLICATE);
      }
    }
    return m.named(messageName);
  }
}
