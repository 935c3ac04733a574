package io.wavebeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.junit.jupiter.api.Test;

class JsonCoderTest {
  static final WorkTask TASK = new WorkTask("/g/r/r_0001.hea", "r", "r_0001", 0, 100, 400, 0, 1);

  @Test
  void roundTripsARecord() throws IOException {
    JsonCoder<WorkTask> coder = JsonCoder.of(WorkTask.class);
    assertEquals(TASK, CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, TASK)));
  }

  /** A JsonCoder key would group equal keys apart on a real runner: Beam must refuse it when the pipeline is built. */
  @Test
  void aJsonCoderCannotKeyAGroupByKey() {
    TestPipeline p = TestPipeline.create().enableAbandonedNodeEnforcement(false);
    var input = p.apply(Create.of(KV.of(TASK, "x"))
        .withCoder(KvCoder.of(JsonCoder.of(WorkTask.class), StringUtf8Coder.of())));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> input.apply(GroupByKey.create()));
    assertTrue(e.getMessage().contains("deterministic"), e.getMessage());
  }

  @Test
  void anUnknownPropertyIsAnError() throws IOException {
    byte[] json = ("{\"headerPath\":\"/h.hea\",\"recordSet\":\"r\",\"segment\":\"s\",\"from\":0,\"to\":1,\"bytes\":1,"
        + "\"chunk\":0,\"chunks\":1,\"problem\":null,\"surprise\":1}").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream framed = new ByteArrayOutputStream();
    new DataOutputStream(framed).writeInt(json.length);
    framed.write(json);
    IOException e = assertThrows(IOException.class,
        () -> JsonCoder.of(WorkTask.class).decode(new ByteArrayInputStream(framed.toByteArray())));
    assertTrue(e.getMessage().contains("surprise"), e.getMessage());
  }
}
