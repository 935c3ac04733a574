package io.wavebeam.launch;

import io.wavebeam.common.S3TestServer;
import io.wavebeam.cli.CliRun;

import static io.wavebeam.cli.CliRun.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.cli.WavebeamCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The two-pass flow on one machine: {@code launch pass1 --local} and {@code launch pass1p5 --local} over
 * {@code testdata/} uploaded to an in-process S3 server. Each job is a separate process started with
 * {@code java -cp <the test class path> io.wavebeam.cli.WavebeamCommand container ...} (LocalExecutor's default
 * when not run from the jar), because during {@code mvn test} the shaded jar is not built yet.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalLaunchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String BUCKET = "wavebeam-demo";
  static final String KEY = "arn:aws:kms:us-east-1:123456789012:key/demo";
  static S3TestServer s3;

  @BeforeAll
  static void upload() throws Exception {
    LaunchTestSupport.dummyCredentials();
    s3 = S3TestServer.start();
    s3.createBucket(BUCKET);
    Path testdata = ContainerEntrypointTest.testdata();
    s3.upload(testdata.resolve("30"), BUCKET, "data_inputs/30/");
    s3.upload(testdata.resolve("31"), BUCKET, "data_inputs/31/");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  static String[] local(String pass, String... more) {
    String[] base = {"launch", pass, "--local", "--bucket", BUCKET, "--run-id", "demo", "--region", "us-east-1",
        "--endpoint-url", s3.endpoint(), "--kms-key-id", KEY, "--poll-interval", "100ms", "--max-concurrent", "2"};
    String[] all = Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  @Test
  void aRunningJobShowsTheLastProgressLineOfItsProcess() throws Exception {
    Path log = Files.createTempFile("container", ".log");
    try {
      assertEquals(java.util.Optional.empty(), LocalExecutor.lastProgressLine(log));
      StringBuilder b = new StringBuilder();
      b.append("01:29:08 INFO Pass1Pipeline: group 30: 20 headers, 14 records in 8 work units\n");
      b.append("pass 1 group 30: 0.0% 0/14 records, 0.0/1.2 MB, 0:00 elapsed, ETA unknown, 0 failed\n");
      b.append("pass 1 group 30: 42.9% 6/14 records, 0.5/1.2 MB, 0.1 MB/s, 0:04 elapsed, ETA 0:05, 1 failed\n");
      // Spark's and Beam's log lines come between: they are not progress
      b.append("26/12/02 01:29:12 WARN TaskSetManager: Stage 1 contains a task of very large size (3 KiB).\n");
      b.append("x".repeat(LocalExecutor.LOG_TAIL_BYTES / 2)).append("\n");
      Files.writeString(log, b.toString());
      assertEquals("pass 1 group 30: 42.9% 6/14 records, 0.5/1.2 MB, 0.1 MB/s, 0:04 elapsed, ETA 0:05, 1 failed",
          LocalExecutor.lastProgressLine(log).orElseThrow());
      Files.writeString(log, "pass 1 group 30: 100% 14/14 records, 1.2/1.2 MB, done in 0:09, 1 failed\n",
          java.nio.file.StandardOpenOption.APPEND);
      assertEquals("pass 1 group 30: 100% 14/14 records, 1.2/1.2 MB, done in 0:09, 1 failed",
          LocalExecutor.lastProgressLine(log).orElseThrow());
      // only the log's tail is read: a progress line further back is not shown again
      Files.writeString(log, "y".repeat(LocalExecutor.LOG_TAIL_BYTES) + "\n", java.nio.file.StandardOpenOption.APPEND);
      assertEquals(java.util.Optional.empty(), LocalExecutor.lastProgressLine(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  HeadObjectResponse head(String key) {
    return s3.client().headObject(b -> b.bucket(BUCKET).key(key));
  }

  @Test
  @Order(0)
  void aFailingContainerFailsItsJobAndNamesItsLog() {
    // 'false' stands in for a container that exits with 1 at once.
    CliRun r = run(local("pass1", "--groups", "30", "--local-command", "false"));
    assertEquals(3, r.exit(), r.toString());
    assertTrue(r.out().contains("reason: container exited with 1"), r.out());
    assertTrue(r.out().contains("container.log"), r.out());
    assertTrue(s3.client().listObjectsV2(b -> b.bucket(BUCKET).prefix("data_outputs/")).contents().isEmpty(),
        "a failed job uploads nothing");
  }

  @Test
  @Order(1)
  void pass1LocalRunsEveryGroupAndUploadsWithSseKms() throws Exception {
    // The direct runner keeps the two job processes quick; the container test covers Spark.
    CliRun r = run(local("pass1", "--groups", "auto", "--local-runner", "direct"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("2 of 2 succeeded"), r.out());
    // progress of the jobs (stderr is not a terminal: plain lines), from none done to both
    List<String> progress = r.err().lines().filter(l -> l.startsWith("launch: ")).toList();
    assertTrue(progress.size() >= 2, r.err());
    assertTrue(progress.get(0).startsWith("launch: 0.0% 0/2 jobs"), progress.toString());
    assertTrue(progress.get(progress.size() - 1).startsWith("launch: 100% 2/2 jobs, done in "), progress.toString());
    assertTrue(progress.get(progress.size() - 1).endsWith(", 0 failed"), progress.toString());
    for (String g : new String[] {"30", "31"}) {
      String prefix = "data_outputs/" + g + "/";
      JsonNode manifest = JSON.readTree(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(prefix
          + "manifest.json")).asUtf8String());
      assertEquals(g, manifest.path("group").asText());
      assertEquals(0, manifest.path("failures").asLong(), manifest.toString());
      assertTrue(manifest.path("records").asLong() > 0, manifest.toString());
      for (String file : new String[] {"manifest.json", "ws_df_group.json", "errors.jsonl"}) {
        HeadObjectResponse h = head(prefix + file);
        assertEquals(ServerSideEncryption.AWS_KMS, h.serverSideEncryption(), file);
        assertEquals(KEY, h.ssekmsKeyId(), file);
      }
      assertTrue(head(prefix + "ws_df_group.json").contentLength() > 0);
    }
    // Run again: the outputs are there, so both groups are skipped.
    CliRun again = run(local("pass1", "--groups", "30,31"));
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.err().contains("30: skipped") && again.err().contains("31: skipped"), again.err());
  }

  @Test
  @Order(2)
  void pass1p5LocalWritesParquetAndSignalStatsWithSseKms(@TempDir Path tmp) throws Exception {
    CliRun r = run(local("pass1p5", "--local-runner", "direct"));
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("1 of 1 succeeded"), r.out());

    // The dataset is a folder of part files, one per group file (pass 1.5, issue 13).
    List<String> parts = s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)
        .prefix("data_combined/waveform_summary.parquet/")).contents().stream().map(o -> o.key()).sorted().toList();
    assertEquals(2, parts.size(), parts.toString());
    Map<String, Integer> rowsPerGroup = new TreeMap<>();
    for (String part : parts) {
      Path parquet = tmp.resolve(part.substring(part.lastIndexOf('/') + 1));
      s3.client().getObject(b -> b.bucket(BUCKET).key(part), parquet);
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(
          new LocalInputFile(parquet)).build()) {
        for (GenericRecord row = reader.read(); row != null; row = reader.read()) {
          rowsPerGroup.merge(String.valueOf(row.get("group")), 1, Integer::sum);
        }
      }
    }
    assertEquals(List.of("30", "31"), List.copyOf(rowsPerGroup.keySet()), rowsPerGroup.toString());
    // Every (segment, signal) row of pass 1 is one Parquet row.
    for (String g : rowsPerGroup.keySet()) {
      String rows = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("data_outputs/" + g + "/ws_df_group.json"))
          .asUtf8String();
      assertEquals(rows.lines().filter(l -> !l.isBlank()).count(), (long) rowsPerGroup.get(g), g);
    }

    List<String> csv = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("data_combined/signal_stats.csv"))
        .asUtf8String().lines().toList();
    assertTrue(csv.get(0).startsWith("signal_normalized,"), csv.get(0));
    assertTrue(csv.size() > 1, csv.toString());

    for (String key : Stream.concat(parts.stream(), Stream.of("data_combined/signal_stats.csv",
        "data_combined/" + LaunchPlan.PASS1P5_MANIFEST)).toList()) {
      HeadObjectResponse h = head(key);
      assertEquals(ServerSideEncryption.AWS_KMS, h.serverSideEncryption(), key);
      assertEquals(KEY, h.ssekmsKeyId(), key);
    }
    // The combined output is there now: a second launch skips the job.
    CliRun again = run(local("pass1p5"));
    assertEquals(0, again.exit(), again.toString());
    assertTrue(again.err().contains("pass1p5: skipped"), again.err());
  }

  @Test
  @Order(3)
  void pass1DirectLocalReadsAndWritesS3ItselfWithNoCopy(@TempDir Path work) throws Exception {
    // after @Order(1): the File-mode output of group 30 is the reference
    String[] args = local("pass1", "--groups", "30", "--input-mode", "Direct", "--output-prefix", "direct_outputs",
        "--local-runner", "direct", "--local-work-dir", work.toString());
    args[Arrays.asList(args).indexOf("--run-id") + 1] = "direct";
    CliRun r = run(args);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("1 of 1 succeeded"), r.out());
    Path job = work.resolve("wb-direct-p1-30");
    assertTrue(Files.isDirectory(job.resolve("ml/config")), "the job ran in " + job);
    assertFalse(Files.exists(job.resolve("ml/processing/input")), "no input was copied");
    assertFalse(Files.exists(job.resolve("ml/processing/output")), "no output folder was uploaded");
    String log = Files.readString(job.resolve("container.log"));
    assertTrue(log.contains("s3://" + BUCKET + "/data_inputs/30/"), log);
    for (String file : new String[] {"manifest.json", "ws_df_group.json", "errors.jsonl"}) {
      HeadObjectResponse h = head("direct_outputs/30/" + file);
      assertEquals(ServerSideEncryption.AWS_KMS, h.serverSideEncryption(), file);
      assertEquals(KEY, h.ssekmsKeyId(), file);
    }
    byte[] rows = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("direct_outputs/30/ws_df_group.json"))
        .asByteArray();
    assertTrue(rows.length > 1000, "rows: " + rows.length + " bytes");
    assertArrayEquals(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("data_outputs/30/ws_df_group.json"))
        .asByteArray(), rows, "Direct mode publishes what File mode published");
    assertEquals(List.of("direct_outputs/30/errors.jsonl", "direct_outputs/30/manifest.json",
        "direct_outputs/30/ws_df_group.json"), s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET)
        .prefix("direct_outputs/")).contents().stream().map(o -> o.key()).sorted().toList());
  }

  @Test
  @Order(4)
  void pass1DirectWithWindowsReadsS3AndPublishesTheWindows(@TempDir Path work) throws Exception {
    // after @Order(1): the File-mode output of group 30 (without windows) is the reference for the segment rows
    String[] args = local("pass1", "--groups", "30", "--input-mode", "Direct", "--output-prefix", "window_outputs",
        "--local-runner", "direct", "--local-work-dir", work.toString(), "--window", "5m", "--window-align", "clock");
    args[Arrays.asList(args).indexOf("--run-id") + 1] = "windows";
    CliRun r = run(args);
    assertEquals(0, r.exit(), r.toString());
    assertTrue(r.out().contains("1 of 1 succeeded"), r.out());
    assertEquals(List.of("window_outputs/30/errors.jsonl", "window_outputs/30/manifest.json",
        "window_outputs/30/ws_df_group.json", "window_outputs/30/ws_df_windows.json"),
        s3.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix("window_outputs/")).contents().stream()
            .map(o -> o.key()).sorted().toList());
    assertArrayEquals(s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("data_outputs/30/ws_df_group.json"))
        .asByteArray(), s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("window_outputs/30/ws_df_group.json"))
        .asByteArray(), "the segment rows of a windowed run are those of a run without windows");
    String windows = s3.client().getObjectAsBytes(b -> b.bucket(BUCKET).key("window_outputs/30/ws_df_windows.json"))
        .asUtf8String();
    assertTrue(windows.lines().count() > 50, "window rows: " + windows.lines().count());
    assertTrue(windows.lines().allMatch(l -> l.contains("\"window_s\":300,")), windows.lines().findFirst().orElse(""));
  }
}
