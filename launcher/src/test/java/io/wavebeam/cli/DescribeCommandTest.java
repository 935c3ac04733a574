package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.wfdb.SharedSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code wavebeam describe} as a user runs it: its JSON against every shared reference file, field by field. */
class DescribeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Compared within 1e-9 relative; every other field exactly. */
  private static final Set<String> MOMENTS = Set.of("physical_mean", "physical_std", "physical_min", "physical_max");
  /** Reference fields that describe does not print: where the reference came from. */
  private static final Set<String> PROVENANCE = Set.of("path", "expected_file", "files", "generator");

  static Path samples() {
    return SharedSamples.require("describe on the shared samples (launcher)");
  }

  @Test
  void jsonMatchesEveryReferenceRecord() throws Exception {
    Path root = samples();
    List<JsonNode> expected = new ArrayList<>();
    List<String> args = new ArrayList<>(List.of("describe", "--json"));
    try (Stream<Path> files = Files.list(root.resolve("expected"))) {
      for (Path p : files.sorted().collect(Collectors.toList())) {
        JsonNode e = JSON.readTree(p.toFile());
        expected.add(e);
        args.add(root.resolve("records").resolve(e.get("path").asText()).toString());
      }
    }
    assertEquals(21, expected.size(), "records compared");
    CliRun r = CliRun.run(args.toArray(new String[0]));
    assertEquals(0, r.exit(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(expected.size(), lines.length);
    for (int i = 0; i < lines.length; i++) {
      JsonNode e = expected.get(i);
      compare(e, JSON.readTree(lines[i]), e.get("expected_file").asText());
    }
  }

  @Test
  void aFailedRecordIsReportedWhileTheOthersAreStillDescribed(@TempDir Path dir) throws Exception {
    Path root = samples();
    Path broken = dir.resolve("broken.hea");
    Files.writeString(broken, "broken 1 250 100\nbroken.dat 16 200 16 0 0 0 0 x\n");
    CliRun r = CliRun.run("describe", broken.toString(), root.resolve("records/100.hea").toString());
    assertEquals(DescribeCommand.EXIT_SOME_FAILED, r.exit());
    assertTrue(r.err().contains("broken.dat: signal file not found"), r.err());
    assertTrue(r.err().contains("1 of 2 records could not be read"), r.err());
    assertTrue(r.out().contains("MLII") && r.out().contains("650000 frames"), r.out());
  }

  @Test
  void readableTableForAMultiSegmentRecord() {
    Path root = samples();
    CliRun r = CliRun.run("describe", root.resolve("records/multi-segment/s25047/s25047-2704-05-04-10-44").toString());
    assertEquals(0, r.exit(), r.err());
    assertTrue(r.out().contains("variable-layout multi-segment, 20 segments, 3 signals, 125 Hz, 543240 frames"),
        r.out());
    assertTrue(r.out().contains("ABP"), r.out());
  }

  @Test
  void missingRecordIsAnErrorNamingIt(@TempDir Path dir) {
    CliRun r = CliRun.run("describe", dir.resolve("nope").toString());
    assertEquals(DescribeCommand.EXIT_SOME_FAILED, r.exit());
    assertTrue(r.err().contains("nope.hea: header file not found"), r.err());
    assertFalse(r.err().contains("Exception"), r.err());
  }

  @Test
  void helpExplainsEveryOption() {
    CliRun r = CliRun.run("describe", "--help");
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("--json") && r.out().contains("RECORD"), r.out());
  }

  /** Every field of the reference must be in the output with the same value. */
  private static void compare(JsonNode expected, JsonNode actual, String where) {
    Iterator<Map.Entry<String, JsonNode>> it = expected.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      if (PROVENANCE.contains(name)) {
        continue;
      }
      String at = where + "." + name;
      assertTrue(actual.has(name), at + " missing");
      JsonNode e = f.getValue();
      JsonNode a = actual.get(name);
      if (e.isObject()) {
        compare(e, a, at);
      } else if (e.isArray()) {
        assertEquals(e.size(), a.size(), at + " size");
        for (int i = 0; i < e.size(); i++) {
          if (e.get(i).isObject()) {
            compare(e.get(i), a.get(i), at + "[" + i + "]");
          } else {
            assertScalar(e.get(i), a.get(i), false, at + "[" + i + "]");
          }
        }
      } else {
        assertScalar(e, a, MOMENTS.contains(name), at);
      }
    }
  }

  private static void assertScalar(JsonNode e, JsonNode a, boolean approximate, String at) {
    if (e.isNull()) {
      assertTrue(a.isNull(), at + ": expected null, got " + a);
    } else if (e.isNumber() && approximate) {
      assertEquals(e.asDouble(), a.asDouble(), 1e-9 * Math.abs(e.asDouble()), at);
    } else if (e.isNumber()) {
      assertTrue(e.isIntegralNumber() ? e.bigIntegerValue().equals(a.bigIntegerValue())
          : e.asDouble() == a.asDouble(), at + ": expected " + e + ", got " + a);
    } else {
      assertEquals(e.asText(), a.asText(), at);
    }
  }
}
