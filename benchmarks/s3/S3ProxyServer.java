import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server for the pass-1 S3 benchmark (docs/benchmarks.md): S3Proxy with its in-memory
 * (transient) store on 127.0.0.1:PORT, bucket BUCKET holding every file below DIR under PREFIX. Runs until
 * killed. Single-file program: java -cp "$(cat cp.txt)" benchmarks/s3/S3ProxyServer.java PORT BUCKET PREFIX DIR
 * (the class path of the pipeline module's tests, which has S3Proxy). Credentials: bench-access / bench-secret.
 */
public class S3ProxyServer {
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    String bucket = args[1];
    String prefix = args[2];
    Path dir = Path.of(args[3]);
    S3Proxy proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore())
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench-access", "bench-secret").build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(10);
    }
    try (S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://127.0.0.1:" + port))
        .forcePathStyle(true).region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("bench-access", "bench-secret"))).build()) {
      s3.createBucket(b -> b.bucket(bucket));
      List<Path> files;
      try (Stream<Path> walk = Files.walk(dir)) {
        files = walk.filter(Files::isRegularFile).toList();
      }
      long bytes = 0;
      for (Path f : files) {
        String key = prefix + dir.relativize(f).toString().replace('\\', '/');
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromFile(f));
        bytes += Files.size(f);
      }
      System.out.println("ready: " + files.size() + " objects, " + bytes + " bytes in s3://" + bucket + "/" + prefix);
    }
    Thread.currentThread().join(); // until killed
  }
}
