package io.wavebeam.common;

import java.util.Locale;

/** The Beam runners wavebeam's passes are tested on. */
public enum RunnerKind {
  DIRECT, SPARK;

  /** {@code direct} or {@code spark}, any case; throws {@link IllegalArgumentException} otherwise. */
  public static RunnerKind parse(String name) {
    return valueOf(name.trim().toUpperCase(Locale.ROOT));
  }
}
