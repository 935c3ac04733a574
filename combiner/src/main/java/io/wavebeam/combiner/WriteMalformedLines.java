package io.wavebeam.combiner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptors;

/** Collects the {@code file:line: problem} reports into {@link #FILE} in the staging folder for the driver. */
public final class WriteMalformedLines extends PTransform<PCollection<String>, PDone> {
  public static final String FILE = "malformed.txt";
  private final String stagingDir;

  public WriteMalformedLines(String stagingDir) {
    this.stagingDir = stagingDir;
  }

  @Override
  public PDone expand(PCollection<String> reports) {
    reports.apply("OneWriterKey", WithKeys.<String, String>of("malformed").withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()))
        .apply("OneWriter", GroupByKey.create())
        .apply("WriteReports", ParDo.of(new DoFn<KV<String, Iterable<String>>, Void>() {
          @ProcessElement
          public void process(@Element KV<String, Iterable<String>> all) throws IOException {
            List<String> lines = new ArrayList<>();
            all.getValue().forEach(lines::add);
            lines.sort(null);
            Path dir = Files.createDirectories(Path.of(stagingDir));
            Files.write(dir.resolve(FILE), lines, StandardCharsets.UTF_8);
          }
        }));
    return PDone.in(reports.getPipeline());
  }
}
