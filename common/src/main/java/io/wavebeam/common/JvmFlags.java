package io.wavebeam.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags Spark needs on Java 17 ({@code --add-opens} and two system properties). Their one source is the
 * parent pom's {@code spark.jvm.flags}, filtered into {@code wavebeam-jvm-flags.txt}; surefire's argLine uses the
 * property, {@code bin/wavebeam} passes the file to {@code java} as an argument file, and every JVM wavebeam
 * starts itself (local container jobs, Spark executors) reads it through this class.
 */
public final class JvmFlags {
  /** The resource's name, also the file beside the shaded jar that {@code bin/wavebeam} reads. */
  public static final String FILE = "wavebeam-jvm-flags.txt";
  private static final List<String> FLAGS = read();

  private JvmFlags() {}

  /** Every flag, in the pom's order. */
  public static List<String> all() {
    return FLAGS;
  }

  /** The opened packages in the form of a jar manifest's {@code Add-Opens} entry ({@code java.base/java.lang}). */
  public static List<String> addOpens() {
    return FLAGS.stream().filter(f -> f.startsWith("--add-opens="))
        .map(f -> f.substring("--add-opens=".length(), f.length() - "=ALL-UNNAMED".length())).toList();
  }

  private static List<String> read() {
    try (InputStream in = JvmFlags.class.getResourceAsStream(FILE)) {
      if (in == null) {
        throw new IllegalStateException(FILE + " is missing from the class path (a build without resources?)");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (text.startsWith("${")) {
        throw new IllegalStateException(FILE + " was not filtered by the build: " + text);
      }
      return List.copyOf(Arrays.asList(text.split("\\s+")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
