package io.wavebeam.combiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

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

  /** Raw name → normalised name: synonyms of one measurement merge, other names stay themselves. */
  @Test
  void synonymsMergeOnlyWhereTheyAreOneMeasurement() {
    String[][] synonyms = {{"ART", "ABP"}, {"ART Mean", "ABP Mean"}, {"%SpO2", "SpO2"}, {"PLETH R", "PLETH"},
        {"dSpO2", "dSpO2"}, {"HR", "HR"}, {"PULSE", "PULSE"}, {"NBP Mean", "NBP Mean"}};
    for (String[] s : synonyms) {
      assertNormalized(s[0], s[1], true, false);
    }
  }

  @Test
  void unknownAndJunkNamesAreKeptAndFlagged() {
    assertNormalized("Custom  thing", "CUSTOM THING", false, false);
    for (String junk : new String[] {"???", "[0]"}) {
      assertNormalized(junk, junk, false, true);
    }
    assertNormalized("  ", "", false, true);
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
