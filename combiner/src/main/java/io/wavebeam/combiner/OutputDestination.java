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
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Where pass 1.5's output goes, and how it becomes visible all at once. The pipeline writes everything into a
 * local {@link #staging()} folder; {@link #publish} then makes the named entries visible (a local rename, or an
 * upload to S3 with the SSE headers on every PUT), and {@link #discard} removes what a failed run left.
 */
public abstract sealed class OutputDestination permits OutputDestination.Local, OutputDestination.S3 {
  private static final Logger LOG = LoggerFactory.getLogger(OutputDestination.class);

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

  /** The local folder the pipeline writes into. */
  public abstract Path staging();

  /** Makes the staging entries {@code names} (files or folders, in this order) visible; returns what it wrote. */
  public abstract List<String> publish(List<String> names) throws IOException;

  /** Removes the staging folder (after success or failure). */
  public void discard() {
    deleteTree(staging());
  }

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

  /** A local folder: staging is a hidden sibling folder inside it, so every publish step is a rename. */
  static final class Local extends OutputDestination {
    private final Path dest;
    private final Path staging;

    Local(Path dest) throws IOException {
      this.dest = Files.createDirectories(dest);
      this.staging = dest.resolve(".pass1p5-staging-" + UUID.randomUUID());
    }

    @Override
    public Path staging() {
      return staging;
    }

    @Override
    public List<String> publish(List<String> names) throws IOException {
      List<String> written = new ArrayList<>();
      for (String name : names) {
        Path target = dest.resolve(name);
        // A file replaces a file atomically; a partitioned dataset folder is swapped out first.
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
    public String describe() {
      return dest.toString();
    }
  }

  /**
   * {@code s3://bucket/prefix}: staging is a local temporary folder, uploaded only once the run is complete. Each
   * object is one PutObject carrying the SSE headers (no multipart + copy that could lose them). If an upload
   * fails, every object already put by this run is deleted; objects of an earlier run under the dataset prefix
   * that this run did not rewrite are deleted after success (a dataset is replaced, not merged).
   */
  static final class S3 extends OutputDestination {
    private final String bucket;
    private final String prefix;
    private final S3Settings settings;
    private final Path staging;

    S3(String bucket, String prefix, S3Settings settings) throws IOException {
      if (bucket == null || bucket.isBlank()) {
        throw new IllegalArgumentException("no bucket in the S3 destination");
      }
      this.bucket = bucket;
      this.prefix = prefix;
      this.settings = settings;
      this.staging = Files.createTempDirectory("wavebeam-pass1p5-");
    }

    String key(String relative) {
      return prefix.isEmpty() ? relative : prefix + "/" + relative;
    }

    @Override
    public Path staging() {
      return staging;
    }

    @Override
    public List<String> publish(List<String> names) throws IOException {
      List<String> put = new ArrayList<>();
      try (S3Client s3 = settings.client()) {
        try {
          for (String name : names) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(staging.resolve(name))) {
              files = walk.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                  .sorted().toList();
            }
            for (Path file : files) {
              String key = key(staging.relativize(file).toString().replace('\\', '/'));
              PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key);
              if (settings.sse() != null) {
                request.serverSideEncryption(settings.sse());
                if (settings.kmsKeyId() != null) {
                  request.ssekmsKeyId(settings.kmsKeyId());
                }
              }
              s3.putObject(request.build(), RequestBody.fromFile(file));
              put.add(key);
            }
          }
        } catch (RuntimeException e) {
          LOG.error("upload to s3://{}/{} failed; deleting the {} objects this run put", bucket, prefix, put.size());
          for (String key : put) {
            try {
              s3.deleteObject(b -> b.bucket(bucket).key(key));
            } catch (RuntimeException suppressed) {
              e.addSuppressed(suppressed);
            }
          }
          throw e;
        }
        deleteStale(s3, names, new HashSet<>(put));
      }
      return put.stream().map(k -> "s3://" + bucket + "/" + k).toList();
    }

    /** Objects under a published folder's prefix (a partitioned dataset) that this run did not write. */
    private void deleteStale(S3Client s3, List<String> names, Set<String> put) {
      for (String name : names) {
        if (!Files.isDirectory(staging.resolve(name))) {
          continue;
        }
        ListObjectsV2Request list = ListObjectsV2Request.builder().bucket(bucket).prefix(key(name) + "/").build();
        for (S3Object o : s3.listObjectsV2Paginator(list).contents()) {
          if (!put.contains(o.key())) {
            s3.deleteObject(b -> b.bucket(bucket).key(o.key()));
          }
        }
      }
    }

    @Override
    public String describe() {
      return "s3://" + bucket + "/" + prefix;
    }
  }
}
