package io.wavebeam.combiner;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.factory.DefaultValuesWriterFactory;
import org.apache.parquet.column.values.factory.ValuesWriterFactory;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;

/**
 * Parquet's PLAIN encoding of a DOUBLE column without a dictionary (eight little-endian bytes a value), written
 * straight into one growing array: the same bytes as parquet-java's {@code PlainValuesWriter}, whose every value
 * passes through a {@code LittleEndianDataOutputStream}, a temporary array and a {@code ByteBuffer} slab (a third of
 * the Parquet writing of a pass-1.5 row, whose twenty-odd decimals never repeat: docs/benchmarks.md).
 * {@link #factory} hands it to parquet-java for exactly those columns and leaves every other to its default.
 */
final class PlainDoubleWriter extends ValuesWriter {
  private static final VarHandle LITTLE_ENDIAN_LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private final int initialBytes;
  private byte[] bytes;
  private int size;

  PlainDoubleWriter(int initialBytes) {
    this.initialBytes = Math.max(64, initialBytes);
    this.bytes = new byte[this.initialBytes];
  }

  /**
   * parquet-java's default factory, except for DOUBLE columns whose dictionary {@code properties} turn off: those
   * get a {@link PlainDoubleWriter}.
   */
  static ValuesWriterFactory factory() {
    return new ValuesWriterFactory() {
      private final ValuesWriterFactory defaults = new DefaultValuesWriterFactory();
      private ParquetProperties properties;

      @Override
      public void initialize(ParquetProperties properties) {
        this.properties = properties;
        defaults.initialize(properties);
      }

      @Override
      public ValuesWriter newValuesWriter(ColumnDescriptor column) {
        if (column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE
            && !properties.isDictionaryEnabled(column) && !properties.isByteStreamSplitEnabled(column)) {
          return new PlainDoubleWriter(properties.getInitialSlabSize());
        }
        return defaults.newValuesWriter(column);
      }
    };
  }

  @Override
  public void writeDouble(double v) {
    if (size + Long.BYTES > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + Long.BYTES));
    }
    LITTLE_ENDIAN_LONG.set(bytes, size, Double.doubleToLongBits(v));
    size += Long.BYTES;
  }

  @Override
  public long getBufferedSize() {
    return size;
  }

  @Override
  public BytesInput getBytes() {
    return BytesInput.from(bytes, 0, size);
  }

  @Override
  public Encoding getEncoding() {
    return Encoding.PLAIN;
  }

  @Override
  public void reset() {
    size = 0;
  }

  @Override
  public void close() {
    bytes = new byte[initialBytes];
    size = 0;
  }

  @Override
  public long getAllocatedSize() {
    return bytes.length;
  }

  @Override
  public String memUsageString(String prefix) {
    return prefix + " PLAIN DOUBLE " + size + " bytes";
  }
}
