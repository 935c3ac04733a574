package io.wavebeam.pipeline.windows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wavebeam.pipeline.JsonCoder;
import io.wavebeam.pipeline.RecordFailure;
import io.wavebeam.pipeline.WriteGroupOutput;
import io.wavebeam.common.StagedOutput;
import io.wavebeam.common.StorageLocation;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
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
 * the failures and counts under staging-only names, through Beam's FileSystems. One writer sees the whole group.
 * After the run the driver calls {@link #finish} and publishes the windows file with the other files.
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

  /**
   * What the windowed output holds, for the manifest. {@code failures}: records the windows could not read;
   * {@code addedErrors}: those of them that became new lines of {@code errors.jsonl} (a record whose header the
   * segment pass already reported there is not reported twice).
   */
  public record Counts(long records, long rows, long values, long failures, long addedErrors) {}

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
      List<Item> all = new ArrayList<>();
      items.getValue().forEach(all::add);
      List<WindowedRecord> records = all.stream().map(Item::record).filter(Objects::nonNull)
          .sorted(Comparator.comparing(WindowedRecord::record).thenComparing(WindowedRecord::headerPath)).toList();
      List<RecordFailure> failures = all.stream().map(Item::failure).filter(Objects::nonNull)
          .sorted(Comparator.comparing(RecordFailure::header)).toList();
      ObjectMapper mapper = WriteGroupOutput.mapper();
      ResourceId dir = FileSystems.matchNewResource(stagingDir, true);
      long rows = 0;
      long values = 0;
      // the parts, in record order, copied into one file: only a copy buffer is held, never the group's rows
      try (WritableByteChannel out = createWindowsFile(dir.resolve(WINDOWS_FILE, StandardResolveOptions.RESOLVE_FILE))) {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        for (WindowedRecord r : records) {
          try (ReadableByteChannel in = FileSystems.open(FileSystems.matchNewResource(r.part(), false))) {
            copy(in, out, buffer);
          }
          rows += r.rows();
          values += r.values();
        }
      }
      StringBuilder failureLines = new StringBuilder();
      for (RecordFailure f : failures) {
        failureLines.append(mapper.writeValueAsString(f)).append('\n');
      }
      StagedOutput.write(dir.resolve(FAILURES_FILE, StandardResolveOptions.RESOLVE_FILE), failureLines.toString());
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("records", (long) records.size());
      counts.put("rows", rows);
      counts.put("values", values);
      counts.put("failures", (long) failures.size());
      StagedOutput.write(dir.resolve(COUNTS_FILE, StandardResolveOptions.RESOLVE_FILE),
          mapper.writeValueAsString(counts) + "\n");
    }
  }

  /**
   * A staged file of windows (the windows file, or a record's part), open for writing. A local one is a
   * {@link FileChannel}: Beam's local channel wraps a stream, which takes 8 KiB per system call, so the kernel's
   * copy of the parts into the windows file ({@link #copy}) took 60,000 calls for 241 MB on the run's single
   * writer, and the workers' parts as many again; a file channel takes a part's megabyte slices, or the whole
   * copy, in one call each.
   */
  static WritableByteChannel createWindowsFile(ResourceId file) throws IOException {
    if (StorageLocation.isLocal(file)) {
      Path path = Path.of(file.toString());
      Files.createDirectories(path.getParent());
      return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE);
    }
    return FileSystems.create(file, MimeTypes.TEXT);
  }

  /**
   * Copies {@code in} to its end into {@code out}. A local part (a {@link FileChannel}) is handed to the kernel
   * ({@code transferTo}: no copy through the JVM's heap; the windows file is the size of the group's rows, 241 MB
   * for a 1 GB group in minute windows); other file systems go through {@code buffer}.
   */
  static void copy(ReadableByteChannel in, WritableByteChannel out, ByteBuffer buffer) throws IOException {
    if (in instanceof FileChannel file) {
      long size = file.size();
      for (long at = 0; at < size; ) {
        long sent = file.transferTo(at, size - at, out);
        if (sent <= 0) {
          throw new IOException("a windows part ended at byte " + at + " of " + size);
        }
        at += sent;
      }
      return;
    }
    while (in.read(buffer.clear()) >= 0) {
      buffer.flip();
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    }
  }

  /** The size of a staged file, from its file system's metadata. */
  static long size(ResourceId file) throws IOException {
    return FileSystems.match(List.of(file.toString())).get(0).metadata().get(0).sizeBytes();
  }

  /**
   * After the run, in the driver: checks the staged windows file against the windows counters (a lost write fails
   * the run before anything is published), appends the windowed failures to the staged {@code errors.jsonl}
   * (whose own check has passed), and writes an empty windows file for a group without records. Returns the
   * counts; the caller publishes {@link #WINDOWS_FILE} with the other files.
   */
  public static Counts finish(StagedOutput staged, Map<String, Long> counted) throws IOException {
    Counts counts = new Counts(0, 0, 0, 0, 0);
    if (StagedOutput.exists(staged.staged(COUNTS_FILE))) {
      try (InputStream in = StagedOutput.open(staged.staged(COUNTS_FILE))) {
        JsonNode n = new ObjectMapper().readTree(in);
        counts = new Counts(n.path("records").asLong(), n.path("rows").asLong(), n.path("values").asLong(),
            n.path("failures").asLong(), 0);
      }
    } else {
      StagedOutput.write(staged.staged(WINDOWS_FILE), "");
      StagedOutput.write(staged.staged(FAILURES_FILE), "");
    }
    // the file's size against the bytes the workers wrote (reading the file back to count its lines cost seconds)
    long size = size(staged.staged(WINDOWS_FILE));
    long bytesCounted = counted.getOrDefault("bytes", 0L);
    long rowsCounted = counted.getOrDefault("rows", 0L);
    long failuresCounted = counted.getOrDefault("failures", 0L);
    if (size != bytesCounted || counts.rows() != rowsCounted || counts.failures() != failuresCounted) {
      throw new IOException("the written windows do not match what was counted (bytes written " + size
          + " vs counted " + bytesCounted + ", rows written " + counts.rows() + " vs counted " + rowsCounted
          + ", failures written " + counts.failures() + " vs counted " + failuresCounted
          + "): nothing was published");
    }
    if (counts.failures() > 0) {
      ObjectMapper json = new ObjectMapper();
      String errors;
      try (InputStream in = StagedOutput.open(staged.staged(WriteGroupOutput.ERRORS_FILE))) {
        errors = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      java.util.Set<String> reported = new java.util.HashSet<>();
      for (String line : errors.split("\n")) {
        if (!line.isBlank()) {
          reported.add(json.readTree(line).path("header").asText());
        }
      }
      StringBuilder added = new StringBuilder(errors);
      long addedErrors = 0;
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          StagedOutput.open(staged.staged(FAILURES_FILE)), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (!line.isBlank() && reported.add(json.readTree(line).path("header").asText())) {
            added.append(line).append('\n');
            addedErrors++;
          }
        }
      }
      StagedOutput.write(staged.staged(WriteGroupOutput.ERRORS_FILE), added.toString());
      counts = new Counts(counts.records(), counts.rows(), counts.values(), counts.failures(), addedErrors);
    }
    return counts;
  }
}
