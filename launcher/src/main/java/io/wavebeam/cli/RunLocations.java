package io.wavebeam.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The checks a run makes of its local input and output before it reads anything, so the usual mistakes get a
 * sentence at once instead of an exception after the whole pipeline ran. Only local paths are checked: a URI
 * with another scheme ({@code s3://...}) is left to the pipeline's file systems.
 */
final class RunLocations {
  /** A mistake in the command line's locations: its message is the sentence to print; exit status 2. */
  static final class Refusal extends Exception {
    Refusal(String message) {
      super(message);
    }
  }

  private RunLocations() {}

  /** The local path of {@code location}: a plain path or a {@code file:} URI; empty for other schemes. */
  static Optional<Path> local(String location) {
    // Anything that starts like a URI scheme (s3:, gs:, even a malformed s3:/x) is the file systems' to judge.
    int colon = location.indexOf(':');
    if (colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      String scheme = location.substring(0, colon);
      return scheme.equalsIgnoreCase("file") ? Optional.of(Path.of(URI.create(location))) : Optional.empty();
    }
    return Optional.of(Path.of(location));
  }

  /**
   * Checks the local ones of {@code input} (an existing folder) and {@code output} (a folder that can be written)
   * before anything is read; URIs are left to the pipeline's file systems. Returns the input's local path, if any.
   */
  static Optional<Path> requireUsable(String input, String output) throws Refusal {
    Optional<Path> localInput = local(input);
    if (localInput.isPresent()) {
      requireFolder("input folder", localInput.get());
    }
    Optional<Path> localOutput = local(output);
    if (localOutput.isPresent()) {
      requireWritableFolder(localOutput.get());
    }
    return localInput;
  }

  /** The input must be an existing folder. */
  static void requireFolder(String what, Path input) throws Refusal {
    if (!Files.exists(input)) {
      throw new Refusal(what + " " + input + " does not exist");
    }
    if (!Files.isDirectory(input)) {
      throw new Refusal(what + " " + input + " is a file, not a folder");
    }
    if (!Files.isReadable(input)) {
      throw new Refusal(what + " " + input + " cannot be read (permission denied)");
    }
  }

  /**
   * The output folder must be a folder that exists and takes new files, or a folder that can be created there.
   * Nothing is created: a refused run leaves no trace.
   */
  static void requireWritableFolder(Path output) throws Refusal {
    Path out = output.toAbsolutePath().normalize();
    if (Files.exists(out)) {
      if (!Files.isDirectory(out)) {
        throw new Refusal("output " + output + " is a file, not a folder");
      }
      try {
        Files.delete(Files.createTempFile(out, ".wavebeam-write-check-", ""));
      } catch (IOException e) {
        throw new Refusal("output folder " + output + " cannot be written: " + FailureMessage.of(e));
      }
      return;
    }
    Path existing = out.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      throw new Refusal("output folder " + output + " cannot be created: no part of its path exists");
    }
    if (!Files.isDirectory(existing)) {
      throw new Refusal("output folder " + output + " cannot be created: " + existing + " is a file");
    }
    if (!Files.isWritable(existing)) {
      throw new Refusal("output folder " + output + " cannot be created: " + existing + " is not writable");
    }
  }

  /**
   * A pass-1 input must look like one group: headers in it or in its record folders ({@code 30/3000003/*.hea}).
   * An empty folder, or one whose headers are a level deeper (a folder of group folders, {@code testdata/30/...}),
   * is almost always a mistake; {@code allowEmpty} and {@code mergeGroups} say it is not.
   */
  static void requireOneGroup(Path input, boolean allowEmpty, boolean mergeGroups) throws Refusal {
    TreeSet<String> groupsBelow = new TreeSet<>();
    boolean[] ownHeaders = {false};
    try {
      Files.walkFileTree(input, EnumSet.noneOf(java.nio.file.FileVisitOption.class), 3, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          if (file.getFileName().toString().endsWith(".hea")) {
            int depth = input.relativize(file).getNameCount();
            if (depth <= 2) {
              ownHeaders[0] = true;
              return FileVisitResult.TERMINATE;
            }
            groupsBelow.add(input.relativize(file).getName(0).toString());
          }
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new Refusal("input folder " + input + " cannot be listed: " + FailureMessage.of(e));
    }
    if (ownHeaders[0] || mergeGroups && !groupsBelow.isEmpty()) {
      return;
    }
    if (!groupsBelow.isEmpty()) {
      String first = groupsBelow.first();
      throw new Refusal(input + " holds group folders " + String.join(", ", groupsBelow) + ": run one group per "
          + "call (--input " + input.resolve(first) + "), or use launch; --merge-groups reads them all as one group");
    }
    if (!allowEmpty) {
      throw new Refusal("input folder " + input + " holds no WFDB headers (.hea files) in it or its record folders:"
          + " pass a group folder such as testdata/30, or --allow-empty to write an empty result");
    }
  }
}
