package io.wavebeam.report;

import static io.wavebeam.common.S3TestServer.BUCKET;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wavebeam.wfdb.TestFolders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wavebeam.cli.CliRun;
import io.wavebeam.common.S3TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code wavebeam report --input s3://...}: pass output uploaded to a real S3 protocol server (S3Proxy, transient
 * store, 127.0.0.1) is read through Beam's file systems, and the report holds the same numbers as the report of
 * the local folder it was uploaded from.
 */
class ReportS3Test {
  @RegisterExtension
  final S3TestServer s3Server = S3TestServer.perTest(BUCKET);

  @TempDir static Path temp;
  static Path groupOutput;
  static Path summaryOutput;

  @BeforeAll
  static void passes() throws IOException {
    Path out = temp.resolve("out");
    groupOutput = out.resolve("31");
    CliRun p1 = CliRun.run("run", "pass1", "--input", ReportBrowserTest.TESTDATA.resolve("31").toString(),
        "--output", groupOutput.toString(), "--window", "5m", "--quiet"); // real windows for both datasets
    assertEquals(0, p1.exit(), p1.toString());
    assertTrue(Files.size(groupOutput.resolve(ReportInput.PASS1_WINDOWS)) > 0);
    summaryOutput = temp.resolve("summary");
    CliRun p15 = CliRun.run("run", "pass1p5", "--input", out.toString(), "--output", summaryOutput.toString(),
        "--partition-by", "group", "--quiet");
    assertEquals(0, p15.exit(), p15.toString());
  }

  void upload(Path dir, String prefix) throws IOException {
    s3Server.upload(dir, BUCKET, prefix);
  }

  CliRun report(String input, Path html) {
    return CliRun.run("report", "--input", input, "--output", html.toString(), "--s3-endpoint",
        s3Server.uri().toString(), "--s3-region", "us-east-1");
  }

  @Test
  void pass1OutputOnS3GivesTheSameReportAsTheLocalFolder() throws IOException {
    upload(groupOutput, "runs/a/31/");
    Path fromS3 = temp.resolve("s3-group.html");
    Path local = temp.resolve("local-group.html");
    CliRun r = report("s3://" + BUCKET + "/runs/a/31/", fromS3);
    assertEquals(0, r.exit(), r.toString());
    assertEquals(0, CliRun.run("report", "--input", groupOutput.toString(), "--output", local.toString()).exit());
    JsonNode data = ReportBrowserTest.embeddedData(fromS3);
    assertEquals(ReportBrowserTest.jsonLines(groupOutput.resolve("ws_df_group.json")).size(),
        data.at("/cards/rows").asInt());
    long windowsWithValues = ReportBrowserTest.jsonLines(groupOutput.resolve(ReportInput.PASS1_WINDOWS)).stream()
        .filter(w -> w.get("n_values").asLong() > 0).count();
    assertTrue(windowsWithValues > 0);
    assertEquals(windowsWithValues, data.at("/timeline/data").size(), "the windows file read from S3");
    assertEquals(ReportBrowserTest.embeddedData(local), data);
    assertTrue(Files.readString(fromS3).contains("s3://" + BUCKET + "/runs/a/31/"), "the page names the URI");
  }

  @Test
  void pass1p5OutputOnS3ReadsItsPartitionsAndTheGroupsErrors() throws IOException {
    upload(groupOutput, "runs/b/pass1/31/");
    // one failed record in the group's errors.jsonl on S3, and pass 1.5's manifest naming the S3 groups
    String error = "{\"group\":\"31\",\"record\":\"3109999\",\"segment\":\"3109999\",\"file\":\"3109999/3109999.hea\","
        + "\"error_type\":\"header\",\"message\":\"3109999/3109999.hea:1: no signal lines\"}\n";
    s3Server.client().putObject(b -> b.bucket(BUCKET).key("runs/b/pass1/31/errors.jsonl"), RequestBody.fromString(error));
    Path summary = temp.resolve("summary-for-s3");
    TestFolders.copyTree(summaryOutput, summary);
    Path manifestFile = summary.resolve(ReportInput.PASS1P5_MANIFEST);
    ObjectNode manifest = (ObjectNode) ReportBrowserTest.JSON.readTree(manifestFile.toFile());
    manifest.put("input", "s3://" + BUCKET + "/runs/b/pass1");
    Files.writeString(manifestFile, manifest.toString(), StandardCharsets.UTF_8);
    upload(summary, "runs/b/pass1p5/");

    Path html = temp.resolve("s3-all.html");
    CliRun r = report("s3://" + BUCKET + "/runs/b/pass1p5", html);
    assertEquals(0, r.exit(), r.toString());
    JsonNode data = ReportBrowserTest.embeddedData(html);
    Path local = temp.resolve("local-all.html");
    assertEquals(0, CliRun.run("report", "--input", summaryOutput.toString(), "--output", local.toString()).exit());
    JsonNode localData = ReportBrowserTest.embeddedData(local);
    // waveform_summary.parquet/group=31/... read from S3: every row, the same charts
    assertEquals(ReportBrowserTest.jsonLines(groupOutput.resolve("ws_df_group.json")).size(),
        data.at("/cards/rows").asInt());
    for (String part : List.of("signals", "hoursValid", "invalidFraction", "coverage", "distributions")) {
      assertEquals(localData.get(part), data.get(part), part);
    }
    assertEquals(1, data.at("/cards/errors").asInt(), "the S3 group's errors.jsonl");
    assertEquals("header: no signal lines", data.at("/errors/0/reason").asText());
    assertTrue(Files.readString(html).contains("Groups (their manifest.json)"), "the S3 group's manifest");
  }

  @Test
  void missingOutputAndUnknownSchemesAreClearErrors() {
    CliRun missing = report("s3://" + BUCKET + "/nothing/here/", temp.resolve("none.html"));
    assertEquals(1, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("s3://" + BUCKET + "/nothing/here/ holds no pass output"), missing.toString());
    assertTrue(!Files.exists(temp.resolve("none.html")));

    CliRun scheme = report("wxyz://bucket/run/", temp.resolve("wxyz.html"));
    assertEquals(1, scheme.exit(), scheme.toString());
    assertTrue(scheme.err().contains("wxyz://bucket/run/") && scheme.err().contains("no file system for its scheme"),
        scheme.toString());
    assertTrue(!scheme.err().contains("Exception"), scheme.toString());

    CliRun endpoint = CliRun.run("report", "--input", "s3://b/p/", "--output", temp.resolve("x.html").toString(),
        "--s3-endpoint", "not a url");
    assertEquals(2, endpoint.exit(), endpoint.toString());
    assertTrue(endpoint.err().contains("S3 endpoint 'not a url' is not a URL"), endpoint.toString());
  }
}
