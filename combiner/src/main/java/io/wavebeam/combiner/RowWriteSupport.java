package io.wavebeam.combiner;

import io.wavebeam.combiner.TableSchema.Column;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Writes {@link InputRow}s of either table straight to Parquet's {@link RecordConsumer} (no Avro record per row),
 * in the column order of {@link TableSchema#parquetSchema}; null values are left out, as Parquet wants for OPTIONAL.
 */
final class RowWriteSupport extends WriteSupport<InputRow> {
  /** Rows buffered per row group before it is compressed and flushed: bounds each writer's memory. */
  static final int ROW_GROUP_BYTES = 64 << 20;

  private final TableSchema table;
  private final boolean withGroup;
  private final MessageType schema;
  /** Binary of recent strings: names, units and dates repeat on most rows, their UTF-8 bytes need not. */
  private final Map<String, Binary> binaries = new HashMap<>();
  private RecordConsumer out;

  RowWriteSupport(TableSchema table, boolean withGroup) {
    this.table = table;
    this.withGroup = withGroup;
    this.schema = table.parquetSchema(withGroup);
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of("wavebeam.schema", table.dataset() + ": fields in docs/features.md"));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(InputRow row) {
    out.startMessage();
    int field = 0;
    for (Column c : table.columns()) {
      int i = c.index();
      if (i == table.group && !withGroup) {
        continue;
      }
      if (!row.isNull[i] || !c.nullable()) {
        out.startField(c.name(), field);
        switch (c.kind()) {
          case LONG -> out.addLong(row.longs[i]);
          case DOUBLE -> out.addDouble(row.doubles[i]);
          case STRING -> out.addBinary(binary(row.strings[i]));
          case STRING_LIST -> writeList(row.lists.get(i));
        }
        out.endField(c.name(), field);
      }
      field++;
      if (i == table.signal) {
        field = writeNormalisation(row, field);
      }
    }
    out.endMessage();
  }

  /** The three-level LIST of {@link TableSchema#parquetSchema}: an empty list is the group without "list". */
  private void writeList(java.util.List<String> values) {
    out.startGroup();
    if (!values.isEmpty()) {
      out.startField("list", 0);
      for (String v : values) {
        out.startGroup();
        out.startField("element", 0);
        out.addBinary(binary(v));
        out.endField("element", 0);
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  private int writeNormalisation(InputRow row, int field) {
    out.startField(TableSchema.SIGNAL_NORMALIZED, field);
    out.addBinary(binary(row.name.name()));
    out.endField(TableSchema.SIGNAL_NORMALIZED, field++);
    out.startField(TableSchema.SIGNAL_KNOWN, field);
    out.addBoolean(row.name.known());
    out.endField(TableSchema.SIGNAL_KNOWN, field++);
    out.startField(TableSchema.SIGNAL_JUNK, field);
    out.addBoolean(row.name.junk());
    out.endField(TableSchema.SIGNAL_JUNK, field++);
    out.startField(TableSchema.SIGNAL_DUPLICATE, field);
    out.addBoolean(row.duplicate);
    out.endField(TableSchema.SIGNAL_DUPLICATE, field++);
    return field;
  }

  private Binary binary(String s) {
    Binary b = binaries.get(s);
    if (b == null) {
      b = Binary.fromString(s);
      if (binaries.size() > 4096) {
        binaries.clear();
      }
      binaries.put(s, b);
    }
    return b;
  }

  /** A snappy Parquet writer of {@code table}'s rows into {@code out} (closed with the writer). */
  static ParquetWriter<InputRow> writer(TableSchema table, OutputStream out, String name, boolean withGroup)
      throws IOException {
    return builder(table, out, name, withGroup).build();
  }

  /** The writer's settings, before it is built (a benchmark varies them). */
  static Builder builder(TableSchema table, OutputStream out, String name, boolean withGroup) {
    Builder b = new Builder(new StreamOutputFile(out, name), new RowWriteSupport(table, withGroup));
    b.withCompressionCodec(CompressionCodecName.SNAPPY)
        .withRowGroupSize((long) ROW_GROUP_BYTES)
        .withPageSize(ParquetProperties.DEFAULT_PAGE_SIZE)
        .withDictionaryEncoding(true)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE);
    // Decimal features hardly ever repeat: a dictionary for them is filled, then thrown away (it was the largest
    // single cost of writing). Names, units, dates and whole numbers repeat and keep theirs.
    for (Column c : table.columns()) {
      if (c.kind() == TableSchema.Kind.DOUBLE) {
        b.withDictionaryEncoding(c.name(), false);
      }
    }
    return b;
  }

  static final class Builder extends ParquetWriter.Builder<InputRow, Builder> {
    private final RowWriteSupport support;

    Builder(OutputFile file, RowWriteSupport support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<InputRow> getWriteSupport(Configuration conf) {
      return support;
    }
  }

  /** Parquet's view of a stream we opened (a Beam FileSystems channel or a local file): it only appends. */
  record StreamOutputFile(OutputStream out, String name) implements OutputFile {

    @Override
    public PositionOutputStream create(long blockSizeHint) {
      return new PositionOutputStream() {
        private long position;

        @Override
        public long getPos() {
          return position;
        }

        @Override
        public void write(int b) throws IOException {
          out.write(b);
          position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          position += len;
        }

        @Override
        public void flush() throws IOException {
          out.flush();
        }

        @Override
        public void close() throws IOException {
          out.close();
        }
      };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
      return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
      return false;
    }

    @Override
    public long defaultBlockSize() {
      return 0;
    }

    @Override
    public String getPath() {
      return name;
    }
  }
}
