package io.wavebeam.combiner;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.wavebeam.pipeline.FeatureRow;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The Avro schema of {@code waveform_summary.parquet}, derived from {@link FeatureRow}'s components so the two
 * cannot drift apart: int and long become INT64, double DOUBLE, String UTF8; boxed types (which pass 1 writes
 * as null when undefined) and the header's optional strings are nullable. After {@code signal} come the
 * normalisation columns. In a dataset partitioned by group, the files leave {@code group} out (it is in the
 * {@code group=NAME/} path, as Hive and Spark do).
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

  private WaveformSummarySchema() {}

  /** One column copied from a FeatureRow component. */
  record Column(String name, Method accessor, Class<?> type) {}

  static List<Column> featureColumns() {
    List<Column> columns = new ArrayList<>();
    for (RecordComponent c : FeatureRow.class.getRecordComponents()) {
      columns.add(new Column(SNAKE.translate(c.getName()), c.getAccessor(), c.getType()));
    }
    return columns;
  }

  /** Is the pass-1 field {@code name} (snake case) allowed to be null? */
  static boolean nullable(Column c) {
    return !c.type().isPrimitive() && (c.type() != String.class
        || NULLABLE_STRINGS.stream().anyMatch(n -> SNAKE.translate(n).equals(c.name())));
  }

  public static Schema schema(boolean withGroup) {
    SchemaBuilder.FieldAssembler<Schema> f = SchemaBuilder.record("WaveformSummary").namespace("io.wavebeam")
        .doc("One row per pass-1 row (signal of a record segment); fields defined in docs/features.md").fields();
    for (Column c : featureColumns()) {
      if (c.name().equals(GROUP) && !withGroup) {
        continue;
      }
      f = field(f, c.name(), avroType(c.type()), nullable(c));
      if (c.name().equals("signal")) {
        f = f.name(SIGNAL_NORMALIZED).doc("signal name after the alias table").type().stringType().noDefault();
        f = f.name(SIGNAL_KNOWN).doc("the alias table knows the name").type().booleanType().noDefault();
        f = f.name(SIGNAL_JUNK).doc("the name has no letter (???, [0])").type().booleanType().noDefault();
        f = f.name(SIGNAL_DUPLICATE).doc("an earlier signal of the same segment has the same normalised name")
            .type().booleanType().noDefault();
      }
    }
    return f.endRecord();
  }

  private static Schema.Type avroType(Class<?> t) {
    if (t == int.class || t == long.class || t == Integer.class || t == Long.class) {
      return Schema.Type.LONG;
    }
    if (t == double.class || t == Double.class) {
      return Schema.Type.DOUBLE;
    }
    if (t == String.class) {
      return Schema.Type.STRING;
    }
    throw new IllegalStateException("FeatureRow component of unsupported type " + t);
  }

  private static SchemaBuilder.FieldAssembler<Schema> field(SchemaBuilder.FieldAssembler<Schema> f, String name,
      Schema.Type type, boolean nullable) {
    Schema s = Schema.create(type);
    return nullable ? f.name(name).type(Schema.createUnion(Schema.create(Schema.Type.NULL), s)).withDefault(null)
        : f.name(name).type(s).noDefault();
  }

  /** The summary row of {@code row}. */
  public static GenericRecord toRecord(Schema schema, List<Column> columns, FeatureRow row,
      SignalAliases.Normalized name, boolean duplicate) {
    GenericRecord r = new GenericData.Record(schema);
    for (Column c : columns) {
      if (schema.getField(c.name()) == null) {
        continue;
      }
      Object value;
      try {
        value = c.accessor().invoke(row);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
      if (value instanceof Integer i) {
        value = i.longValue();
      }
      r.put(c.name(), value);
    }
    r.put(SIGNAL_NORMALIZED, name.name());
    r.put(SIGNAL_KNOWN, name.known());
    r.put(SIGNAL_JUNK, name.junk());
    r.put(SIGNAL_DUPLICATE, duplicate);
    return r;
  }

  /** The same row without the group column, for a partitioned dataset. */
  public static GenericRecord withoutGroup(Schema target, GenericRecord full) {
    GenericRecord r = new GenericData.Record(target);
    for (Schema.Field field : target.getFields()) {
      r.put(field.name(), full.get(field.name()));
    }
    return r;
  }
}
