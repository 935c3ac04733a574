package io.wavebeam.pipeline;

import io.wavebeam.common.RunnerKind;
import static io.wavebeam.common.S3TestServer.BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.InvalidLocationException;
import io.wavebeam.common.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Pass 1 from and to {@code s3://}: an S3-compatible server (S3Proxy, transient store, 127.0.0.1, random port)
 * started in-process, reached through Beam's S3 file system with credentials from the SDK's default chain. The
 * output must be byte-identical to the local run's, every object must carry SSE-KMS with the given key, and a run
 * whose writes are lost must fail and publish nothing.
 */
class Pass1S3Test {
  @RegisterExtension
  final S3TestServer s3Server = S3TestServer.perTest(BUCKET);

  @TempDir static Path temp;
  static Path testdata;
  static Path localOut;
  static Pass1Result local;

  @BeforeAll
  static void localRun() throws IOException {
    testdata = Path.of(System.getProperty("basedir", ".")).resolve("../testdata/30").toAbsolutePath().normalize();
    localOut = temp.resolve("local");
    local = Pass1Pipeline.run(Pass1Pipeline.options(testdata, localOut, null, RunnerKind.DIRECT, 2));
  }

  @BeforeEach
  void bucket() throws IOException {
    s3Server.upload(testdata, BUCKET, "in/30/");
  }

  Pass1Options options(String input, String output) {
    Pass1Options options = Pass1Pipeline.options(input, output, null, RunnerKind.DIRECT, 2);
    s3Server.applyTo(options);
    return options;
  }

  List<String> keys(String prefix) {
    return s3Server.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().map(S3Object::key)
        .sorted().toList();
  }

  String object(String key) {
    return s3Server.client().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asString(StandardCharsets.UTF_8);
  }

  @Test
  void localToS3WithSseKmsIsByteIdenticalToTheLocalRun() throws IOException {
    Pass1Options options = options(testdata.toString(), "s3://" + BUCKET + "/out/30/");
    options.setKmsKeyId(S3TestServer.KMS_KEY_ARN);
    Pass1Result result = Pass1Pipeline.run(options);
    assertEquals(List.of("out/30/errors.jsonl", "out/30/manifest.json", "out/30/ws_df_group.json"), keys("out/"),
        "the published files and nothing else (no temporary objects)");
    assertEquals(Files.readString(localOut.resolve("ws_df_group.json")), object("out/30/ws_df_group.json"));
    assertEquals(Files.readString(localOut.resolve("errors.jsonl")), object("out/30/errors.jsonl"));
    assertTrue(result.signals() > 0);
    assertEquals(local.signals(), result.signals());
    JsonNode manifest = new ObjectMapper().readTree(object("out/30/manifest.json"));
    assertEquals("s3://" + BUCKET + "/out/30/", manifest.get("output").asText());
    assertEquals(local.records(), manifest.get("records").asLong());
    for (String key : keys("out/")) {
      HeadObjectResponse head = s3Server.client().headObject(b -> b.bucket(BUCKET).key(key));
      assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), key);
      assertEquals(S3TestServer.KMS_KEY_ARN, head.ssekmsKeyId(), key);
    }
  }

  @Test
  void s3ToS3IsByteIdenticalToTheLocalRun() throws IOException {
    Pass1Result result = Pass1Pipeline.run(options("s3://" + BUCKET + "/in/30/", "s3://" + BUCKET + "/s3out/30"));
    assertEquals(List.of("s3out/30/errors.jsonl", "s3out/30/manifest.json", "s3out/30/ws_df_group.json"),
        keys("s3out/"));
    assertEquals(Files.readString(localOut.resolve("ws_df_group.json")), object("s3out/30/ws_df_group.json"));
    assertEquals(Files.readString(localOut.resolve("errors.jsonl")), object("s3out/30/errors.jsonl"));
    assertEquals("30", result.group());
    assertEquals(local.records(), result.records());
    assertEquals(local.recordsPlanned(), result.recordsPlanned());
    assertEquals(local.bytes(), result.bytes());
    assertEquals(local.samples(), result.samples());
    assertEquals(Pass1Result.EXIT_OK, result.exitStatus());
  }

  /**
   * The driver reads each header with one ranged GET of its listed size: the plan from S3 must hold what the local
   * plan holds (a header read that failed would leave its record to a "problem" task and its master out of
   * {@code masters}, and the workers would still produce the same rows).
   */
  @Test
  void theS3PlanReadsEveryHeaderAsTheLocalPlanDoes() throws IOException {
    Pass1Options options = options("s3://" + BUCKET + "/in/30/", "s3://" + BUCKET + "/unused/");
    S3Access.configure(options, options.getS3Endpoint(), "us-east-1", "", "");
    // Beam's default pool of 50 left ~100 idle threads in a run (docs/benchmarks.md, pass 1 from S3)
    assertEquals(S3Access.S3_FILE_SYSTEM_THREADS,
        options.as(org.apache.beam.sdk.io.aws2.options.S3Options.class).getS3ThreadPoolSize());
    FileSystems.setDefaultPipelineOptions(options);
    GroupPlan fromS3 = WfdbIO.read().from("s3://" + BUCKET + "/in/30/").withGroup("30").withParallelism(2).plan();
    GroupPlan fromDisk = WfdbIO.read().from(testdata.toString()).withGroup("30").withParallelism(2).plan();
    assertTrue(fromDisk.masters().size() > 0 && fromDisk.records() > 0);
    assertEquals(fromDisk.headers(), fromS3.headers());
    assertEquals(fromDisk.records(), fromS3.records());
    assertEquals(fromDisk.bytes(), fromS3.bytes());
    assertEquals(fromDisk.masters().stream().map(GroupPlan.Master::record).sorted().toList(),
        fromS3.masters().stream().map(GroupPlan.Master::record).sorted().toList());
    assertEquals(problems(fromDisk), problems(fromS3));
    // every task carries its files' listed sizes (header and signal files), so workers ask S3 for none of them
    long checked = 0;
    for (WorkTask t : fromS3.units().stream().flatMap(u -> u.tasks().stream()).toList()) {
      if (t.problem() != null) {
        continue;
      }
      assertTrue(t.fileSizes().size() >= 2, t.headerPath() + ": " + t.fileSizes());
      for (Map.Entry<String, Long> f : t.fileSizes().entrySet()) {
        Path local = testdata.resolve(f.getKey().substring(("s3://" + BUCKET + "/in/30/").length()));
        assertEquals(Files.size(local), f.getValue(), f.getKey());
        checked++;
      }
    }
    assertTrue(checked >= 2L * fromS3.records(), "sizes checked: " + checked);
    // a local plan does not carry them: a local size costs no request
    assertTrue(fromDisk.units().stream().flatMap(u -> u.tasks().stream()).allMatch(t -> t.fileSizes().isEmpty()));
  }

  /**
   * A task's files prefetched from S3 (its header whole, the first bytes of its signal files) are taken by the
   * reads of that task, and the task's features are those of the local file.
   */
  @Test
  void aTasksPrefetchedFilesAreReadByThatTask() throws IOException {
    Pass1Options options = options("s3://" + BUCKET + "/in/30/", "s3://" + BUCKET + "/unused/");
    S3Access.configure(options, options.getS3Endpoint(), "us-east-1", "", "");
    FileSystems.setDefaultPipelineOptions(options);
    GroupPlan plan = WfdbIO.read().from("s3://" + BUCKET + "/in/30/").withGroup("30").withParallelism(2).plan();
    WorkTask task = plan.units().stream().flatMap(u -> u.tasks().stream())
        .filter(t -> t.problem() == null && t.from() == 0).findFirst().orElseThrow();
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
    BeamWfdbFile.prefetch(task);
    assertEquals(task.fileSizes().size(), ReadAheadChannel.prefetchedFiles(), task.fileSizes().toString());
    SegmentSummarizer.Partial fromS3 = SegmentSummarizer.summarize("30", task);
    assertEquals(0, ReadAheadChannel.prefetchedFiles(), "every prefetched file was taken by the task's reads");
    String local = testdata.resolve(task.headerPath().substring(("s3://" + BUCKET + "/in/30/").length())).toString();
    SegmentSummarizer.Partial fromDisk = SegmentSummarizer.summarize("30",
        new WorkTask(local, task.recordSet(), task.segment(), task.from(), task.to(), task.bytes(), 0, 1));
    assertEquals(SegmentSummarizer.rows(fromDisk), SegmentSummarizer.rows(fromS3));
    // a local task is left alone
    BeamWfdbFile.prefetch(new WorkTask(local, task.recordSet(), task.segment(), 0, task.to(), task.bytes(), 0, 1,
        null, Map.of(local, 10L)));
    assertEquals(0, ReadAheadChannel.prefetchedFiles());    // what a task did not take (it failed before opening its files) is dropped by the task's own file names
    BeamWfdbFile.prefetch(task);
    assertEquals(task.fileSizes().size(), ReadAheadChannel.prefetchedFiles());
    BeamWfdbFile.dropPrefetched(task);
    assertEquals(0, ReadAheadChannel.prefetchedFiles());
  }

  /** A size the listing gave is used as given: the worker sends no request to learn it (on S3, a HEAD per file). */
  @Test
  void listedSizesAreUsedWithoutAskingTheStore() throws IOException {
    Pass1Options options = options("s3://" + BUCKET + "/in/30/", temp.toString());
    S3Access.configure(options, options.getS3Endpoint(), "us-east-1", "", "");
    FileSystems.setDefaultPipelineOptions(options);
    String header = "s3://" + BUCKET + "/in/30/nowhere/x.hea";
    String signals = "s3://" + BUCKET + "/in/30/nowhere/x.dat";
    // neither object exists: a lookup would fail with "no such file"
    BeamWfdbFile hea = BeamWfdbFile.listed(header, Map.of(header, 123L, signals, 4567L));
    assertEquals(123L, hea.size());
    assertEquals(4567L, hea.sibling("x.dat").size());
    assertThrows(java.nio.file.NoSuchFileException.class, () -> hea.sibling("y.dat").size());
  }

  static long problems(GroupPlan plan) {
    return plan.units().stream().flatMap(u -> u.tasks().stream()).filter(t -> t.problem() != null).count();
  }

  /**
   * {@code --window} from {@code s3://} to {@code s3://}: the records are read through Beam's S3 file system and
   * the window parts staged in the destination; every file equals the local windowed run's, and the segment rows
   * equal the plain local run's.
   */
  @Test
  void windowedS3RunIsByteIdenticalToTheLocalWindowedRun(@TempDir Path windowedLocal) throws IOException {
    Pass1Options localOptions = Pass1Pipeline.options(testdata, windowedLocal, null, RunnerKind.DIRECT, 2);
    windowed(localOptions);
    Pass1Result localResult = Pass1Pipeline.run(localOptions);
    Pass1Options options = options("s3://" + BUCKET + "/in/30/", "s3://" + BUCKET + "/win/30/");
    windowed(options);
    Pass1Result result = Pass1Pipeline.run(options);
    assertEquals(List.of("win/30/errors.jsonl", "win/30/manifest.json", "win/30/ws_df_group.json",
        "win/30/ws_df_windows.json"), keys("win/"), "the published files and nothing else (no window parts)");
    String windows = object("win/30/ws_df_windows.json");
    assertTrue(windows.lines().count() > 100, "window rows: " + windows.lines().count());
    assertEquals(Files.readString(windowedLocal.resolve("ws_df_windows.json")), windows);
    assertEquals(Files.readString(localOut.resolve("ws_df_group.json")), object("win/30/ws_df_group.json"));
    assertEquals(Files.readString(windowedLocal.resolve("errors.jsonl")), object("win/30/errors.jsonl"));
    JsonNode manifest = new ObjectMapper().readTree(object("win/30/manifest.json"));
    JsonNode localManifest = new ObjectMapper().readTree(windowedLocal.resolve("manifest.json").toFile());
    for (String field : List.of("window_rows", "window_records", "records", "signals", "bytes", "samples")) {
      assertEquals(localManifest.get(field).asLong(), manifest.get(field).asLong(), field);
    }
    assertEquals(local.signals(), result.signals());
    assertEquals(localResult.exitStatus(), result.exitStatus());
  }

  static void windowed(Pass1Options options) {
    io.wavebeam.pipeline.windows.WindowOptions w = options.as(io.wavebeam.pipeline.windows.WindowOptions.class);
    w.setWindow("1m");
    w.setWindowAlign("clock");
  }

  /**
   * Each open file holds a connection for its body while it is read: with more workers than the SDK's pool of 50,
   * the pool grows with them, and 60 files open at once on the server all arrive whole (with the SDK's pool the
   * 51st waited 10 s for a connection and failed).
   */
  @Test
  void sixtyFilesOpenAtOnceEachKeepTheirBody() throws IOException {
    Pass1Options options = options("s3://" + BUCKET + "/in/30/", temp.toString());
    options.setParallelism(60);
    S3Access.configure(options, options.getS3Endpoint(), "us-east-1", "", "");
    assertEquals(2 * 60 + ReadAheadChannel.PREFETCHED_FILES + S3Access.S3_FILE_SYSTEM_THREADS,
        options.as(org.apache.beam.sdk.io.aws2.options.S3Options.class).getHttpClientConfiguration().maxConnections());
    FileSystems.setDefaultPipelineOptions(options);
    Path localDat = testdata.resolve("3000001/3000001_0001.dat");
    byte[] expected = Files.readAllBytes(localDat);
    assertTrue(expected.length > 100_000, "a file much longer than the blocks in hand");
    String location = "s3://" + BUCKET + "/in/30/3000001/3000001_0001.dat";
    List<ReadAheadChannel> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < 60; i++) {
        ReadAheadChannel channel = new ReadAheadChannel(location, expected.length,
            RangeReader.of(FileSystems.matchNewResource(location, false)), 4096, 2);
        open.add(channel);
        java.nio.ByteBuffer first = java.nio.ByteBuffer.allocate(5000); // the first block, then the body's bytes
        while (first.hasRemaining() && channel.read(first) >= 0) {
          // fill
        }
        assertEquals(java.nio.ByteBuffer.wrap(expected, 0, 5000), first.flip(), "file " + i);
      }
      for (ReadAheadChannel channel : open) {
        java.nio.ByteBuffer rest = java.nio.ByteBuffer.allocate(expected.length - 5000);
        while (rest.hasRemaining() && channel.read(rest) >= 0) {
          // to the end
        }
        assertEquals(java.nio.ByteBuffer.wrap(expected, 5000, expected.length - 5000), rest.flip());
      }
    } finally {
      for (ReadAheadChannel channel : open) {
        channel.close();
      }
    }
  }

  @Test
  void beamWfdbFileOnS3() throws IOException {
    Pass1Options options = options("s3://" + BUCKET + "/in/30/", temp.toString());
    S3Access.configure(options, options.getS3Endpoint(), "us-east-1", "", "");
    org.apache.beam.sdk.io.FileSystems.setDefaultPipelineOptions(options);
    Path localDat;
    try (Stream<Path> files = Files.walk(testdata)) {
      localDat = files.filter(p -> p.toString().endsWith("_0001.dat")).findFirst().orElseThrow();
    }
    String key = "in/30/" + testdata.relativize(localDat).toString().replace('\\', '/');
    String header = key.replace(".dat", ".hea");
    BeamWfdbFile hea = BeamWfdbFile.of("s3://" + BUCKET + "/" + header);
    io.wavebeam.wfdb.WfdbFile dat = hea.sibling(localDat.getFileName().toString());
    assertEquals("s3://" + BUCKET + "/" + key, dat.location());
    assertEquals(localDat.getFileName().toString(), dat.name());
    assertEquals(Files.size(localDat), dat.size());
    byte[] expected = Files.readAllBytes(localDat);
    try (var channel = dat.open()) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(100);
      channel.position(expected.length - 100);
      while (buf.hasRemaining() && channel.read(buf) > 0) {
        // fill
      }
      assertEquals(java.nio.ByteBuffer.wrap(expected, expected.length - 100, 100), buf.flip());
    }
    // the read-ahead in small blocks: a whole sequential read, then seeks back and forth across blocks
    try (var channel = new ReadAheadChannel(dat.location(), expected.length, RangeReader.of(
        org.apache.beam.sdk.io.FileSystems.matchNewResource(dat.location(), false)), 4096, 3)) {
      java.nio.ByteBuffer all = java.nio.ByteBuffer.allocate(expected.length + 10);
      while (channel.read(all) >= 0) {
        // until the end
      }
      assertEquals(expected.length, all.position());
      assertEquals(java.nio.ByteBuffer.wrap(expected), all.flip());
      for (long at : new long[] {5000, 100, 4095, expected.length - 1, 0, 9000}) {
        java.nio.ByteBuffer three = java.nio.ByteBuffer.allocate(1);
        channel.position(at);
        assertEquals(1, channel.read(three));
        assertEquals(expected[(int) at], three.get(0), "byte " + at);
      }
      channel.position(expected.length);
      assertEquals(-1, channel.read(java.nio.ByteBuffer.allocate(1)));
    }
    // the reads above were ranged GETs through Beam's own S3 client, not the fallback through Beam's channel
    assertTrue(RangeReader.of(org.apache.beam.sdk.io.FileSystems.matchNewResource(dat.location(), false))
        instanceof RangeReader.S3Ranges);
    // a GET that fails names the object and the byte range
    String missing = "s3://" + BUCKET + "/in/30/missing.dat";
    try (var channel = new ReadAheadChannel(missing, 10_000, RangeReader.of(
        org.apache.beam.sdk.io.FileSystems.matchNewResource(missing, false)), 4096, 3)) {
      IOException e = assertThrows(IOException.class, () -> channel.read(java.nio.ByteBuffer.allocate(10)));
      assertTrue(e.getMessage().startsWith(missing + ": reading bytes 0-4095 failed: "), e.getMessage());
    }
    assertThrows(IOException.class, () -> hea.sibling("../31/x.dat"));
    assertThrows(java.nio.file.NoSuchFileException.class, () -> hea.sibling("missing.dat").size());
  }

  @Test
  void lostWritesFailTheRunAndPublishNothing() {
    Pass1Options options = options(testdata.toString(), "s3://" + BUCKET + "/lost/30/");
    options.setLoseRowsForTest(true);
    IOException e = assertThrows(IOException.class, () -> Pass1Pipeline.run(options));
    assertTrue(e.getMessage().contains("rows written"), e.getMessage());
    assertEquals(List.of(), keys("lost/"), "nothing published, no temporary object left");
  }

  @Test
  void lostWritesOnALocalDiskFailTheRunToo(@TempDir Path out) throws IOException {
    Pass1Options options = Pass1Pipeline.options(testdata, out, null, RunnerKind.DIRECT, 2);
    options.setLoseRowsForTest(true);
    IOException e = assertThrows(IOException.class, () -> Pass1Pipeline.run(options));
    assertTrue(e.getMessage().contains("nothing was published"), e.getMessage());
    try (Stream<Path> left = Files.list(out)) {
      assertEquals(List.of(), left.toList());
    }
  }

  @Test
  void aMissingBucketIsNamed() {
    IOException e = assertThrows(IOException.class,
        () -> Pass1Pipeline.run(options("s3://missing-bucket/in/30/", temp.resolve("x").toString())));
    assertTrue(e.getMessage().startsWith("cannot list input s3://missing-bucket/in/30/"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void locationsTheProgramCannotHonourAreUsageErrors() {
    Path out = temp.resolve("never");
    InvalidLocationException typo = assertThrows(InvalidLocationException.class,
        () -> Pass1Pipeline.run(options(testdata.toString(), "s3:/x")));
    assertEquals("--output s3:/x: not a URI of the form s3://bucket/prefix/", typo.getMessage());
    // gs:// is registered on this test class path (Beam's GCP core comes with the runners), not in wavebeam.jar
    InvalidLocationException unknown = assertThrows(InvalidLocationException.class,
        () -> Pass1Pipeline.run(options(testdata.toString(), "abfs://x/y")));
    assertTrue(unknown.getMessage().startsWith("--output abfs://x/y: no file system for abfs:// is available"),
        unknown.getMessage());
    InvalidLocationException input = assertThrows(InvalidLocationException.class,
        () -> Pass1Pipeline.run(options("s3:bucket/x", out.toString())));
    assertEquals("--input s3:bucket/x: not a URI of the form s3://bucket/prefix/", input.getMessage());
    assertFalse(Files.exists(Path.of("s3:")), "never a local folder called s3:");
    assertFalse(Files.exists(out));
  }
}
