package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.combiner.TableSchema.Column;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The byte-level fast path of {@link RowParser} against Jackson's path on the same lines: every line the fast path
 * takes gives the same slots as Jackson's (doubles bit for bit), numbers equal {@link Double#parseDouble} (a whole
 * number in a decimal column is converted from its long, as Jackson does), and every line outside its subset is
 * left to Jackson (which reads it or says what is wrong).
 */
class LineBytesParserTest {
  private static final TableSchema T = TableSchema.SUMMARY;
  private static final RowParser PARSER = new RowParser(T);
  private static final LineBytesParser FAST = new LineBytesParser(T);

  /** A line of every SUMMARY field in pass 1's order, each with a plain value unless {@code values} has one. */
  private static String line(Map<String, String> values) {
    StringBuilder s = new StringBuilder("{");
    for (Column c : T.columns()) {
      if (s.length() > 1) {
        s.append(',');
      }
      String v = values.get(c.name());
      if (v == null) {
        v = switch (c.kind()) {
          case LONG -> String.valueOf(c.index() * 3);
          case DOUBLE -> c.index() + ".25";
          case STRING -> "\"v" + c.index() + "\"";
          case STRING_LIST -> "[\"a\",\"b\"]";
        };
      }
      s.append('"').append(c.name()).append("\":").append(v);
    }
    return s.append('}').toString();
  }

