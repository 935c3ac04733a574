package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.wavebeam.pipeline.FeatureRow;
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
 * The columns of pass 1.5's input rows and of {@code waveform_summary.parquet}, derived from {@link FeatureRow}'s
 * components so the reader, the writer and pass 1 cannot drift apart (one schema source): int and long become
 * INT64, double DOUBLE, String UTF8; boxed types (which pass 1 writes as null when undefined) and the header's
 * optional strings are nullable. After {@code signal} come the four normalisation columns. In a dataset
 * partitioned by group, the files leave {@code group} out (it is in the {@code group=NAME/} path, as Hive and
 * Spark do).
 */
public final class WaveformSummarySchema {
  public static final String SIGNAL_NORMALIZED = "signal_normalized";
  public static final String SIGNAL_KNOWN = "signal_known";
  public static final String SIGNAL_JUNK = "signal_junk";
  public static final String SIGNAL_DUPLICATE = "signal_duplicate";
  public static final String GROUP = "group";

  /** String components pass 1 leaves null when the header has no value. */
  private static final Set<String> NULLABLE_STRINGS = Set.of("baseTime", "baseDate");
  private static final PropertyNamingStrategies.NamingBase SNAKE =
      (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

  /** How a column's value is held: a whole number, a decimal or a string. */
  public enum Kind { LONG, DOUBLE, STRING }

  /**
   * One pass-1 field: its snake-case name, position, kind, whether null is allowed, and for Java {@code int}
   * components that the value must fit 32 bits.
   */
  public record Column(String name, int index, Kind kind, boolean nullable, boolean int32) {}

  private static final List<Column> COLUMNS = columnsOf();

  private WaveformSummarySchema() {}

  private static List<Column> columnsOf() {
    List<Column> columns = new ArrayList<>();
    for (RecordComponent c : FeatureRow.class.getRecordComponents()) {
      Class<?> t = c.getType();
      Kind kind;
      if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
        kind = Kind.LONG;
      } else if (t == double.class || t == Double.class) {
        kind = Kind.DOUBLE;
      } else if (t == String.class) {
        kind = Kind.STRING;
      } else {
        throw new IllegalStateException("FeatureRow component of unsupported type " + t);
      }
      boolean nullable = !t.isPrimitive() && (t != String.class || NULLABLE_STRINGS.contains(c.getName()));
      columns.add(new Column(SNAKE.translate(c.getName()), columns.size(), kind, nullable,
          t == int.class || t == Integer.class));
    }
    return List.copyOf(columns);
  }

  /** Every pass-1 field, in pass 1's order. */
  public static List<Column> featureColumns() {
    return COLUMNS;
  }

  /** The Parquet schema of the dataset's files; {@code withGroup} false for a dataset partitioned by group. */
  public static MessageType parquetSchema(boolean withGroup) {
    Types.MessageTypeBuilder m = Types.buildMessage();
    for (Column c : COLUMNS) {
      if (c.name().equals(GROUP) && !withGroup) {
        continue;
      }
      Type.Repetition repetition = c.nullable() ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
      switch (c.kind()) {
        case LONG -> m.primitive(PrimitiveTypeName.INT64, repetition).named(c.name());
        case DOUBLE -> m.primitive(PrimitiveTypeName.DOUBLE, repetition).named(c.name());
        case STRING -> m.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType())
            .named(c.name());
      }
      if (c.name().equals("signal")) {
        m.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(SIGNAL_NORMALIZED);
        m.required(PrimitiveTypeName.BOOLEAN).named(SIGNAL_KNOWN);
        m.required(PrimitiveTypeName.BOOLEAN).named(SIGNAL_JUNK);
        m.required(PrimitiveTypeName.BOOLEAN).named(SIGNAL_DUPLICATE);
      }
    }
    return m.named("WaveformSummary");
  }
}
