package io.wavebeam.pipeline;

import io.wavebeam.common.StorageLocation;
import io.wavebeam.wfdb.WfdbFile;
import java.io.IOException;
import java.io.Serializable;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;

/**
 * A record file on any Beam file system ({@code s3://}, local, ...), reached through {@link FileSystems}. The size
 * comes from the file system's listing metadata (given by the planner's listing, or looked up once and cached);
 * reads of an object store go through a bounded read-ahead ({@link ReadAheadChannel}: a ranged GET for the first
 * 256 KiB, then one GET for the rest read in 2 MiB blocks three ahead, 8 MiB per open file at most) rather than
 * Beam's S3 channel, which copies every byte twice more.
 */
public final class BeamWfdbFile implements WfdbFile, Serializable {
  private static final long serialVersionUID = 1L;

  private final ResourceId id;
  private long size = -1;
  /** Sizes the planner's listing gave for this file's siblings, by location (may be empty). */
  private final Map<String, Long> listed;

  private BeamWfdbFile(ResourceId id, long size, Map<String, Long> listed) {
    this.id = id;
    this.size = size;
    this.listed = listed;
  }

  /** The file at {@code location} (a path or URI of a registered file system); its size is looked up on use. */
  public static BeamWfdbFile of(String location) {
    return listed(location, Map.of());
  }

  /**
   * The file at {@code location}, whose size and whose siblings' sizes are taken from {@code listedSizes} (by
   * location) where present and looked up on use otherwise.
   */
  public static BeamWfdbFile listed(String location, Map<String, Long> listedSizes) {
    return new BeamWfdbFile(FileSystems.matchNewResource(location, false),
        listedSizes.getOrDefault(location, -1L), listedSizes);
  }

  /** The file {@code id} whose size a listing gave. */
  public static BeamWfdbFile of(ResourceId id, long size) {
    return new BeamWfdbFile(id, size, Map.of());
  }

  /**
   * Starts reading the first bytes of {@code task}'s files on an object store (its header whole, and the start of
   * its signal files when the task reads from frame 0), so that opening them does not wait for a first request;
   * local files are left alone. Sizes come from the planner's listing; files without one are not prefetched.
   */
  public static void prefetch(WorkTask task) {
    if (task.problem() != null) {
      return;
    }
    for (Map.Entry<String, Long> file : task.fileSizes().entrySet()) {
      String location = file.getKey();
      if (task.from() > 0 && !location.equals(task.headerPath())) {
        continue; // a later chunk starts inside its signal files
      }
      ResourceId id = FileSystems.matchNewResource(location, false);
      if (!StorageLocation.isLocal(id)) {
        ReadAheadChannel.prefetch(id, file.getValue());
      }
    }
  }

  /** Drops the first bytes {@link #prefetch} asked for {@code task}'s files that no channel took. */
  public static void dropPrefetched(WorkTask task) {
    if (ReadAheadChannel.prefetchedFiles() == 0) {
      return;
    }
    for (String location : task.fileSizes().keySet()) {
      ReadAheadChannel.dropPrefetched(FileSystems.matchNewResource(location, false).toString());
    }
  }

  @Override
  public String location() {
    return id.toString();
  }

  @Override
  public WfdbFile resolveSibling(String relativeName) {
    ResourceId resolved = id.getCurrentDirectory().resolve(relativeName, StandardResolveOptions.RESOLVE_FILE);
    return new BeamWfdbFile(resolved, listed.getOrDefault(resolved.toString(), -1L), listed);
  }

  @Override
  public long size() throws IOException {
    if (size < 0) {
      if (isLocal()) {
        requireLocalRegularFile();
        size = Files.size(localPath());
      } else {
        MatchResult m = FileSystems.match(List.of(id.toString()), EmptyMatchTreatment.DISALLOW).get(0);
        if (m.status() == MatchResult.Status.NOT_FOUND) {
          throw new NoSuchFileException(location(), null, "no such file");
        }
        List<MatchResult.Metadata> found = m.metadata(); // throws the listing's IOException for other states
        if (found.size() != 1 || found.get(0).resourceId().isDirectory()
            || !found.get(0).resourceId().toString().equals(id.toString())) {
          throw new IOException(location() + ": not a regular file");
        }
        size = found.get(0).sizeBytes();
      }
    }
    return size;
  }

  @Override
  public SeekableByteChannel open() throws IOException {
    if (isLocal()) {
      requireLocalRegularFile();
      return Files.newByteChannel(localPath(), StandardOpenOption.READ);
    }
    return new ReadAheadChannel(id, size()); // size() refuses what is not a file before any GET
  }

  private boolean isLocal() {
    return StorageLocation.isLocal(id);
  }

  private Path localPath() {
    return Path.of(id.toString());
  }

  private void requireLocalRegularFile() throws IOException {
    Path path = localPath();
    if (!Files.exists(path)) {
      throw new NoSuchFileException(location(), null, "no such file");
    }
    if (!Files.isRegularFile(path)) {
      throw new IOException(location() + ": not a regular file (a folder, FIFO or device is never read)");
    }
  }

  @Override
  public String toString() {
    return location();
  }
}
