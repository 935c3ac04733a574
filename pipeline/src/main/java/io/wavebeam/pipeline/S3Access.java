package io.wavebeam.pipeline;

import java.net.URI;
import java.util.Locale;
import io.wavebeam.common.WorkerOptions;
import org.apache.beam.sdk.io.aws2.common.HttpClientConfiguration;
import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Sets up Beam's {@code s3://} file system from wavebeam's S3 options: endpoint (else the SDK's
 * {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}), region, and server-side encryption of what is written.
 * Credentials stay with the SDK's default chain.
 */
public final class S3Access {
  /** Threads of Beam's S3 file system for its own requests (listing, heads, copies on publishing, deletes). */
  static final int S3_FILE_SYSTEM_THREADS = 8;
  /** The SDK's own pool size, which a run never goes below. */
  static final int MIN_CONNECTIONS = 50;

  private S3Access() {}

  /** Configures {@code options}' S3 settings; a bad combination is an {@link IllegalArgumentException}. */
  public static void configure(PipelineOptions options, String endpoint, String region, String sse,
      String kmsKeyId) {
    S3Options s3 = options.as(S3Options.class);
    // Beam's S3 file system runs every match, copy and delete on a fixed pool of this many threads, one new thread
    // per task until the pool is full: with Beam's default (50) a pass-1 run from S3 held ~100 idle threads (one
    // pool per file-system instance) and ~13 MB of their stacks (NMT, docs/benchmarks.md). Requests are short, and
    // the ranged reads of signal files run on their own threads (ReadAheadChannel), so a few are enough.
    s3.setS3ThreadPoolSize(S3_FILE_SYSTEM_THREADS);
    s3.setHttpClientConfiguration(HttpClientConfiguration.builder().maxConnections(connectionsFor(options)).build());
    String e = firstNonBlank(endpoint, System.getenv("AWS_ENDPOINT_URL_S3"), System.getenv("AWS_ENDPOINT_URL"));
    if (e != null) {
      try {
        URI uri = URI.create(e);
        if (uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("no scheme or host");
        }
        s3.setEndpoint(uri);
      } catch (IllegalArgumentException bad) {
        throw new io.wavebeam.common.InvalidLocationException("S3 endpoint '" + e + "' is not a URL like http://127.0.0.1:9000");
      }
      // An S3-compatible server is addressed path-style (no bucket.host names for an IP or localhost).
      s3.setS3ClientFactoryClass(PathStyleS3ClientFactory.class);
    }
    String r = firstNonBlank(region);
    if (r != null) {
      s3.setAwsRegion(Region.of(r));
    } else {
      // never Beam's default (the SDK's whole chain, whose EC2 metadata lookup times out off EC2)
      s3.setAwsRegion(defaultRegion());
    }
    String key = firstNonBlank(kmsKeyId);
    String algorithm = firstNonBlank(sse);
    if (algorithm != null) {
      String a = algorithm.toLowerCase(Locale.ROOT);
      if (!a.equals("aws:kms") && !a.equals("aes256")) {
        throw new io.wavebeam.common.InvalidLocationException("unknown --sse '" + sse + "' (aws:kms or AES256)");
      }
      algorithm = a.equals("aes256") ? "AES256" : "aws:kms";
    }
    if (key != null && algorithm == null) {
      algorithm = "aws:kms";
    }
    if (key != null && !algorithm.equals("aws:kms")) {
      throw new io.wavebeam.common.InvalidLocationException("--kms-key-id needs --sse aws:kms, not " + sse);
    }
    if (algorithm != null) {
      s3.setSSEAlgorithm(algorithm);
      if (key != null) {
        s3.setSSEKMSKeyId(key);
      }
    }
  }

  /**
   * Connections the S3 client may keep: each open signal file holds one for its body for as long as it is read
   * ({@link ReadAheadChannel}), so a run needs one per worker, one per prefetched file, and the file system's own
   * requests beside them. The SDK's pool of 50 would make the 51st worker of a large machine wait for a connection
   * (and fail after the SDK's 10 s) while the others read.
   */
  static int connectionsFor(PipelineOptions options) {
    int workers = options instanceof WorkerOptions w && w.getParallelism() > 0 ? w.getParallelism()
        : Runtime.getRuntime().availableProcessors();
    return Math.max(MIN_CONNECTIONS, 2 * workers + ReadAheadChannel.PREFETCHED_FILES + S3_FILE_SYSTEM_THREADS);
  }

  /** Whether {@link #configure} asked for server-side encryption. */
  public static boolean encrypts(PipelineOptions options) {
    return options.as(S3Options.class).getSSEAlgorithm() != null;
  }

  /**
   * The region when none is given: the SDK's environment, system properties and profile, else us-east-1 (never
   * the EC2 metadata lookup). Shared by pass 1, pass 1.5 and the report.
   */
  public static Region defaultRegion() {
    try {
      // environment, system properties and profile only: the chain's last step asks the EC2 instance metadata
      // service, which off EC2 costs a time-out on every run
      return new software.amazon.awssdk.regions.providers.AwsRegionProviderChain(
          new software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider(),
          new software.amazon.awssdk.regions.providers.AwsProfileRegionProvider()).getRegion();
    } catch (RuntimeException e) {
      return Region.US_EAST_1;
    }
  }

  private static String firstNonBlank(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** Beam's S3 client, addressed path-style (S3-compatible servers on an IP address or localhost). */
  public static final class PathStyleS3ClientFactory implements S3ClientBuilderFactory {
    @Override
    public S3ClientBuilder createBuilder(S3Options options) {
      return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
    }
  }
}
