package io.wavebeam.combiner;

import io.wavebeam.combiner.TableSchema.Column;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.hadoop.CodecFactory;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;

/**
 * One snappy Parquet part file of a table's {@link InputRow}s, in the column order of
 * {@link TableSchema#parquetSchema}. Each value goes straight to its column's parquet-java {@link ColumnWriter}
 * (encodings, dictionaries, statistics and pages are parquet-java's), and the row groups are written with
 * {@link ParquetFileWriter} as {@code ParquetWriter} does; what is left out is the record layer between a row and
 * the column writers ({@code RecordConsumer}/{@code MessageColumnIO}: a field lookup, a level stack and a
 * missing-field scan per value), which cost about as much as the encoding itself. The schema is flat apart from the
 * one three-level LIST of strings, whose levels are written here.
 */
final class PartWriter implements Closeable {
  /** Rows buffered per row group before it is compressed and flushed: bounds each writer's memory. */
  static final long ROW_GROUP_BYTES = 64 << 20;
  /** Rows between two looks at the buffered size (parquet-java's writer adapts this; a fixed step is enough). */
  private static final int SIZE_CHECK_ROWS = 1000;
  static final String SCHEMA_KEY = "wavebeam.schema";

  private final TableSchema table;
  private final boolean withGroup;
  private final MessageType schema;
  private final ParquetProperties properties;
  private final CodecFactory codecs;
  private final CodecFactory.BytesCompressor compressor;
  private final ParquetFileWriter file;
  private final ColumnDescriptor[] leaves;
  /** For each leaf, the table column it holds, or one of the normalisation values below. */
  private final int[] source;
  private static final int NORMALIZED = -1;
  private static final int KNOWN = -2;
  private static final int JUNK = -3;
  private static final int DUPLICATE = -4;
  private final ColumnWriter[] writers;
  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore columns;
  private long rowsInGroup;
  private int rowGroupOrdinal;
  /** UTF-8 of recent strings: names, units and dates repeat on most rows, their bytes need not be made again. */
  private final Map<String, Binary> binaries = new HashMap<>();
  private final String[] lastString;
  private final Binary[] lastBinary;

  /**
   * The product's settings: snappy, 1 MB pages, dictionaries except for the decimal columns and the summary's record
   * and segment.
   */
  static ParquetProperties.Builder properties(TableSchema table) {
    ParquetProperties.Builder b = ParquetProperties.builder()
        .withPageSize(ParquetProperties.DEFAULT_PAGE_SIZE)
        .withDictionaryEncoding(true)
        .withValuesWriterFactory(PlainDoubleWriter.factory());
    // Decimal features hardly ever repeat: a dictionary for them is filled, then thrown away (it was the largest
    // single cost of writing). Names, units, dates and whole numbers repeat and keep theirs.
    // A summary row's record and segment repeat only across the few signals of one segment: tens of thousands of
    // values per file, a dictionary that costs a hash lookup per value and falls back to plain on large files.
    // (A windows row's record repeats for thousands of rows and keeps its dictionary.)
    for (Column c : table.columns()) {
      if (c.kind() == TableSchema.Kind.DOUBLE || table.segment >= 0 && (c.index() == table.record
          || c.index() == table.segment)) {
        b.withDictionaryEncoding(c.name(), false);
      }
    }
    return b;
  }

  /** A part with the product's settings into {@code out} (closed with the writer); {@code name} for messages. */
  static PartWriter open(TableSchema table, OutputStream out, String name, boolean withGroup) throws IOException {
    return new PartWriter(table, new StreamOutputFile(out, name), withGroup, properties(table).build());
  }

