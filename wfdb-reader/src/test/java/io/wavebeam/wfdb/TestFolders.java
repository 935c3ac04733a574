package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Folder fixtures every module's tests share (through this module's test-jar). */
public final class TestFolders {
  private TestFolders() {}

  /** Copies the folder {@code from} with everything below it to {@code to}, which must not hold those names yet. */
  public static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /**
   * Adds one record folder per name to {@code group} whose header names a signal file that is not there: each
   * such record fails to read, and the group's other records are still summarised.
   */
  public static void addRecordsWithoutSignalFile(Path group, String... names) throws IOException {
    for (String name : names) {
      Path dir = Files.createDirectories(group.resolve(name));
      Files.writeString(dir.resolve(name + ".hea"), name + " 1 125 1000\n" + name + ".dat 16 200 12 0 0 0 0 II\n");
    }
  }
}
