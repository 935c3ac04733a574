package io.wavebeam.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
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
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PDone;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Writes a group's segments and failures into a staging folder as {@link #FEATURES_FILE}, {@link #ERRORS_FILE}
 * and {@link #COUNTS_FILE}, each to a temporary name first and renamed when complete. One writer sees the whole
 * group (a GroupByKey on the group name), so the rows are written sorted by record, segment and signal and the
 * counts are those of what was written. The driver moves the files into the output folder after the run.
 */
public final class WriteGroupOutput extends PTransform<PCollectionTuple, PDone> {
  public static final String FEATURES_FILE = "ws_df_group.json";
  public static final String ERRORS_FILE = "errors.jsonl";
  public static final String MANIFEST_FILE = "manifest.json";
  /** Written by the pipeline into the staging folder, read by the driver for the manifest. */
  static final String COUNTS_FILE = "counts.json";

  private final String group;
  private final String stagingDir;

  public WriteGroupOutput(String group, String stagingDir) {
    this.group = group;
    this.stagingDir = stagingDir;
  }

  /** The JSON mapper of every output file: snake-case fields, no NaN (rows carry null instead). */
  public static ObjectMapper mapper() {
    return new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  }

  /** A batch of segments' or a failure's contribution to the output; only one of the two is set. */
  record Item(SegmentBatch segments, RecordFailure failure) implements Serializable {}

  @Override
  public PDone expand(PCollectionTuple input) {
    String key = group;
    var coder = KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(Item.class));
    PCollection<KV<String, Item>> segments = input.get(WfdbIO.SEGMENTS)
        .apply("KeySegments", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptor.of(Item.class))).via(s -> KV.of(key, new Item(s, null))))
        .setCoder(coder);
    PCollection<KV<String, Item>> failures = input.get(WfdbIO.FAILURES)
        .apply("KeyFailures", MapElements.into(TypeDescriptors.kvs(TypeDescriptors.strings(),
            TypeDescriptor.of(Item.class))).via(f -> KV.of(key, new Item(null, f))))
        .setCoder(coder);
    PCollectionList.of(segments).and(failures)
        .apply("Together", Flatten.pCollections())
        .apply("OneWriter", GroupByKey.create())
        .apply("WriteFiles", ParDo.of(new WriteFn(stagingDir)));
    return PDone.in(input.getPipeline());
  }

  static final class WriteFn extends DoFn<KV<String, Iterable<Item>>, Void> {
    private final String stagingDir;

    WriteFn(String stagingDir) {
      this.stagingDir = stagingDir;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<Item>> items) throws IOException {
      List<SegmentResult> segments = new ArrayList<>();
      List<RecordFailure> failures = new ArrayList<>();
      long bytes = 0;
      long samples = 0;
      long signals = 0;
      long warnings = 0;
      for (Item item : items.getValue()) {
        if (item.segments() != null) {
          for (SegmentResult segment : item.segments().segments()) {
            segments.add(segment);
            bytes += segment.bytes();
            samples += segment.samples();
            signals += segment.rowLines().size();
            warnings += segment.warnings().size();
          }
        } else {
          failures.add(item.failure());
        }
      }
      // by record, then segment; each segment's rows are already in signal order
      segments.sort(Comparator.comparing(SegmentResult::sortKey).thenComparing(SegmentResult::headerPath));
      failures.sort(Comparator.comparing(RecordFailure::header));
      ObjectMapper mapper = mapper();
      Path dir = Path.of(stagingDir);
      Files.createDirectories(dir);
      writeLines(dir.resolve(FEATURES_FILE), segments.stream().flatMap(s -> s.rowLines().stream()).toList());
      List<String> failureLines = new ArrayList<>();
      for (RecordFailure f : failures) {
        failureLines.add(mapper.writeValueAsString(f));
      }
      writeLines(dir.resolve(ERRORS_FILE), failureLines);
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("records", (long) segments.size());
      counts.put("signals", signals);
      counts.put("bytes", bytes);
      counts.put("samples", samples);
      counts.put("failures", (long) failures.size());
      counts.put("warnings", warnings);
      writeAtomically(dir.resolve(COUNTS_FILE), mapper.writeValueAsString(counts) + "\n");
    }
  }

  static void writeLines(Path target, List<String> lines) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    }
    moveAtomically(tmp, target);
  }

  /** Writes {@code text} to a temporary sibling of {@code target}, then renames it. */
  public static void writeAtomically(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    moveAtomically(tmp, target);
  }

  static void moveAtomically(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (UnsupportedOperationException e) {
      throw new UncheckedIOException(new IOException("cannot rename " + from + " atomically", e));
    }
  }
}
