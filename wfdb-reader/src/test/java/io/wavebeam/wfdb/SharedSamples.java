package io.wavebeam.wfdb;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds {@code ../shared/wfdb-samples}: real PhysioNet records with reference values from an independent
 * reader. Tests that use it are skipped, with a message saying so, when it is not there.
 */
public final class SharedSamples {
  private SharedSamples() {}

  public static Path root() {
    String configured = System.getProperty("wavebeam.shared.dir");
    Path shared = configured != null ? Path.of(configured) : Path.of("..", "..", "shared");
    return shared.resolve("wfdb-samples").toAbsolutePath().normalize();
  }

  /** The samples folder, or a skipped test when it is absent. */
  public static Path require() {
    Path root = root();
    assumeTrue(Files.isDirectory(root.resolve("expected")),
        "skipped: shared WFDB samples not found at " + root + " (set -Dwavebeam.shared.dir)");
    return root;
  }
}