  private static String line(String name, String value) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(name, value);
    return line(m);
  }

  /** Parses {@code text} on the fast path (which must take it) and on Jackson's; both rows must be equal. */
  private static InputRow fastAndSame(String text) throws RowParser.BadLine {
    byte[] b = ("  " + text + "  ").getBytes(StandardCharsets.UTF_8);
    InputRow fast = new InputRow(T);
    assertTrue(FAST.parse(b, 2, b.length - 4, fast), "fast path refused " + text);
    InputRow jackson = new InputRow(T);
    PARSER.parseWithJackson(b, 2, b.length - 4, jackson);
    assertSameRow(jackson, fast, text);
    return fast;
  }

  private static void assertSameRow(InputRow expected, InputRow actual, String text) {
    for (Column c : T.columns()) {
      int i = c.index();
      String what = c.name() + " of " + text;
      assertEquals(expected.isNull[i], actual.isNull[i], what);
      if (expected.isNull[i]) {
        continue;
      }
      switch (c.kind()) {
        case LONG -> assertEquals(expected.longs[i], actual.longs[i], what);
        case DOUBLE -> assertEquals(Double.doubleToRawLongBits(expected.doubles[i]),
            Double.doubleToRawLongBits(actual.doubles[i]), what + ": " + expected.doubles[i] + " vs "
            + actual.doubles[i]);
        case STRING -> assertEquals(expected.strings[i], actual.strings[i], what);
        case STRING_LIST -> assertEquals(expected.lists.get(i), actual.lists.get(i), what);
      }
    }
  }

  private static void assertDecimal(String literal, double expected) throws RowParser.BadLine {
    InputRow row = fastAndSame(line("mean", literal));
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(row.doubles[T.slot("mean")]),
        literal + " read as " + row.doubles[T.slot("mean")]);
  }

  @Test
  void decimalEdgeCasesEqualDoubleParseDouble() throws RowParser.BadLine {
    for (String s : List.of("0.0", "-0.0", "0e0", "-0E-5", "1.5", "-1.5", "0.1", "0.3", "1e22", "1e23", "1E-22",
        "9.999999999999999e22", "123456789012345.6", "1234567890123456.7", "12345678901234567.8",
        "2.3565747772301266E-4", "0.497235147949598", "-8.536953956858639E-4", "0.07195818312479059",
        "9007199254740993.0", "9007199254740992.0", "9007199254740993e0", "1.7976931348623157E308",
        "1.7976931348623159E308", "1e400", "-1e400", "4.9E-324", "2.4703282292062328E-324", "1e-400", "-1e-400",
        "2.2250738585072014E-308", "2.2250738585072011E-308", "0.000000000000000000000000000001234",
        "123456789012345678901234567890.5", "1.00000000000000000000000000000000000000001", "3.0e+2",
        "100000000000000000000000e-10", "0.30000000000000004", "5e-324", "1.0E10", "-123.456e-7")) {
      assertDecimal(s, Double.parseDouble(s));
    }
  }

  @Test
  void wholeNumbersInDecimalColumnsAreConvertedFromTheirLongAsJacksonDoes() throws RowParser.BadLine {
    assertDecimal("0", 0.0);
    assertDecimal("-0", 0.0); // a whole number; "-0.0" is the negative zero
    assertDecimal("125", 125.0);
    assertDecimal("-37500", -37500.0);
    assertDecimal("9007199254740993", (double) 9007199254740993L);
    assertDecimal("999999999999999999", (double) 999999999999999999L);
    assertDecimal("9223372036854775807", (double) Long.MAX_VALUE);
    assertDecimal("123456789012345678901234567890", Double.parseDouble("123456789012345678901234567890"));
  }

  @Test
  void randomDecimalsEqualDoubleParseDouble() throws RowParser.BadLine {
    Random r = new Random(13);
    for (int i = 0; i < 20_000; i++) {
      double d = switch (i % 4) {
        case 0 -> Double.longBitsToDouble(r.nextLong()); // any double, printed shortest
        case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
        case 2 -> (r.nextInt(2_000_001) - 1_000_000) / 1000.0;
        default -> r.nextDouble();
      };
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        continue;
      }
      assertDecimal(Double.toString(d), d);
      // and decimal strings of 1 to 25 digits with an exponent, which no double prints
      StringBuilder s = new StringBuilder(r.nextBoolean() ? "-" : "");
      int digits = 1 + r.nextInt(25);
      s.append(1 + r.nextInt(9));
      int point = r.nextInt(digits + 1);
      for (int k = 1; k < digits; k++) {
        if (k == point) {
          s.append('.');
        }
        s.append(r.nextInt(10));
      }
      if (s.indexOf(".") < 0 && r.nextBoolean()) {
        s.append(".5");
      }
      if (r.nextBoolean()) {
        s.append('e').append(r.nextInt(80) - 40);
      }
      assertDecimal(s.toString(), Double.parseDouble(s.toString()));
    }
  }

  @Test
  void wholeNumbersAndNullsAndListsOnTheFastPath() throws RowParser.BadLine {
    InputRow row = fastAndSame(line(Map.of("signal_index", "-2147483648", "n_frames", "999999999999999999",
        "baseline", "-0", "base_time", "null", "base_date", "\"01/02/2100\"",
        "signal", "\"ABP ~!#$%&'()*+,-./:;<=>?@[]^_`{|}\u007f\"")));
    assertEquals(Integer.MIN_VALUE, row.longs[T.slot("signal_index")]);
    assertEquals(999999999999999999L, row.longs[T.slot("n_frames")]);
    assertEquals(0, row.longs[T.slot("baseline")]);
    assertTrue(row.isNull[T.slot("base_time")]);
    assertEquals("ABP ~!#$%&'()*+,-./:;<=>?@[]^_`{|}\u007f", row.signal());
    // nullable numbers
    for (Column c : T.columns()) {
      if (c.nullable() && c.kind() != TableSchema.Kind.STRING) {
        InputRow n = fastAndSame(line(c.name(), "null"));
        assertTrue(n.isNull[c.index()], c.name());
        InputRow v = fastAndSame(line(c.name(), "12"));
        assertFalse(v.isNull[c.index()], c.name());
      }
    }
    // whitespace between every token
    String spaced = line(Map.of()).replace(",", " ,\t").replace(":", " : ").replace("{", "{ ").replace("}", " }");
    fastAndSame(spaced);
  }

  /** Rows of pass 1 on the bundled testdata, and generated ones (their decimals scaled: 16–17 digits). */
  @Test
  void realPass1LinesAllTakeTheFastPath(@TempDir Path temp) throws IOException, RowParser.BadLine {
    Path pass1 = Pass1Fixture.pass1Output(temp.resolve("records"), temp.resolve("pass1"));
    List<JsonNode> templates = new ArrayList<>();
    for (String g : new String[] {"30", "31"}) {
      for (String l : Files.readAllLines(pass1.resolve(g).resolve(T.inputFile()))) {
        fastAndSame(l);
        templates.add(Pass1p5PipelineTest.JSON.readTree(l));
      }
    }
    assertTrue(templates.size() > 10, "only " + templates.size() + " pass-1 rows");
    Path root = GeneratedGroupFiles.write(templates, temp.resolve("gen"), 2000, 2, 7);
    int n = 0;
    try (Stream<Path> files = Files.list(root)) {
      for (Path dir : files.toList()) {
        for (String l : Files.readAllLines(dir.resolve(T.inputFile()))) {
          fastAndSame(l);
          n++;
        }
      }
    }
    assertEquals(2000, n);
  }

  /** Valid lines outside the fast path's subset: Jackson reads them, with the same values a plain line gives. */
  @Test
  void escapesOtherOrderAndNonAsciiGoToJackson() throws RowParser.BadLine {
    List<String> lines = new ArrayList<>();
    lines.add(line("signal", "\"\\u0041BP\\n\""));
    lines.add(line("units", "\"\u00b5V\""));
    lines.add(line("mean", "0.5").replace("\"group\":\"v0\",", "").replace("}", ",\"group\":\"v0\"}"));
    lines.add(line("n_frames", "1234567890123456789")); // 19 digits
    for (String text : lines) {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      assertFalse(FAST.parse(b, 0, b.length, new InputRow(T)), text);
      InputRow row = new InputRow(T);
      PARSER.parse(b, 0, b.length, row);
      InputRow again = new InputRow(T);
      PARSER.parseWithJackson(b, 0, b.length, again);
      assertSameRow(again, row, text);
    }
    InputRow row = new InputRow(T);
    byte[] b = lines.get(0).getBytes(StandardCharsets.UTF_8);
    PARSER.parse(b, 0, b.length, row);
    assertEquals("ABP\n", row.signal());
    b = lines.get(1).getBytes(StandardCharsets.UTF_8);
    PARSER.parse(b, 0, b.length, row);
    assertEquals("\u00b5V", row.units());
  }

  /** Broken lines are never accepted by the fast path; Jackson's path gives the message. */
  @Test
  void brokenLinesGetJacksonsMessages() {
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put(line("mean", "01.5"), "not valid JSON at column");
    cases.put(line("mean", "1."), "not valid JSON at column");
    cases.put(line("mean", ".5"), "not valid JSON at column");
    cases.put(line("mean", "+1"), "not valid JSON at column");
    cases.put(line("mean", "1e"), "not valid JSON at column");
    cases.put(line("mean", "-"), "not valid JSON at column");
    cases.put(line("mean", "NaN"), "not valid JSON at column");
    cases.put(line("mean", "1.5.5"), "not valid JSON at column");
    cases.put(line("fs", "null"), "field 'fs' must be a number, not null");
    cases.put(line("mean", "\"1.5\""), "field 'mean' must be a number or null, not a string");
    cases.put(line("signal_index", "2147483648"), "field 'signal_index' is out of range: 2147483648");
    cases.put(line("signal_index", "1e3"), "field 'signal_index' must be a whole number, not a decimal number");
    cases.put(line("n_frames", "12345678901234567890"), "field 'n_frames' is out of range: 12345678901234567890");
    cases.put(line("signal", "\"a\tb\""), "not valid JSON at column");
    cases.put(line("signal", "\"ab"), "not valid JSON at column");
    cases.put(line("base_time", "nul"), "not valid JSON at column");
    cases.put(line("base_time", "nullx"), "not valid JSON at column");
    cases.put(line("units", "null"), "field 'units' must be a string, not null");
    cases.put(line(Map.of()) + "x", "not valid JSON at column");
    cases.put(line(Map.of()) + " {}", "more than one JSON value on the line");
    cases.put(line(Map.of()).replace("}", ",\"extra\":1}"), "unexpected field 'extra'");
    cases.put(line(Map.of()).replace(",\"units\":\"v5\"", ""), "missing field 'units'");
    cases.put(line(Map.of()).replace("}", ",\"units\":\"x\"}"), "field 'units' appears twice");
    cases.put("[]", "not a JSON object");
    cases.forEach((text, message) -> {
      byte[] b = text.getBytes(StandardCharsets.UTF_8);
      assertFalse(FAST.parse(b, 0, b.length, new InputRow(T)), text);
      RowParser.BadLine e = assertThrows(RowParser.BadLine.class, () -> PARSER.parse(b, 0, b.length, new InputRow(T)),
          text);
      assertTrue(e.getMessage().startsWith(message), text + " -> " + e.getMessage());
    });
  }
}
