package io.wavebeam.launch;

import java.util.Locale;

/** How a Processing job's input reaches the container (S3InputMode). */
public enum InputMode {
  /** Copied onto the volume before the container starts: the volume must hold all of it. */
  FILE("File"),
  /** Mounted and streamed on demand: no copy, small volume, reads pay S3 latency. */
  FAST_FILE("FastFile");

  private final String apiName;

  InputMode(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public static InputMode parse(String s) {
    for (InputMode m : values()) {
      if (m.apiName.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown --input-mode '" + s + "' (File or FastFile)");
  }

  @Override
  public String toString() {
    return apiName.toLowerCase(Locale.ROOT).equals("file") ? "File" : apiName;
  }
}
