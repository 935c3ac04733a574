package io.wavebeam.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.common.OutputJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * Writes a group's segments and failures as {@link #FEATURES_FILE} and {@link #ERRORS_FILE} into a temporary
 * folder of the destination's own file system (a URI every worker reaches, never the driver's disk). One writer
 * sees the whole group (a GroupByKey on the group name), so the rows are written sorted by record, segment and
 * signal. The driver checks the written files against the Beam counters and then publishes them.
 */
public final class WriteGroupOutput extends PTransform<WfdbIO.Result, PDone> {
  public static final String FEATURES_FILE = "ws_df_group.json";
  public static final String ERRORS_FILE = "errors.jsonl";
  public static final String MANIFEST_FILE = "manifest.json";

  private final String group;
  private final String stagingDir;
  private final boolean loseRows;

  /** Writes into {@code stagingDir}, a folder URI (or local path) of any Beam file system. */
  public WriteGroupOutput(String group, String stagingDir) {
    this(group, stagingDir, false);
  }

  private WriteGroupOutput(String group, String stagingDir, boolean loseRows) {
    this.group = group;
    this.stagingDir = stagingDir;
    this.loseRows = loseRows;
  }

  /**
   * For tests of the driver's check only: a writer that loses every other row, as a sink that drops writes
   * would. The run must then fail and publish nothing.
   */
  WriteGroupOutput losingRowsForTest() {
    return new WriteGroupOutput(group, stagingDir, true);
  }

  /** The JSON mapper of every output file: snake-case fields, no NaN (rows carry null instead). */
  public static ObjectMapper mapper() {
    return OutputJson.mapper();
  }

  /** A batch of segments' or a failure's contribution to the output; only one of the two is set. */
  record Item(SegmentBatch segments, RecordFailure failure) implements Serializable {}

  @Override
  public PDone expand(WfdbIO.Result input) {
    String key = group;
    var coder = KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(Item.class));
    PCollection<KV<String, Item>> segments = input.segments()
        .apply("KeySegments", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptor.of(Item.class))).via(s -> KV.of(key, new Item(s, null))))
        .setCoder(coder);
    PCollection<KV<String, Item>> failures = input.failures()
        .apply("KeyFailures", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptor.of(Item.class))).via(f -> KV.of(key, new Item(null, f))))
        .setCoder(coder);
    PCollectionList.of(segments).and(failures)
        .apply("Together", Flatten.pCollections())
        .apply("OneWriter", GroupByKey.create())
        .apply("WriteFiles", ParDo.of(new WriteFn(stagingDir, loseRows)));
    return PDone.in(input.getPipeline());
  }

  static final class WriteFn extends DoFn<KV<String, Iterable<Item>>, Void> {
    private final String stagingDir;
    private final boolean loseRows;

    WriteFn(String stagingDir, boolean loseRows) {
      this.stagingDir = stagingDir;
      this.loseRows = loseRows;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Item>> items) throws IOException {
      List<SegmentResult> segments = new ArrayList<>();
      List<RecordFailure> failures = new ArrayList<>();
      for (Item item : items.getValue()) {
        if (item.segments() != null) {
          segments.addAll(item.segments().segments());
        } else {
          failures.add(item.failure());
        }
      }
      // by record, then segment; each segment's rows are already in signal order
      segments.sort(Comparator.comparing(SegmentResult::sortKey).thenComparing(SegmentResult::headerPath));
      failures.sort(Comparator.comparing(RecordFailure::header).thenComparing(RecordFailure::message));
      ObjectMapper mapper = mapper();
      ResourceId dir = FileSystems.matchNewResource(stagingDir, true);
      List<String> rows = new ArrayList<>();
      for (SegmentResult s : segments) {
        rows.addAll(s.rowLines());
      }
      if (loseRows) {
        rows = rows.stream().filter(r -> r.hashCode() % 2 == 0).toList();
      }
      writeLines(dir.resolve(FEATURES_FILE, StandardResolveOptions.RESOLVE_FILE), rows);
      List<String> failureLines = new ArrayList<>();
      for (RecordFailure f : failures) {
        failureLines.add(mapper.writeValueAsString(f));
      }
      writeLines(dir.resolve(ERRORS_FILE, StandardResolveOptions.RESOLVE_FILE), failureLines);
    }
  }

  /** Writes {@code lines} as the file {@code target} through Beam's file systems. */
  static void writeLines(ResourceId target, List<String> lines) throws IOException {
    try (Writer w = new BufferedWriter(new OutputStreamWriter(
        Channels.newOutputStream(FileSystems.create(target, MimeTypes.TEXT)), StandardCharsets.UTF_8), 1 << 16)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
  }

  /** Writes {@code text} to a temporary sibling of the local file {@code target}, then renames it. */
  public static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
