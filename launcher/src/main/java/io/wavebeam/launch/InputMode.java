package io.wavebeam.launch;

import java.util.Locale;

/** How a Processing job's input reaches the container (S3InputMode). */
public enum InputMode {
  /** Copied onto the volume before the container starts: the volume must hold all of it. */
  FILE("File"),
  /** Mounted and streamed on demand: no copy, small volume, reads pay S3 latency. */
  FAST_FILE("FastFile"),
  /**
   * No ProcessingInput and no ProcessingOutput: the container gets {@code s3://} URIs as its arguments and reads
   * and writes S3 itself (ranged reads through Beam's file system), so nothing is copied and the volume stays at
   * the minimum.
   */
  DIRECT("Direct");

  private final String apiName;

  InputMode(String apiName) {
    this.apiName = apiName;
  }

  /** The S3InputMode of the request's ProcessingInput; Direct has no ProcessingInput. */
  public String apiName() {
    return apiName;
  }

  /** Whether SageMaker moves the data (a ProcessingInput and a ProcessingOutput), or the container does. */
  public boolean sageMakerCopies() {
    return this != DIRECT;
  }

  public static InputMode parse(String s) {
    for (InputMode m : values()) {
      if (m.apiName.equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown --input-mode '" + s + "' (File, FastFile or Direct)");
  }

  @Override
  public String toString() {
    return apiName.toLowerCase(Locale.ROOT).equals("file") ? "File" : apiName;
  }
}
