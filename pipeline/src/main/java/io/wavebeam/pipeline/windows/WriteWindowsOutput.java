package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.pipeline.JsonCoder;
import io.wavebeam.pipeline.RecordFailure;
import io.wavebeam.pipeline.WriteGroupOutput;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Serializable;
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
 * Writes the windowed records and their failures into the run's staging folder, next to what
 * {@link WriteGroupOutput} writes there: {@link #WINDOWS_FILE} (rows sorted by record, signal index, window index),
 * the failures and counts under staging-only names. One writer sees the whole group. After the run the driver calls
 * {@link #publish}: the windows file is renamed into the output folder and the failures are added to
 * {@code errors.jsonl}.
 */
public final class WriteWindowsOutput extends PTransform<PCollectionTuple, PDone> {
  public static final String WINDOWS_FILE = "ws_df_windows.json";
  static final String FAILURES_FILE = "windows-errors.jsonl";
  static final String COUNTS_FILE = "windows-counts.json";

  private final String group;
  private final String stagingDir;

  public WriteWindowsOutput(String group, String stagingDir) {
    this.group = group;
    this.stagingDir = stagingDir;
  }

  /** What the windowed output holds, for the manifest; failures are also lines of {@code errors.jsonl}. */
  public record Counts(long records, long rows, long values, long failures) {}

  /** A windowed record or a failure; only one of the two is set. */
  record Item(WindowedRecord record, RecordFailure failure) implements Serializable {}

  @Override
  public PDone expand(PCollectionTuple input) {
    String key = group;
    var coder = KvCoder.of(StringUtf8Coder.of(), JsonCoder.of(Item.class));
    var into = TypeDescriptors.kvs(TypeDescriptors.strings(), TypeDescriptor.of(Item.class));
    PCollection<KV<String, Item>> records = input.get(WindowIO.RECORDS)
        .apply("KeyRecords", MapElements.into(into).via(r -> KV.of(key, new Item(r, null)))).setCoder(coder);
    PCollection<KV<String, Item>> failures = input.get(WindowIO.FAILURES)
        .apply("KeyFailures", MapElements.into(into).via(f -> KV.of(key, new Item(null, f)))).setCoder(coder);
    PCollectionList.of(records).and(failures)
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
      List<WindowedRecord> records = new ArrayList<>();
      List<RecordFailure> failures = new ArrayList<>();
      for (Item item : items.getValue()) {
        if (item.record() != null) {
          records.add(item.record());
        } else {
          failures.add(item.failure());
        }
      }
      records.sort(Comparator.comparing(WindowedRecord::record).thenComparing(WindowedRecord::headerPath));
      failures.sort(Comparator.comparing(RecordFailure::header));
      ObjectMapper mapper = WriteGroupOutput.mapper();
      Path dir = Path.of(stagingDir);
      Files.createDirectories(dir);
      long rows = 0;
      long values = 0;
      Path tmp = dir.resolve("." + WINDOWS_FILE + ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (WindowedRecord r : records) {
          for (String line : r.lines()) {
            w.write(line);
            w.write('\n');
          }
          rows += r.lines().size();
          values += r.values();
        }
      }
      move(tmp, dir.resolve(WINDOWS_FILE));
      StringBuilder failureLines = new StringBuilder();
      for (RecordFailure f : failures) {
        failureLines.append(mapper.writeValueAsString(f)).append('\n');
      }
      WriteGroupOutput.writeAtomically(dir.resolve(FAILURES_FILE), failureLines.toString());
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("records", (long) records.size());
      counts.put("rows", rows);
      counts.put("values", values);
      counts.put("failures", (long) failures.size());
      WriteGroupOutput.writeAtomically(dir.resolve(COUNTS_FILE), mapper.writeValueAsString(counts) + "\n");
    }
  }

  /**
   * Moves the staged windows file into {@code output} (an empty one when the group had no record) and appends
   * the windowed failures to {@code output/errors.jsonl}, which {@link WriteGroupOutput}'s files were published
   * to first. Returns the counts.
   */
  public static Counts publish(Path staging, Path output) throws IOException {
    Counts counts = new Counts(0, 0, 0, 0);
    Path countsFile = staging.resolve(COUNTS_FILE);
    if (Files.exists(countsFile)) {
      JsonNode n = new ObjectMapper().readTree(countsFile.toFile());
      counts = new Counts(n.path("records").asLong(), n.path("rows").asLong(), n.path("values").asLong(),
          n.path("failures").asLong());
    }
    Path failures = staging.resolve(FAILURES_FILE);
    if (Files.exists(failures) && Files.size(failures) > 0) {
      Path errors = output.resolve(WriteGroupOutput.ERRORS_FILE);
      String before = Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : "";
      WriteGroupOutput.writeAtomically(errors, before + Files.readString(failures, StandardCharsets.UTF_8));
    }
    Path staged = staging.resolve(WINDOWS_FILE);
    if (Files.exists(staged)) {
      move(staged, output.resolve(WINDOWS_FILE));
    } else {
      WriteGroupOutput.writeAtomically(output.resolve(WINDOWS_FILE), "");
    }
    return counts;
  }

  private static void move(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
