package io.wavebeam.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;

/**
 * An SDK request as the JSON the SageMaker API receives, member names as on the wire (ProcessingJobName, ...):
 * what {@code --dry-run} prints. Walks the model's own field descriptions, so nothing is left out or renamed.
 */
public final class RequestJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private RequestJson() {}

  public static ObjectNode of(SdkPojo pojo) {
    ObjectNode o = NODES.objectNode();
    for (SdkField<?> field : pojo.sdkFields()) {
      Object value = field.getValueOrDefault(pojo);
      if (value != null && !isAbsentCollection(value)) {
        o.set(field.locationName(), value(value));
      }
    }
    return o;
  }

  public static String pretty(SdkPojo pojo) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(of(pojo));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SDK returns auto-construct lists and maps for members never set; they are not sent either. */
  private static boolean isAbsentCollection(Object value) {
    return value instanceof software.amazon.awssdk.core.util.SdkAutoConstructList
        || value instanceof software.amazon.awssdk.core.util.SdkAutoConstructMap;
  }

  private static JsonNode value(Object v) {
    if (v instanceof SdkPojo p) {
      return of(p);
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = NODES.arrayNode();
      c.forEach(x -> a.add(value(x)));
      return a;
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      m.forEach((k, x) -> o.set(String.valueOf(k), value(x)));
      return o;
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof Integer i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Long l) {
      return NODES.numberNode(l);
    }
    if (v instanceof Double d) {
      return NODES.numberNode(d);
    }
    if (v instanceof Instant t) {
      return NODES.numberNode(t.getEpochSecond());
    }
    return NODES.textNode(String.valueOf(v));
  }
}
