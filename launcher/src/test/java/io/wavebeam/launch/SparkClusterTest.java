package io.wavebeam.launch;

import io.wavebeam.common.S3TestServer;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.cli.CliRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@code run pass1} and {@code run pass1p5 --spark-master spark://...} on a real Spark standalone cluster (a master
 * and two workers, separate JVMs on 127.0.0.1, see {@link SparkStandaloneCluster}) from {@code s3://} to
 * {@code s3://} through S3Proxy: the published files must be byte for byte the DirectRunner's local run.
 *
 * <p>The workers' Spark has no wavebeam classes and no {@code SPARK_SCALA_VERSION}: the run only works when
 * wavebeam stages its classes and sets what the executors need. The jobs name no local path, so a worker can only
 * reach its input and output through S3; the executors take their S3 credentials from their own environment
 * (the workers'), as on a real cluster, and the endpoint and region from the pipeline options.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkClusterTest {
  private static final String BUCKET = "cluster";
  private static final String KEY = "arn:aws:kms:us-east-1:111122223333:key/cluster-test";
  private static final Path TESTDATA = Path.of(System.getProperty("wavebeam.testdata.dir", "../testdata"))
      .toAbsolutePath().normalize();

  @TempDir static Path tmp;
  private S3TestServer s3;
  private SparkStandaloneCluster cluster;
  private double clusterStartS;

  @BeforeAll
  void startS3AndTheCluster() throws Exception {
    s3 = S3TestServer.start();
    s3.createBucket(BUCKET);
    for (String group : List.of("30", "31")) {
      s3.upload(TESTDATA.resolve(group), BUCKET, "in/" + group + "/");
    }
    // the driver (this JVM) and the executors (the workers' environment) find credentials in the SDK's chain
    S3TestServer.setDefaultCredentials();
    long started = System.nanoTime();
    cluster = new SparkStandaloneCluster(tmp.resolve("cluster"), TESTDATA.getParent(), 2,
        Map.of("AWS_ACCESS_KEY_ID", S3TestServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3TestServer.SECRET_KEY,
            "AWS_REGION", "us-east-1"));
    clusterStartS = (System.nanoTime() - started) / 1e9;
    System.out.printf(Locale.ROOT, "SparkClusterTest: master and 2 workers up in %.1f s%n", clusterStartS);
  }

  @AfterAll
  void stop() throws Exception {
    S3TestServer.clearDefaultCredentials();
    if (cluster != null) {
      cluster.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  @Order(1)
  void pass1OnTheClusterFromS3ToS3IsTheLocalRunByteForByte() throws Exception {
    for (String group : List.of("30", "31")) {
      Path local = tmp.resolve("local/" + group);
      CliRun direct = CliRun.run("run", "pass1", "--input", TESTDATA.resolve(group).toString(), "--output",
          local.toString(), "--parallelism", "2");
      assertEquals(0, direct.exit(), direct.toString());

      long started = System.nanoTime();
      CliRun onCluster = CliRun.run("run", "pass1", "--input", "s3://" + BUCKET + "/in/" + group + "/",
          "--output", "s3://" + BUCKET + "/out/" + group + "/", "--spark-master", cluster.masterUrl(),
          "--parallelism", "2", "--s3-endpoint", s3.endpoint(), "--s3-region", "us-east-1");
      System.out.printf(Locale.ROOT, "SparkClusterTest: pass 1 of group %s on the cluster in %.1f s%n", group,
          (System.nanoTime() - started) / 1e9);
      System.out.print(cluster.executorTimeline());
      assertEquals(0, onCluster.exit(), onCluster + "\n" + cluster.executorLogs());

      String prefix = "out/" + group + "/";
      assertEquals(List.of(prefix + "errors.jsonl", prefix + "manifest.json", prefix + "ws_df_group.json"),
          keys(prefix), "only the published files, no temporary folder left");
      byte[] rows = get(prefix + "ws_df_group.json");
      assertTrue(rows.length > 1000, "rows were published: " + rows.length + " bytes");
      assertArrayEquals(Files.readAllBytes(local.resolve("ws_df_group.json")), rows, group + " ws_df_group.json");
      assertArrayEquals(Files.readAllBytes(local.resolve("errors.jsonl")), get(prefix + "errors.jsonl"),
          group + " errors.jsonl");
      JsonNode manifest = new ObjectMapper().readTree(get(prefix + "manifest.json"));
      JsonNode localManifest = new ObjectMapper().readTree(local.resolve("manifest.json").toFile());
      assertEquals("spark", manifest.path("runner").asText(), manifest.toString());
      for (String count : List.of("records", "signals", "samples", "failures")) {
        assertEquals(localManifest.path(count).asLong(), manifest.path(count).asLong(), count);
      }
      assertTrue(manifest.path("records").asLong() > 0, manifest.toString());
    }
  }

  @Test
  @Order(2)
  void pass1p5OnTheClusterFromS3ToS3WithSseKmsIsTheLocalRun() throws Exception {
    Path local = tmp.resolve("summary-local");
    CliRun direct = CliRun.run("run", "pass1p5", "--input", tmp.resolve("local").toString(), "--output",
        local.toString(), "--parallelism", "2");
    assertEquals(0, direct.exit(), direct.toString());

    long started = System.nanoTime();
    CliRun onCluster = CliRun.run("run", "pass1p5", "--input", "s3://" + BUCKET + "/out/", "--output",
        "s3://" + BUCKET + "/summary/", "--kms-key-id", KEY, "--spark-master", cluster.masterUrl(),
        "--parallelism", "2", "--s3-endpoint", s3.endpoint(), "--s3-region", "us-east-1");
    System.out.printf(Locale.ROOT, "SparkClusterTest: pass 1.5 on the cluster in %.1f s%n",
        (System.nanoTime() - started) / 1e9);
    System.out.print(cluster.executorTimeline());
    assertEquals(0, onCluster.exit(), onCluster + "\n" + cluster.executorLogs());

    List<String> keys = keys("summary/");
    assertEquals(List.of("summary/pass1p5_manifest.json", "summary/signal_stats.csv",
        "summary/waveform_summary.parquet/part-00000.parquet", "summary/waveform_summary.parquet/part-00001.parquet"),
        keys, "one Parquet part per group file");
    for (String key : keys) {
      HeadObjectResponse head = s3.client().headObject(b -> b.bucket(BUCKET).key(key));
      assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), key);
      assertEquals(KEY, head.ssekmsKeyId(), key);
    }
    String stats = new String(get("summary/signal_stats.csv"), StandardCharsets.UTF_8);
    assertTrue(stats.lines().count() > 2, "stats rows: " + stats);
    // pass 1.5 sums exactly and rounds once, so the statistics do not depend on the runner or the order
    assertEquals(Files.readString(local.resolve("signal_stats.csv")), stats, "signal_stats.csv byte for byte");
    List<String> rows = new java.util.ArrayList<>();
    for (String key : keys) {
      if (key.endsWith(".parquet")) {
        Path part = tmp.resolve("cluster-" + key.replace('/', '-'));
        Files.write(part, get(key));
        rows.addAll(parquetRows(part));
      }
    }
    rows.sort(null);
    List<String> localRows = new java.util.ArrayList<>();
    try (var parts = Files.list(local.resolve("waveform_summary.parquet"))) {
      for (Path part : parts.filter(f -> f.toString().endsWith(".parquet")).toList()) {
        localRows.addAll(parquetRows(part));
      }
    }
    localRows.sort(null);
    long pass1Rows = Files.readAllLines(tmp.resolve("local/30/ws_df_group.json")).size()
        + Files.readAllLines(tmp.resolve("local/31/ws_df_group.json")).size();
    assertTrue(pass1Rows > 50, "pass-1 rows: " + pass1Rows);
    assertEquals(pass1Rows, rows.size(), "one row per pass-1 row of groups 30 and 31");
    assertEquals(localRows, rows, "the same rows");
  }

  private static List<String> parquetRows(Path file) throws Exception {
    List<String> rows = new java.util.ArrayList<>();
    try (var reader = org.apache.parquet.avro.AvroParquetReader.<org.apache.avro.generic.GenericRecord>builder(
        new org.apache.parquet.io.LocalInputFile(file)).build()) {
      for (var row = reader.read(); row != null; row = reader.read()) {
        rows.add(row.toString());
      }
    }
    rows.sort(null);
    return rows;
  }

  private List<String> keys(String prefix) {
    return s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).sorted().toList();
  }

  private byte[] get(String key) {
    return s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asByteArray();
  }
}
