package io.wavebeam.pipeline;

import io.wavebeam.common.RunnerKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.wavebeam.pipeline.features.SignalScale;
import io.wavebeam.wfdb.MimicGroupGenerator;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MimicGroupGeneratorTest {
  @Test
  void sameSeedSameBytesAndPass1ReadsEverything(@TempDir Path temp) throws IOException {
    MimicGroupGenerator.Spec spec = new MimicGroupGenerator.Spec("31", 6, 3, 100, 42);
    MimicGroupGenerator.Written w = MimicGroupGenerator.generate(temp.resolve("a"), spec);
    MimicGroupGenerator.generate(temp.resolve("b"), spec);
    try (Stream<Path> files = Files.walk(temp.resolve("a"))) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Path twin = temp.resolve("b").resolve(temp.resolve("a").relativize(f).toString());
        assertEquals(-1, Files.mismatch(f, twin), "differs: " + f);
      }
    }

    Path out = temp.resolve("out");
    Pass1Result result = Pass1Pipeline.run(
        Pass1Pipeline.options(temp.resolve("a/31"), out, null, RunnerKind.DIRECT, 2));
    assertEquals(Pass1Result.EXIT_OK, result.exitStatus(), Files.readString(out.resolve("errors.jsonl")));
    assertEquals(w.segments() + w.records(), result.records());
    assertEquals(w.waveformSignals() + w.numericsSignals(), result.signals());
    assertEquals(2L * w.records(), result.skippedHeaders(), "master and layout headers skipped");

    Map<String, JsonNode> rows = Pass1PipelineTest.rowsBySegmentSignal(out);
    Path header = temp.resolve("a/31/3100000/3100000_0001.hea");
    WfdbRecord record = WfdbRecord.open(header);
    int[][] values = Pass1PipelineTest.decodeAll(record);
    for (int s = 0; s < values.length; s++) {
      JsonNode row = rows.get("3100000/3100000_0001/" + s);
      assertNotNull(row);
      WfdbRecord.Signal sig = record.signals().get(s);
      ReferenceStats.assertRow(row, ReferenceStats.of(values[s], sig.gain(), sig.baseline(),
          SignalScale.of(sig.spec()).saturationValues()), header + " " + s);
    }
    List<JsonNode> numerics = rows.values().stream().filter(r -> r.get("segment").asText().endsWith("n")).toList();
    assertTrue(numerics.stream().anyMatch(r -> r.get("invalid_fraction").asDouble() > 0.5), "NBP mostly invalid");
  }
}
