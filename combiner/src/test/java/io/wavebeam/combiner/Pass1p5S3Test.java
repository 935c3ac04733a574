package io.wavebeam.combiner;

import io.wavebeam.common.RunnerKind;
import static io.wavebeam.common.S3TestServer.BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.common.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Pass 1.5 into S3: an S3-compatible server (S3Proxy, transient store, 127.0.0.1, random port) started in-process.
 * Every object written must carry SSE-KMS with the given key; a failed run must leave no object behind.
 */
class Pass1p5S3Test {
  @RegisterExtension
  final S3TestServer s3Server = S3TestServer.perTest(BUCKET);

  @TempDir static Path temp;
  static Path root;

  @BeforeAll
  static void pass1() throws IOException {
    root = Pass1Fixture.pass1Output(temp.resolve("records"), temp.resolve("root"));
  }

  Pass1p5Options options(Path input, String dest) {
    Pass1p5Options options = Pass1p5Pipeline.options(input.toString(), dest, RunnerKind.DIRECT, 2);
    s3Server.applyTo(options);
    options.setKmsKeyId(S3TestServer.KMS_KEY_ARN);
    return options;
  }

  List<S3Object> objects(String prefix) {
    return s3Server.client().listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream().toList();
  }

  @Test
  void everyObjectCarriesSseKmsWithTheKey() throws IOException {
    Pass1p5Options options = options(root, "s3://" + BUCKET + "/runs/1");
    options.setPartitionBy("group");
    Pass1p5Result result = Pass1p5Pipeline.run(options);
    List<S3Object> written = objects("runs/1/");
    List<String> keys = written.stream().map(S3Object::key).sorted().toList();
    assertEquals(List.of("runs/1/pass1p5_manifest.json", "runs/1/signal_stats.csv",
        "runs/1/waveform_summary.parquet/group=30/part-00000.parquet",
        "runs/1/waveform_summary.parquet/group=31/part-00001.parquet"), keys);
    assertEquals(keys.size(), result.objects().size());
    for (String key : keys) {
      HeadObjectResponse head = s3Server.client().headObject(b -> b.bucket(BUCKET).key(key));
      assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), key);
      assertEquals(S3TestServer.KMS_KEY_ARN, head.ssekmsKeyId(), key);
    }
    // the single-file layout too, and the Parquet is intact after the round trip
    Pass1p5Result one = Pass1p5Pipeline.run(options(root, "s3://" + BUCKET + "/runs/2"));
    long rows = 0;
    for (String part : new String[] {"part-00000.parquet", "part-00001.parquet"}) {
      Path local = temp.resolve(part);
      s3Server.client().getObject(b -> b.bucket(BUCKET).key("runs/2/waveform_summary.parquet/" + part), local);
      rows += Pass1p5PipelineTest.readAll(local).size();
      Pass1p5PipelineTest.assertSnappyEverywhere(Pass1p5PipelineTest.footer(local));
    }
    assertEquals(one.rows(), rows);
    for (S3Object o : objects("runs/2/")) {
      HeadObjectResponse head = s3Server.client().headObject(b -> b.bucket(BUCKET).key(o.key()));
      assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), o.key());
      assertEquals(S3TestServer.KMS_KEY_ARN, head.ssekmsKeyId(), o.key());
    }
  }

  @Test
  void windowsDatasetIsEncryptedAndCountedToo() throws IOException {
    Path windowed = Pass1Fixture.pass1Output(temp.resolve("records-w"), temp.resolve("root-w"), "30s");
    Pass1p5Result result = Pass1p5Pipeline.run(options(windowed, "s3://" + BUCKET + "/runs/w"));
    List<String> parts = objects("runs/w/waveform_windows.parquet/").stream().map(S3Object::key).sorted().toList();
    assertEquals(List.of("runs/w/waveform_windows.parquet/group=30/part-00000.parquet",
        "runs/w/waveform_windows.parquet/group=31/part-00001.parquet"), parts);
    long rows = 0;
    for (String key : parts) {
      HeadObjectResponse head = s3Server.client().headObject(b -> b.bucket(BUCKET).key(key));
      assertEquals(ServerSideEncryption.AWS_KMS, head.serverSideEncryption(), key);
      assertEquals(S3TestServer.KMS_KEY_ARN, head.ssekmsKeyId(), key);
      Path local = temp.resolve("w-" + key.replace('/', '_'));
      s3Server.client().getObject(b -> b.bucket(BUCKET).key(key), local);
      rows += Pass1p5PipelineTest.readAll(local).size();
    }
    long lines = 0;
    for (String g : new String[] {"30", "31"}) {
      lines += Files.readAllLines(windowed.resolve(g).resolve("ws_df_windows.json")).size();
    }
    assertTrue(lines > 0);
    assertEquals(lines, rows);
    assertEquals(lines, result.windowRows());
  }

  @Test
  void failedRunLeavesNoObject() throws IOException {
    Path bad = Pass1Fixture.copy(root, temp.resolve("root-bad"));
    Files.writeString(bad.resolve("30").resolve("ws_df_group.json"), "not json\n", StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    MalformedInputException e = assertThrows(MalformedInputException.class,
        () -> Pass1p5Pipeline.run(options(bad, "s3://" + BUCKET + "/runs/bad")));
    assertTrue(e.file().endsWith("30/ws_df_group.json"), e.getMessage());
    assertEquals(List.of(), objects(""));
  }
}
