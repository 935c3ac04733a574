package io.wavebeam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.common.JvmFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags have one source, the parent pom's {@code spark.jvm.flags}. The jar manifest's {@code Add-Opens}
 * (for {@code java -jar}, e.g. the container) must be written in manifest form in the launcher's pom: this test
 * holds the two together, and checks the argument file bin/wavebeam reads beside the jar.
 */
class JvmFlagsTest {
  private static final Path LAUNCHER = Path.of("").toAbsolutePath();

  @Test
  void theManifestOpensWhatThePomPropertySays() throws Exception {
    String pom = Files.readString(LAUNCHER.resolve("pom.xml"));
    Matcher m = Pattern.compile("<Add-Opens>([^<]*)</Add-Opens>").matcher(pom);
    assertTrue(m.find(), "no Add-Opens manifest entry in launcher/pom.xml");
    assertEquals(JvmFlags.addOpens(), List.of(m.group(1).trim().split("\\s+")));
    assertTrue(JvmFlags.addOpens().size() >= 13, JvmFlags.addOpens().toString());
  }

  @Test
  void theArgumentFileBesideTheJarHoldsTheSameFlags() throws Exception {
    Path file = LAUNCHER.resolve("target").resolve(JvmFlags.FILE);
    assertEquals(JvmFlags.all(), List.of(Files.readString(file).strip().split("\\s+")));
  }
}
