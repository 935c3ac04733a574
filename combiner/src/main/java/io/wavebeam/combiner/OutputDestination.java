package io.wavebeam.combiner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where pass 1.5's output goes, and how it becomes visible all at once. Workers write the dataset's part files
 * into a temporary prefix of the destination ({@link #workerStaging()}: a hidden folder inside a local DEST, or a
 * hidden prefix under an S3 DEST), never onto the driver's disk. The driver writes the small files
 * ({@code signal_stats.csv}, the manifest) into {@link #driverStaging()}, then {@link #publish} makes everything
 * visible (local renames; on S3 server-side copies of the parts and uploads of the small files, every request
 * with the SSE headers, the manifest last), and {@link #discard} removes what a run left in staging.
 */
public abstract sealed class OutputDestination permits OutputDestination.Local, OutputDestination.S3 {
  private static final Logger LOG = LoggerFactory.getLogger(OutputDestination.class);
  static final String STAGING_PREFIX = ".pass1p5-staging-";

  /** A local folder, or {@code s3://bucket/prefix}. */
  public static OutputDestination of(String dest, S3Settings s3) throws IOException {
    if (dest.startsWith("s3://")) {
      URI uri = URI.create(dest);
      String prefix = uri.getPath() == null ? "" : uri.getPath().replaceAll("^/+", "").replaceAll("/+$", "");
      return new S3(uri.getHost(), prefix, s3);
    }
    if (s3.encrypts()) {
      throw new IllegalArgumentException("--sse/--kms-key-id apply to s3:// destinations only, not " + dest);
    }
    return new Local(Path.of(dest).toAbsolutePath().normalize());
  }

  private final StagingArea workerStaging;
  private final Path driverStaging;

  OutputDestination(StagingArea workerStaging, Path driverStaging) {
    this.workerStaging = workerStaging;
    this.driverStaging = driverStaging;
  }

  /** The temporary prefix the workers write part files into. */
  public StagingArea workerStaging() {
    return workerStaging;
  }

  /** A local folder for the files the driver writes itself. */
  public Path driverStaging() {
    return driverStaging;
  }

  /** A dataset folder of DEST and its part files (relative to it), as staged by the workers. */
  public record Dataset(String name, List<String> parts) {}

  /**
   * Publishes the dataset folders {@code datasets}, removes the datasets {@code absent} (an earlier run's, which
   * this run does not have: a dataset is replaced, never left stale), then publishes the driver's {@code files} (in
   * this order: the manifest last); returns what it wrote.
   */
  public abstract List<String> publish(List<Dataset> datasets, List<String> absent, List<String> files)
      throws IOException;

  /** Removes the staging area (after success or failure). */
  public abstract void discard();

  public abstract String describe();

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A local folder: staging is a hidden folder inside it, so every publish step is a rename. */
  static final class Local extends OutputDestination {
    private final Path dest;
    private final Path staging;

    Local(Path dest) throws IOException {
      this(Files.createDirectories(dest), Files.createDirectories(dest.resolve(STAGING_PREFIX + UUID.randomUUID())));
    }

    private Local(Path dest, Path staging) {
      super(new StagingArea.Folder(staging.toString()), staging);
      this.dest = dest;
      this.staging = staging;
    }

    @Override
    public List<String> publish(List<Dataset> datasets, List<String> absent, List<String> files)
        throws IOException {
      List<String> written = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Dataset d : datasets) {
        Files.createDirectories(staging.resolve(d.name()));
        names.add(d.name());
      }
      for (String name : absent) {
        deleteTree(dest.resolve(name));
      }
      names.addAll(files);
      for (String name : names) {
        Path target = dest.resolve(name);
        // A file replaces a file atomically; the dataset folder (or an older single-file dataset) is swapped out.
        if (Files.isDirectory(target) || Files.isDirectory(staging.resolve(name))) {
          deleteTree(target);
        }
        Files.move(staging.resolve(name), target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
        written.add(target.toString());
      }
      return written;
    }

    @Override
    public void discard() {
      deleteTree(staging);
    }

    @Override
    public String describe() {
      return dest.toString();
    }
  }

  /**
   * {@code s3://bucket/prefix}: parts are staged under {@code prefix/.pass1p5-staging-UUID/} by the workers and
   * copied server-side to their final keys (CopyObject with the SSE headers: a copy does not keep the source's
   * encryption settings, and there is no multipart copy that could drop them; so one part is limited to 5 GB).
   * If a step fails, every object already written by this run is deleted; objects of an earlier run under the
   * dataset prefix that this run did not rewrite are deleted after success (a dataset is replaced, not merged).
   */
  static final class S3 extends OutputDestination {
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;
    private final String stagingPrefix;
    private final Path local;

    S3(String bucket, String prefix, S3Settings settings) throws IOException {
      this(requireBucket(bucket), prefix, settings, key(prefix, STAGING_PREFIX + UUID.randomUUID()));
    }

    private S3(String bucket, String prefix, S3Settings settings, String stagingPrefix) throws IOException {
      super(new StagingArea.S3(bucket, stagingPrefix, settings), Files.createTempDirectory("wavebeam-pass1p5-"));
      this.bucket = bucket;
      this.prefix = prefix;
      this.settings = settings;
      this.stagingPrefix = stagingPrefix;
      this.local = driverStaging();
    }

    private static String requireBucket(String bucket) {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("no bucket in the S3 destination");
      }
      return bucket;
    }

    private static String key(String prefix, String relative) {
      return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    String key(String relative) {
      return key(prefix, relative);
    }

    @Override
    public List<String> publish(List<Dataset> datasets, List<String> absent, List<String> files)
        throws IOException {
      List<String> put = new ArrayList<>();
      try (S3Client s3 = settings.client()) {
        try {
          for (Dataset d : datasets) {
            for (String part : d.parts()) {
              String key = key(d.name() + "/" + part);
              s3.copyObject(settings.copy(CopyObjectRequest.builder()
                  .sourceBucket(bucket).sourceKey(stagingPrefix + "/" + d.name() + "/" + part)
                  .destinationBucket(bucket).destinationKey(key)));
              put.add(key);
            }
            deleteStale(s3, key(d.name()) + "/", new HashSet<>(put));
          }
          for (String name : absent) {
            deleteStale(s3, key(name) + "/", Set.of());
          }
          for (String file : files) {
            String key = key(file);
            s3.putObject(settings.put(PutObjectRequest.builder().bucket(bucket).key(key)),
                RequestBody.fromFile(local.resolve(file)));
            put.add(key);
          }
        } catch (RuntimeException e) {
          LOG.error("publishing to s3://{}/{} failed; deleting the {} objects this run wrote", bucket, prefix,
              put.size());
          for (String key : put) {
            try {
              s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          }
          throw e;
        }
      }
      return put.stream().map(k -> "s3://" + bucket + "/" + k).toList();
    }

    /** Objects under the dataset prefix that this run did not write (an earlier run's parts). */
    private void deleteStale(S3Client s3, String datasetPrefix, Set<String> put) {
      ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(bucket).prefix(datasetPrefix).build();
      for (S3Object o : s3.listObjectsV2Paginator(list).contents()) {
        if (!put.contains(o.key())) {
          s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
      }
      // an earlier single-file dataset has the folder's name without the slash
      String single = datasetPrefix.substring(0, datasetPrefix.length() - 1);
      s3.deleteObject(b -> b.bucket(bucket).key(single));
    }

    @Override
    public void discard() {
      deleteTree(local);
      try (S3Client s3 = settings.client()) {
        ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(bucket).prefix(stagingPrefix + "/")
            .build();
        for (S3Object o : s3.listObjectsV2Paginator(list).contents()) {
          s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
        }
      } catch (RuntimeException e) {
        LOG.warn("could not remove the staging objects under s3://{}/{}/: {}", bucket, stagingPrefix,
            e.getMessage());
      }
    }

    @Override
    public String describe() {
      return "s3://" + bucket + "/" + prefix;
    }
  }
}
