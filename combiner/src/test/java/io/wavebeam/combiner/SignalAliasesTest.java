package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SignalAliasesTest {
  static final SignalAliases BUILT_IN = SignalAliases.builtIn();

  static void assertNormalized(String raw, String name, boolean known, boolean junk) {
    assertEquals(new SignalAliases.Normalized(name, known, junk), BUILT_IN.normalize(raw), raw);
  }

  @Test
  void caseAndSpacingVariantsMerge() {
    for (String raw : new String[] {"NBP Sys", "NBPSys", "NBP SYS", " nbp  sys ", "NBP_Sys"}) {
      assertNormalized(raw, "NBP Sys", true, false);
    }
  }

  /**
   * Synonyms merge only where they are one measurement; unknown names are kept (upper case, spacing folded) and
   * flagged, junk names (no letter) too.
   */
  @ParameterizedTest(name = "''{0}'' -> ''{1}''")
  @CsvSource(delimiter = '|', ignoreLeadingAndTrailingWhitespace = false, textBlock = """
      ART|ABP|true|false
      ART Mean|ABP Mean|true|false
      %SpO2|SpO2|true|false
      PLETH R|PLETH|true|false
      dSpO2|dSpO2|true|false
      HR|HR|true|false
      PULSE|PULSE|true|false
      NBP Mean|NBP Mean|true|false
      Custom  thing|CUSTOM THING|false|false
      ???|???|false|true
      [0]|[0]|false|true
      '  '|''|false|true
      """)
  void normalizedNames(String raw, String name, boolean known, boolean junk) {
    assertNormalized(raw, name, known, junk);
  }

  @Test
  void aTableLineThatGivesANameTwoMeaningsIsAnError() {
    MalformedInputException e = assertThrows(MalformedInputException.class, () -> SignalAliases.parse(
        new BufferedReader(new StringReader("ABP = ART\n# c\nCVP = art\n")), "t.txt"));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().startsWith("t.txt:3: "), e.getMessage());
    assertThrows(MalformedInputException.class, () -> SignalAliases.parse(
        new BufferedReader(new StringReader("no equals sign\n")), "t.txt"));
  }
}
