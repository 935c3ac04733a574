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

  @Test
  void synonymsMergeOnlyWhereTheyAreOneMeasurement() {
    assertNormalized("ART", "ABP", true, false);
    assertNormalized("ART Mean", "ABP Mean", true, false);
    assertNormalized("%SpO2", "SpO2", true, false);
    assertNormalized("PLETH R", "PLETH", true, false);
    assertNormalized("dSpO2", "dSpO2", true, false);
    assertNormalized("HR", "HR", true, false);
    assertNormalized("PULSE", "PULSE", true, false);
    assertNormalized("NBP Mean", "NBP Mean", true, false);
  }

  @Test
  void unknownAndJunkNamesAreKeptAndFlagged() {
    assertNormalized("Custom  thing", "CUSTOM THING", false, false);
    assertNormalized("???", "???", false, true);
    assertNormalized("[0]", "[0]", false, true);
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
