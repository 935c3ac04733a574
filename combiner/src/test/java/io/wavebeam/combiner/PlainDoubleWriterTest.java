package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.column.values.ValuesWriter;
import org.apache.parquet.column.values.plain.PlainValuesWriter;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.junit.jupiter.api.Test;

/**
 * The PLAIN writer of the decimal columns gives parquet-java's {@code PlainValuesWriter}'s bytes, page after page,
 * for every kind of double (NaNs of other bit patterns written as Java's one NaN, as parquet-java does), and is
 * used for exactly the DOUBLE columns without a dictionary.
 */
class PlainDoubleWriterTest {
  @Test
  void writesParquetJavasPlainBytes() throws IOException {
    double[] special = {0.0, -0.0, 1.0, -1.5, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
        Double.longBitsToDouble(0xfff0000000000123L), 2.3565747772301266E-4, 0.497235147949598};
    Random random = new Random(13);
    PlainDoubleWriter ours = new PlainDoubleWriter(64);
    PlainValuesWriter theirs = new PlainValuesWriter(64, 1 << 20, new HeapByteBufferAllocator());
    for (int page = 0; page < 3; page++) {
      int n = page == 1 ? 0 : 10_000 * (page + 1);
      for (int i = 0; i < n; i++) {
        double v = i < special.length ? special[i] : page == 2 ? Double.longBitsToDouble(random.nextLong())
            : random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
        ours.writeDouble(v);
        theirs.writeDouble(v);
      }
      assertEquals(theirs.getBufferedSize(), ours.getBufferedSize());
      assertEquals(Encoding.PLAIN, ours.getEncoding());
      assertArrayEquals(theirs.getBytes().toByteArray(), ours.getBytes().toByteArray(), "page " + page);
      ours.reset();
      theirs.reset();
    }
    assertEquals(0, ours.getBufferedSize());
  }

  @Test
  void theFactoryGivesItToTheDecimalColumnsWithoutADictionaryOnly() {
    ParquetProperties properties = PartWriter.properties(TableSchema.SUMMARY).build();
    MessageType schema = TableSchema.SUMMARY.parquetSchema(true);
    int decimals = 0;
    for (ColumnDescriptor column : schema.getColumns()) {
      ValuesWriter writer = properties.getValuesWriterFactory().newValuesWriter(column);
      boolean isDouble = column.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE;
      if (isDouble) {
        decimals++;
        assertInstanceOf(PlainDoubleWriter.class, writer, column.toString());
      } else {
        assertNotEquals(PlainDoubleWriter.class, writer.getClass(), column.toString());
      }
    }
    assertEquals(TableSchema.SUMMARY.columns().stream().filter(c -> c.kind() == TableSchema.Kind.DOUBLE).count(),
        decimals);
    // With a dictionary (not the product's setting for decimals) parquet-java's own writer stays.
    ParquetProperties withDictionary = ParquetProperties.builder().withDictionaryEncoding(true)
        .withValuesWriterFactory(PlainDoubleWriter.factory()).build();
    ColumnDescriptor aDecimal = schema.getColumns().stream()
        .filter(c -> c.getPrimitiveType().getPrimitiveTypeName() == PrimitiveTypeName.DOUBLE).findFirst().orElseThrow();
    assertNotEquals(PlainDoubleWriter.class,
        withDictionary.getValuesWriterFactory().newValuesWriter(aDecimal).getClass());
  }
}
