package io.wavebeam.pipeline;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.beam.sdk.coders.Coder.NonDeterministicException;
import org.apache.beam.sdk.coders.CustomCoder;

/**
 * Encodes records (and records of lists of records) as length-prefixed JSON. Java serialization, Beam's
 * {@code SerializableCoder}, was most of pass 1's time on a group of many small files: it reflects on every
 * record, field by field, whenever an element crosses a shuffle.
 */
public final class JsonCoder<T> extends CustomCoder<T> {
  private static final long serialVersionUID = 1L;
  /** Strict both ways: a property the type does not have is a broken element or a mismatched coder, not noise. */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
      .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

  private final Class<T> type;

  private JsonCoder(Class<T> type) {
    this.type = type;
  }

  public static <T> JsonCoder<T> of(Class<T> type) {
    return new JsonCoder<>(type);
  }

  @Override
  public void encode(T value, OutputStream out) throws IOException {
    byte[] bytes = MAPPER.writeValueAsBytes(value);
    DataOutputStream data = new DataOutputStream(out);
    data.writeInt(bytes.length);
    data.write(bytes);
    data.flush();
  }

  @Override
  public T decode(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] bytes = new byte[data.readInt()];
    data.readFully(bytes);
    return MAPPER.readValue(bytes, type);
  }

  /**
   * Not deterministic as far as Beam can tell: JSON of a record with maps or floating-point fields may encode equal
   * values differently, so a JsonCoder must never key a GroupByKey (pass 1 keys by strings); Beam refuses it.
   */
  @Override
  public void verifyDeterministic() throws NonDeterministicException {
    throw new NonDeterministicException(this, "JSON encodings of " + type.getSimpleName()
        + " are not guaranteed to be equal for equal values");
  }

  @Override
  public String toString() {
    return "JsonCoder(" + type.getSimpleName() + ")";
  }
}
