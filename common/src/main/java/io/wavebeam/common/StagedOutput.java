package io.wavebeam.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An output folder on any Beam file system whose files become visible all at once, or not at all. The workers
 * write into a hidden temporary folder inside the destination ({@code <dest>/.<job>-tmp-<uuid>/}, so every
 * worker reaches it the way it reaches the destination, never through the driver's disk); the driver then moves
 * the files into the destination in the order given (the manifest last) and deletes the temporary folder. A run
 * that fails calls {@link #discard} and leaves the destination as it was.
 */
public final class StagedOutput {
  private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);

  private final ResourceId destination;
  private final ResourceId staging;

  private StagedOutput(ResourceId destination, ResourceId staging) {
    this.destination = destination;
    this.staging = staging;
  }

  /** A new temporary folder for {@code job} (e.g. {@code pass1}) inside the folder {@code destination}. */
  public static StagedOutput in(ResourceId destination, String job) {
    return new StagedOutput(destination, destination.resolve("." + job + "-tmp-" + UUID.randomUUID() + "/",
        StandardResolveOptions.RESOLVE_DIRECTORY));
  }

  public ResourceId destination() {
    return destination;
  }

  public ResourceId staging() {
    return staging;
  }

  /** The staged file {@code name}. */
  public ResourceId staged(String name) {
    return staging.resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /** The published file {@code name}. */
  public ResourceId published(String name) {
    return destination.resolve(name, StandardResolveOptions.RESOLVE_FILE);
  }

  /** Writes {@code text} as the file {@code file} (through Beam: the file system's own atomicity applies). */
  public static void write(ResourceId file, String text) throws IOException {
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(file, MimeTypes.TEXT))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Opens {@code file} for reading through Beam. */
  public static InputStream open(ResourceId file) throws IOException {
    return Channels.newInputStream(FileSystems.open(file));
  }

  /** Whether {@code file} exists. */
  public static boolean exists(ResourceId file) throws IOException {
    MatchResult m = FileSystems.match(file.toString(), EmptyMatchTreatment.ALLOW);
    return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
  }

  /**
   * Moves the staged files {@code names} into the destination, in this order (a rename on a local disk, a copy
   * and delete on object stores), replacing files of an earlier run; returns the published locations.
   */
  public List<String> publish(List<String> names) throws IOException {
    List<String> published = new ArrayList<>();
    for (String name : names) {
      ResourceId to = published(name);
      FileSystems.rename(List.of(staged(name)), List.of(to));
      published.add(to.toString());
    }
    return published;
  }

  /** Deletes the temporary folder and everything in it; problems are logged, never thrown (cleanup only). */
  public void discard() {
    try {
      MatchResult m = FileSystems.match(staging + "**", EmptyMatchTreatment.ALLOW);
      List<ResourceId> files = new ArrayList<>();
      if (m.status() == MatchResult.Status.OK) {
        for (MatchResult.Metadata md : m.metadata()) {
          files.add(md.resourceId());
        }
      }
      if (!files.isEmpty()) {
        FileSystems.delete(files);
      }
      if (StorageLocation.isLocal(staging)) {
        // object stores have no folders; a local one is removed once empty
        java.nio.file.Files.deleteIfExists(java.nio.file.Path.of(staging.toString()));
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not delete the temporary folder {}: {}", staging, e.toString());
    }
  }
}
