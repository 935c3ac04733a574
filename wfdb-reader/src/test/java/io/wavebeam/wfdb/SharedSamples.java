package io.wavebeam.wfdb;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code ../shared/wfdb-samples}: real PhysioNet records with reference values from an independent
 * reader. Tests that use it are skipped, with a message saying so, when it is not there (see
 * {@link TestPrerequisites}).
 */
public final class SharedSamples {
  private SharedSamples() {}

  public static Path root() {
    String configured = System.getProperty("wavebeam.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    return shared.resolve("wfdb-samples").toAbsolutePath().normalize();
  }

  /** Whether the samples folder is there. */
  public static boolean present() {
    return Files.isDirectory(root().resolve("expected"));
  }

  /**
   * The samples folder; when it is absent, a skipped test with the reason on the console for {@code group}
   * (a failure under {@code -Dwavebeam.requireSharedSamples=true}).
   */
  public static Path require(String group) {
    Path root = root();
    TestPrerequisites.require(present(), group, "shared WFDB samples not found at " + root
        + " (put PhysioNet's samples there or set -Dwavebeam.shared.dir)");
    return root;
  }
}
