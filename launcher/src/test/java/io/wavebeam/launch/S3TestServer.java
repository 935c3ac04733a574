package io.wavebeam.launch;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** S3Proxy with its in-memory (transient) store on 127.0.0.1 and a random port; a real S3 protocol server. */
final class S3TestServer implements AutoCloseable {
  static final String ACCESS_KEY = "test-access";
  static final String SECRET_KEY = "test-secret";

  private final S3Proxy proxy;
  final S3Client client;

  S3TestServer() throws Exception {
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(10);
    }
    client = S3Client.builder().endpointOverride(URI.create(endpoint())).forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  String endpoint() {
    return "http://127.0.0.1:" + proxy.getPort();
  }

  void createBucket(String bucket) {
    client.createBucket(b -> b.bucket(bucket));
  }

  void put(String bucket, String key, byte[] bytes) {
    client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
  }

  /** Uploads every file below {@code dir} to {@code prefix} (keys use '/'). */
  void upload(Path dir, String bucket, String prefix) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        put(bucket, prefix + dir.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
      }
    }
  }

  @Override
  public void close() throws Exception {
    client.close();
    proxy.stop();
  }
}