  PartWriter(TableSchema table, OutputFile out, boolean withGroup, ParquetProperties properties) throws IOException {
    this.table = table;
    this.withGroup = withGroup;
    this.schema = table.parquetSchema(withGroup);
    this.properties = properties;
    List<ColumnDescriptor> all = schema.getColumns();
    leaves = all.toArray(new ColumnDescriptor[0]);
    source = new int[leaves.length];
    int leaf = 0;
    for (Column c : table.columns()) {
      if (c.index() == table.group && !withGroup) {
        continue;
      }
      source[leaf++] = c.index();
      if (c.index() == table.signal) {
        source[leaf++] = NORMALIZED;
        source[leaf++] = KNOWN;
        source[leaf++] = JUNK;
        source[leaf++] = DUPLICATE;
      }
    }
    if (leaf != leaves.length) {
      throw new IllegalStateException(table + ": " + leaf + " columns for " + leaves.length + " Parquet leaves");
    }
    writers = new ColumnWriter[leaves.length];
    lastString = new String[leaves.length];
    lastBinary = new Binary[leaves.length];
    codecs = new CodecFactory(new Configuration(), properties.getPageSizeThreshold());
    compressor = codecs.getCompressor(CompressionCodecName.SNAPPY);
    file = new ParquetFileWriter(out, schema, ParquetFileWriter.Mode.OVERWRITE, ROW_GROUP_BYTES, 0, null,
        properties);
    file.start();
    startRowGroup();
  }

  private void startRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, schema, properties.getAllocator(),
        properties.getColumnIndexTruncateLength(), properties.getPageWriteChecksumEnabled(), null, rowGroupOrdinal);
    columns = properties.newColumnWriteStore(schema, pages, pages);
    for (int i = 0; i < leaves.length; i++) {
      writers[i] = columns.getColumnWriter(leaves[i]);
    }
  }

  /** Writes one row. */
  void write(InputRow row) throws IOException {
    for (int leaf = 0; leaf < leaves.length; leaf++) {
      ColumnWriter w = writers[leaf];
      int i = source[leaf];
      if (i < 0) {
        switch (i) {
          case NORMALIZED -> w.write(binary(leaf, row.name.name()), 0, 0);
          case KNOWN -> w.write(row.name.known(), 0, 0);
          case JUNK -> w.write(row.name.junk(), 0, 0);
          default -> w.write(row.duplicate, 0, 0);
        }
        continue;
      }
      int defined = leaves[leaf].getMaxDefinitionLevel();
      Column c = table.columns().get(i);
      if (c.kind() == TableSchema.Kind.STRING_LIST) {
        writeList(w, row.lists.get(i), defined);
        continue;
      }
      if (row.isNull[i] && c.nullable()) {
        w.writeNull(0, defined - 1);
        continue;
      }
      switch (c.kind()) {
        case LONG -> w.write(row.longs[i], 0, defined);
        case DOUBLE -> w.write(row.doubles[i], 0, defined);
        default -> w.write(binary(leaf, row.strings[i]), 0, defined);
      }
    }
    columns.endRecord();
    if (++rowsInGroup % SIZE_CHECK_ROWS == 0 && columns.getBufferedSize() >= ROW_GROUP_BYTES) {
      flushRowGroup();
      startRowGroup();
    }
  }

  /**
   * The three-level LIST (a required group, repeated "list", required "element"): an empty list is one null at
   * the group's level, each element a value at the element's level, repeated from the second on.
   */
  private void writeList(ColumnWriter w, List<String> values, int defined) {
    if (values.isEmpty()) {
      w.writeNull(0, defined - 1);
      return;
    }
    int repetition = 0;
    for (String v : values) {
      w.write(Binary.fromConstantByteArray(v.getBytes(StandardCharsets.UTF_8)), repetition, defined);
      repetition = 1;
    }
  }

  private Binary binary(int leaf, String s) {
    if (s == lastString[leaf]) {
      return lastBinary[leaf];
    }
    Binary b = binaries.get(s);
    if (b == null) {
      b = Binary.fromConstantByteArray(s.getBytes(StandardCharsets.UTF_8));
      if (binaries.size() > 4096) {
        binaries.clear();
      }
      binaries.put(s, b);
    }
    lastString[leaf] = s;
    lastBinary[leaf] = b;
    return b;
  }

  private void flushRowGroup() throws IOException {
    try {
      if (rowsInGroup > 0) {
        rowGroupOrdinal++;
        file.startBlock(rowsInGroup);
        columns.flush();
        pages.flushToFileWriter(file);
        file.endBlock();
        rowsInGroup = 0;
      }
    } finally {
      columns.close();
      pages.close();
    }
  }

  /** Writes the last row group and the footer, and closes the stream. */
  @Override
  public void close() throws IOException {
    try {
      flushRowGroup();
      file.end(Map.of(SCHEMA_KEY, table.dataset() + ": fields in docs/features.md"));
    } finally {
      codecs.release();
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
