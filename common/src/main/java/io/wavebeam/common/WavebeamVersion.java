package io.wavebeam.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The wavebeam version, written into {@code wavebeam-version.txt} by the build (also when run from classes). */
public final class WavebeamVersion {
  private static final String VERSION = read();

  private WavebeamVersion() {}

  public static String version() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = WavebeamVersion.class.getResourceAsStream("wavebeam-version.txt")) {
      String v = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      // An unfiltered resource (an IDE that copies resources itself) still says where it came from.
      return v.isEmpty() || v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
