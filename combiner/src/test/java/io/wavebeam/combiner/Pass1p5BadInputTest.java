package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.RunnerKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's pass-1.5 cases: an empty group file is a named warning and a manifest count; duplicate rows and a
 * group in two files are bad input naming the lines; the first reports are the first lines; messages say which
 * field is missing, extra or of the wrong JSON type in plain words. Bad input publishes nothing.
 */
class Pass1p5BadInputTest {
  static final ObjectMapper JSON = Pass1p5PipelineTest.JSON;
  @TempDir static Path temp;
  static Path root;
  static int copies;

  @BeforeAll
  static void pass1() throws IOException {
    root = Pass1Fixture.pass1Output(temp.resolve("records"), temp.resolve("root"));
  }

  static Path copy() throws IOException {
    return Pass1Fixture.copy(root, temp.resolve("copy-" + copies++));
  }

  static MalformedInputException failing(Path input, Path out) {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> Pass1p5Pipeline.run(
        Pass1p5Pipeline.options(input.toString(), out.toString(), RunnerKind.DIRECT, 2)));
    assertPlain(e.getMessage());
    return e;
  }

  static void assertNothingWritten(Path out) throws IOException {
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList());
    }
  }

  /** No library or Java class names in a message meant for people. */
  static void assertPlain(String message) {
    for (String internal : new String[] {"Deserialization", "Exception", "class ", "io.wavebeam", "com.fasterxml",
        "FeatureRow"}) {
      assertFalse(message.contains(internal), internal + " in: " + message);
    }
  }

  static List<String> lines(Path file) throws IOException {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  @Test
  void emptyGroupFileIsANamedWarningAndAManifestCount() throws IOException {
    Path input = copy();
    Path empty = Files.createDirectories(input.resolve("32")).resolve("ws_df_group.json");
    Files.writeString(empty, "");
    Path out = temp.resolve("out-empty-file");
    Pass1p5Result result = Pass1p5Pipeline.run(Pass1p5Pipeline.options(input.toString(), out.toString(),
        RunnerKind.DIRECT, 2));
    assertEquals(1, result.emptyGroupFiles());
    assertEquals(3, result.groupFiles());
    assertEquals(2, result.groups());
    assertEquals(List.of(empty + ": empty group file (no rows): is its pass-1 run complete?"), result.warnings());
    JsonNode manifest = JSON.readTree(out.resolve(Pass1p5Pipeline.MANIFEST_FILE).toFile());
    assertEquals(1, manifest.get("empty_group_files").asLong());
    assertEquals(result.warnings().get(0), manifest.get("warnings").get(0).asText());
    assertTrue(result.rows() > 0);
  }

  @Test
  void duplicateRowIsBadInputNamingBothLines() throws IOException {
    Path input = copy();
    Path file = input.resolve("30").resolve("ws_df_group.json");
    List<String> lines = lines(file);
    lines.add(lines.get(2));
    Files.write(file, lines);
    Path out = temp.resolve("out-duplicate");
    MalformedInputException e = failing(input, out);
    JsonNode row = JSON.readTree(lines.get(2));
    String expected = file + ":" + lines.size() + ": duplicate row: group '30', record '"
        + row.get("record").asText() + "', segment '" + row.get("segment").asText() + "', signal_index "
        + row.get("signal_index").asInt() + " is also on line 3";
    assertEquals("1 bad input line (1 duplicate row); nothing was written:\n  " + expected, e.getMessage());
    assertEquals(file.toString(), e.file());
    assertEquals(lines.size(), e.line());
    assertNothingWritten(out);
  }

  @Test
  void groupInTwoFilesIsBadInput() throws IOException {
    Path input = copy();
    Files.createDirectories(input.resolve("31b"));
    Files.copy(input.resolve("31").resolve("ws_df_group.json"), input.resolve("31b").resolve("ws_df_group.json"));
    Path out = temp.resolve("out-two-files");
    MalformedInputException e = failing(input, out);
    assertTrue(e.getMessage().contains(input.resolve("31b").resolve("ws_df_group.json") + ":1: group '31' is also"
        + " in " + input.resolve("31").resolve("ws_df_group.json") + ":1"), e.getMessage());
    assertNothingWritten(out);
  }

  @Test
  void firstTenReportsAreTheFirstLinesInFileThenLineOrder() throws IOException {
    Path input = copy();
    Path f30 = input.resolve("30").resolve("ws_df_group.json");
    Path f31 = input.resolve("31").resolve("ws_df_group.json");
    List<String> l31 = lines(f31);
    l31.set(1, "not json");
    for (int i = 0; i < 12; i++) {
      l31.add("{\"broken\": " + i + "}");
    }
    Files.write(f31, l31);
    List<String> l30 = lines(f30);
    l30.set(4, "[]");
    Files.write(f30, l30);
    Path out = temp.resolve("out-order");
    MalformedInputException e = failing(input, out);
    List<String> shown = new ArrayList<>();
    Matcher m = Pattern.compile("\n  (.*?):(\\d+): ").matcher(e.getMessage());
    while (m.find()) {
      shown.add(Path.of(m.group(1)).getParent().getFileName() + ":" + m.group(2));
    }
    int good = l31.size() - 12;
    List<String> expected = new ArrayList<>(List.of("30:5", "31:2"));
    for (int line = good + 1; expected.size() < 10; line++) {
      expected.add("31:" + line);
    }
    assertEquals(expected, shown);
    assertTrue(e.getMessage().startsWith("14 bad input lines; nothing was written:"), e.getMessage());
    assertTrue(e.getMessage().endsWith("\n  ... and 4 more"), e.getMessage());
    assertEquals(f30.toString(), e.file());
    assertEquals(5, e.line());
    assertNothingWritten(out);
  }

  @Test
  void messagesSayWhichFieldIsMissingExtraOrOfTheWrongType() throws IOException {
    Path input = copy();
    Path file = input.resolve("30").resolve("ws_df_group.json");
    List<String> lines = lines(file);
    lines.set(0, lines.get(0).replaceFirst(",\"units\":\"[^\"]*\"", ""));
    lines.set(1, lines.get(1).replaceFirst("\\}$", ",\"extra\":1}"));
    lines.set(2, lines.get(2).replaceFirst("\"n_values\":\\d+", "\"n_values\":\"many\""));
    lines.set(3, lines.get(3).replaceFirst("\"units\":\"[^\"]*\"", "\"units\":null"));
    lines.set(4, lines.get(4).replaceFirst("\"signal_index\":\\d+", "\"signal_index\":1.5"));
    lines.set(5, lines.get(5).replaceFirst("\"fs\":[0-9.eE+-]+", "\"fs\":\"125\""));
    lines.set(6, lines.get(6).replaceFirst("\"signal_index\":\\d+", "\"signal_index\":99999999999"));
    lines.set(7, lines.get(7) + " {}");
    Files.write(file, lines);
    MalformedInputException e = failing(input, temp.resolve("out-messages"));
    String f = file + ":";
    assertEquals("8 bad input lines; nothing was written:"
        + "\n  " + f + "1: missing field 'units'"
        + "\n  " + f + "2: unexpected field 'extra'"
        + "\n  " + f + "3: field 'n_values' must be a whole number, not a string"
        + "\n  " + f + "4: field 'units' must be a string, not null"
        + "\n  " + f + "5: field 'signal_index' must be a whole number, not a decimal number"
        + "\n  " + f + "6: field 'fs' must be a number, not a string"
        + "\n  " + f + "7: field 'signal_index' is out of range: 99999999999"
        + "\n  " + f + "8: more than one JSON value on the line", e.getMessage());
  }
}
