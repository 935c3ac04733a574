package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record of {@code ../shared/wfdb-samples} against its reference JSON: header fields, segments, counts and
 * digital sums exactly, first and last ten physical values exactly, moments within 1e-9 relative.
 */
class SharedSamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String GROUP = "SharedSamplesTest (real PhysioNet records against reference values)";

  /**
   * Every {@code expected/*.json} of the samples folder; one placeholder when the folder is absent, so that the
   * skip is a counted test with its reason rather than no test at all.
   */
  static List<String> referenceFiles() throws IOException {
    if (!SharedSamples.present()) {
      return List.of("(shared samples absent)");
    }
    try (Stream<Path> files = Files.list(SharedSamples.root().resolve("expected"))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
          .collect(Collectors.toList());
    }
  }

  @Test
  void everyReferenceFileIsChecked() throws IOException {
    Path root = SharedSamples.require(GROUP);
    assertEquals(21, referenceFiles().size(), "reference files in " + root);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("referenceFiles")
  void recordMatchesItsReference(String referenceFile) throws IOException {
    Path root = SharedSamples.require(GROUP);
    check(root, root.resolve("expected").resolve(referenceFile));
  }

  private static void check(Path root, Path expectedFile) throws IOException {
    JsonNode e = JSON.readTree(expectedFile.toFile());
    Path header = root.resolve("records").resolve(e.get("path").asText());
    WfdbRecord record = WfdbRecord.open(header);
    RecordSummary summary = RecordSummary.of(record);
    String where = e.get("path").asText();

    assertEquals(e.get("record").asText(), record.name(), where);
    assertEquals(e.get("fs").asDouble(), record.header().samplingFrequency(), 0.0, where + " fs");
    if (e.get("counter_freq").isNull()) {
      assertNull(record.header().counterFrequency(), where);
    } else {
      assertEquals(e.get("counter_freq").asDouble(), record.header().counterFrequency(), 0.0, where);
    }
    assertEquals(textOrNull(e.get("base_time")), isoTime(record), where + " base_time");
    assertEquals(textOrNull(e.get("base_date")),
        record.header().baseDate() == null ? null : record.header().baseDate().toString(), where);
    assertEquals(e.get("n_samples").asLong(), record.length(), where + " n_samples");
    assertEquals(e.get("header_sig_len").isNull() ? null : e.get("header_sig_len").asLong(),
        record.header().length(), where + " header_sig_len");
    assertEquals(e.get("n_signals").asInt(), record.signals().size(), where);
    assertEquals(e.get("multi_segment").asBoolean(), record.isMultiSegment(), where);
    assertEquals(textOrNull(e.get("layout")),
        record.isMultiSegment() ? record.layout().name().toLowerCase() : null, where);
    if (record.isMultiSegment()) {
      checkSegments(e, record, where);
    }

    for (JsonNode es : e.get("signals")) {
      int i = es.get("index").asInt();
      String at = where + " signal " + i + " (" + es.get("name").asText() + ")";
      WfdbRecord.Signal s = record.signals().get(i);
      RecordSummary.SignalStats st = summary.signals().get(i);
      assertEquals(es.get("name").asText(), s.name(), at);
      assertEquals(es.get("units").asText(), s.units(), at);
      assertEquals(textOrNull(es.get("fmt")), s.format() == null ? null : String.valueOf(s.format()), at + " fmt");
      assertEquals(es.get("adc_gain").asDouble(), s.gain(), 0.0, at + " gain");
      assertEquals(es.get("baseline").asInt(), s.baseline(), at + " baseline");
      assertEquals(es.get("samples_per_frame").asInt(), s.samplesPerFrame(), at);
      if (!record.isMultiSegment()) {
        assertEquals(es.get("skew").asInt(), s.spec().skew(), at + " skew");
        assertEquals(es.get("byte_offset").asLong(), s.spec().byteOffset(), at + " byte_offset");
        assertEquals(es.get("init_value").asInt(), s.spec().initValue(), at + " init_value");
        assertEquals(es.get("file").asText(), s.spec().fileName(), at + " file");
      }
      assertEquals(es.get("n_values").asLong(), st.nValues(), at + " n_values");
      assertEquals(es.get("n_valid").asLong(), st.nValid(), at + " n_valid");
      assertEquals(es.get("n_invalid").asLong(), st.nInvalid(), at + " n_invalid");
      assertEquals(longOrNull(es.get("digital_min")), st.digitalMin(), at + " digital_min");
      assertEquals(longOrNull(es.get("digital_max")), st.digitalMax(), at + " digital_max");
      assertEquals(new BigInteger(es.get("digital_sum").asText()), st.digitalSum(), at + " digital_sum");
      assertClose(es.get("physical_mean"), st.physicalMean(), 1e-9, at + " physical_mean");
      assertClose(es.get("physical_std"), st.physicalStd(), 1e-9, at + " physical_std");
      assertClose(es.get("physical_min"), st.physicalMin(), 1e-9, at + " physical_min");
      assertClose(es.get("physical_max"), st.physicalMax(), 1e-9, at + " physical_max");
      assertValues(es.get("first10_physical"), st.first10Physical(), at + " first10_physical");
      assertValues(es.get("last10_physical"), st.last10Physical(), at + " last10_physical");
      JsonNode fd = es.get("first10_digital");
      assertEquals(fd.size(), st.first10Digital().length, at);
      for (int k = 0; k < fd.size(); k++) {
        assertEquals(fd.get(k).isNull() ? null : fd.get(k).asInt(), st.first10Digital()[k],
            at + " first10_digital[" + k + "]");
      }
    }
    assertTrue(summary.warnings().stream().noneMatch(w -> w.contains("checksum")),
        where + ": every header checksum matches: " + summary.warnings());
  }

  private static void checkSegments(JsonNode e, WfdbRecord record, String where) {
    JsonNode segs = e.get("segments");
    assertEquals(e.get("n_segments").asInt(), record.segments().size(), where);
    for (int k = 0; k < segs.size(); k++) {
      JsonNode es = segs.get(k);
      WfdbRecord.Segment seg = record.segments().get(k);
      String at = where + " segment " + k;
      assertEquals(es.get("name").asText(), seg.name(), at);
      assertEquals(es.get("length").asLong(), seg.length(), at);
      assertEquals(es.get("start").asLong(), seg.start(), at);
      assertEquals(es.get("role").asText(), seg.role().name().toLowerCase(), at);
      if (es.has("signals")) {
        List<WfdbRecord.Signal> own = seg.record().signals();
        assertEquals(es.get("signals").size(), own.size(), at);
        for (int j = 0; j < own.size(); j++) {
          JsonNode ss = es.get("signals").get(j);
          WfdbRecord.Signal s = own.get(j);
          assertEquals(ss.get("name").asText(), s.name(), at);
          assertEquals(ss.get("fmt").asText(), String.valueOf(s.format()), at);
          assertEquals(ss.get("adc_gain").asDouble(), s.gain(), 0.0, at);
          assertEquals(ss.get("baseline").asInt(), s.baseline(), at);
          assertEquals(ss.get("units").asText(), s.units(), at);
          assertEquals(ss.get("samples_per_frame").asInt(), s.samplesPerFrame(), at);
        }
      }
    }
  }

  static String isoTime(WfdbRecord record) {
    if (record.header().baseTime() == null) {
      return null;
    }
    var t = record.header().baseTime();
    return String.format("%02d:%02d:%02d.%06d", t.getHour(), t.getMinute(), t.getSecond(), t.getNano() / 1000);
  }

  private static String textOrNull(JsonNode n) {
    return n == null || n.isNull() ? null : n.asText();
  }

  private static Long longOrNull(JsonNode n) {
    return n.isNull() ? null : n.asLong();
  }

  private static void assertClose(JsonNode expected, Double actual, double rel, String what) {
    if (expected.isNull()) {
      assertNull(actual, what);
      return;
    }
    double x = expected.asDouble();
    assertFalse(actual == null, what + " is null");
    double tol = rel * Math.max(Math.abs(x), Double.MIN_NORMAL);
    assertEquals(x, actual, tol, what);
  }

  private static void assertValues(JsonNode expected, double[] actual, String what) {
    assertEquals(expected.size(), actual.length, what);
    for (int k = 0; k < actual.length; k++) {
      JsonNode x = expected.get(k);
      if (x.isNull()) {
        assertTrue(Double.isNaN(actual[k]), what + "[" + k + "] should be NaN, was " + actual[k]);
      } else {
        assertEquals(x.asDouble(), actual[k], 0.0, what + "[" + k + "]");
      }
    }
  }
}
