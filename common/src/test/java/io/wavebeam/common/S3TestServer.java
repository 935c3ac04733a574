package io.wavebeam.common;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 server of every module's tests: S3Proxy with its in-memory (transient) store on 127.0.0.1 and a random
 * port, a real S3 protocol server (its transient store accepts SSE-KMS headers), with an SDK client on it.
 *
 * <p>Two ways to hold one: {@link #start()} for a test class's lifetime (close it in {@code @AfterAll}), or
 * {@link #perTest} in a {@code @RegisterExtension} field for a fresh server around every test, with its buckets
 * created and the test credentials in the SDK's default chain while the test runs. The module
 * using it needs S3Proxy's test-scope pins (jackson-annotations 2.22, jakarta.servlet-api 6): see common's pom.
 */
public final class S3TestServer implements AutoCloseable, BeforeEachCallback, AfterEachCallback {
  public static final String ACCESS_KEY = "test-access";
  public static final String SECRET_KEY = "test-secret";
  /** The bucket of the module tests' S3 runs (each test has a fresh server, so one name serves them all). */
  public static final String BUCKET = "wavebeam";
  /** A KMS key ARN for SSE-KMS requests: the transient store records it on each object without a KMS behind it. */
  public static final String KMS_KEY_ARN =
      "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  private final List<String> buckets;
  private S3Proxy proxy;
  private S3Client client;

  private S3TestServer(List<String> buckets) {
    this.buckets = buckets;
  }

  /** A server started now; close it when done. */
  public static S3TestServer start() throws Exception {
    S3TestServer server = new S3TestServer(List.of());
    server.startServer();
    return server;
  }

  /**
   * A server that a JUnit extension field starts before each test, with {@code buckets} and the default
   * credentials set, and stops after it.
   */
  public static S3TestServer perTest(String... buckets) {
    return new S3TestServer(List.of(buckets));
  }

  /**
   * The code under test takes its credentials from the SDK's default chain, as in a container: the chain reads
   * these system properties first (no mock of the SDK).
   */
  public static void setDefaultCredentials() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  public static void clearDefaultCredentials() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private void startServer() throws Exception {
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    client = S3Client.builder().endpointOverride(uri()).forcePathStyle(true).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** An SDK client on this server (path-style, the test credentials). */
  public S3Client client() {
    return client;
  }

  public String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  public URI uri() {
    return URI.create(endpoint());
  }

  /** Points a pass's S3 options at this server (region us-east-1). */
  public void applyTo(S3PipelineOptions options) {
    options.setS3Endpoint(endpoint());
    options.setS3Region("us-east-1");
  }

  public void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  public void put(String bucket, String key, byte[] bytes) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Uploads every file below {@code dir} to {@code prefix} (keys use '/'). */
  public void upload(Path dir, String bucket, String prefix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String key = prefix + dir.relativize(f).toString().replace('\\', '/');
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
      }
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) throws Exception {
    startServer();
    buckets.forEach(this::createBucket);
    setDefaultCredentials();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    clearDefaultCredentials();
    close();
  }

  @Override
  public void close() throws Exception {
    if (client != null) {
      client.close();
    }
    if (proxy != null) {
      proxy.stop();
    }
    client = null;
    proxy = null;
  }
}
