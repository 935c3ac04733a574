package io.wavebeam.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * What a report is made of, read from one pass-1 output folder (manifest.json, ws_df_group.json, errors.jsonl)
 * or one pass-1.5 output folder (pass1p5_manifest.json, waveform_summary.parquet, signal_stats.csv; and the
 * groups' errors.jsonl when the manifest's input folder is still there).
 *
 * @param kind "pass 1" or "pass 1.5"
 * @param title e.g. "group 30" or "2 groups"
 * @param location the folder or URI read
 * @param manifests each manifest read, under its file name
 * @param rows one map per feature row (pass-1 field names)
 * @param errors one map per errors.jsonl line
 * @param signalStats signal_stats.csv rows (pass 1.5 only)
 * @param windows windowed-feature rows, when the output has them (else empty)
 */
public record ReportInput(String kind, String title, String location, Map<String, Map<String, Object>> manifests,
    List<Map<String, Object>> rows, List<Map<String, Object>> errors, List<Map<String, String>> signalStats,
    List<Map<String, Object>> windows) {

  public static final String PASS1_MANIFEST = "manifest.json";
  public static final String PASS1_ROWS = "ws_df_group.json";
  public static final String PASS1_ERRORS = "errors.jsonl";
  public static final String PASS1_WINDOWS = "ws_df_windows.json";
  public static final String PASS1P5_MANIFEST = "pass1p5_manifest.json";
  public static final String PASS1P5_DATASET = "waveform_summary.parquet";
  public static final String PASS1P5_WINDOWS = "waveform_windows.parquet";
  public static final String PASS1P5_STATS = "signal_stats.csv";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Reads {@code folder}; an IOException's message names the file and says what is wrong with it. */
  public static ReportInput read(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      throw new IOException(folder + " is not a folder");
    }
    return read(folder, folder.toString(), null);
  }

  /**
   * Reads the output at {@code uri} ({@code s3://bucket/prefix/} or another Beam file system) through Beam's
   * file systems, set up by {@link RemoteOutput#configure}; its files are copied into {@code staging} first.
   */
  public static ReportInput read(String uri, Path staging) throws IOException {
    Path copy = Files.createDirectories(staging.resolve("output"));
    if (RemoteOutput.stage(uri, copy) == 0) {
      throw new IOException(uri + " holds no pass output (no " + PASS1_MANIFEST + " nor " + PASS1P5_MANIFEST + ")");
    }
    try {
      return read(copy, uri, staging.resolve("groups"));
    } catch (IOException e) {
      // name the object, not its local copy
      String base = uri.endsWith("/") ? uri : uri + "/";
      throw new IOException(String.valueOf(e.getMessage()).replace(copy + "/", base), e);
    }
  }

  /** @param groupsStaging where pass 1.5's groups are copied when its input is a URI, or null: not read */
  private static ReportInput read(Path folder, String location, Path groupsStaging) throws IOException {
    if (Files.isRegularFile(folder.resolve(PASS1P5_MANIFEST))) {
      return readPass1p5(folder, location, groupsStaging);
    }
    if (Files.isRegularFile(folder.resolve(PASS1_MANIFEST))) {
      return readPass1(folder, location);
    }
    throw new IOException(location + " holds neither " + PASS1_MANIFEST + " (pass 1 output of one group) nor "
        + PASS1P5_MANIFEST + " (pass 1.5 output)");
  }

  private static ReportInput readPass1(Path folder, String location) throws IOException {
    Map<String, Object> manifest = readJson(folder.resolve(PASS1_MANIFEST));
    Map<String, Map<String, Object>> manifests = new LinkedHashMap<>();
    manifests.put(PASS1_MANIFEST, manifest);
    List<Map<String, Object>> rows = readJsonLines(folder.resolve(PASS1_ROWS), true);
    List<Map<String, Object>> errors = readJsonLines(folder.resolve(PASS1_ERRORS), false);
    List<Map<String, Object>> windows = readJsonLines(folder.resolve(PASS1_WINDOWS), false);
    return new ReportInput("pass 1", "group " + manifest.getOrDefault("group", folder.getFileName()), location,
        manifests, rows, errors, List.of(), windows);
  }

  private static ReportInput readPass1p5(Path folder, String location, Path groupsStaging) throws IOException {
    Map<String, Object> manifest = readJson(folder.resolve(PASS1P5_MANIFEST));
    Map<String, Map<String, Object>> manifests = new LinkedHashMap<>();
    manifests.put(PASS1P5_MANIFEST, manifest);
    List<Map<String, Object>> rows = readParquet(folder.resolve(PASS1P5_DATASET), true);
    List<Map<String, Object>> windows = readParquet(folder.resolve(PASS1P5_WINDOWS), false);
    List<Map<String, String>> stats = readCsv(folder.resolve(PASS1P5_STATS));
    // The groups' errors, when pass 1.5 read a local folder that still holds them (or, for a report read from a
    // URI, a URI: its groups' small files are copied too).
    List<Map<String, Object>> errors = new ArrayList<>();
    Object input = manifest.get("input");
    Path groupsRoot = null;
    if (input instanceof String root && !root.contains("://") && Files.isDirectory(Path.of(root))) {
      groupsRoot = Path.of(root);
    } else if (input instanceof String root && groupsStaging != null && RemoteOutput.isRemote(root)) {
      RemoteOutput.stageGroups(root, Files.createDirectories(groupsStaging));
      groupsRoot = groupsStaging;
    }
    if (groupsRoot != null) {
      try (Stream<Path> groups = Files.list(groupsRoot)) {
        for (Path group : groups.sorted().toList()) {
          Path errorsFile = group.resolve(PASS1_ERRORS);
          if (Files.isRegularFile(errorsFile)) {
            errors.addAll(readJsonLines(errorsFile, false));
          }
          Path groupManifest = group.resolve(PASS1_MANIFEST);
          if (Files.isRegularFile(groupManifest)) {
            manifests.put(group.getFileName() + "/" + PASS1_MANIFEST, readJson(groupManifest));
          }
        }
      }
    }
    Object groups = manifest.get("groups");
    return new ReportInput("pass 1.5", groups + (Long.valueOf(1).equals(toLong(groups)) ? " group" : " groups"),
        location, manifests, rows, errors, stats, windows);
  }

  private static Long toLong(Object o) {
    return o instanceof Number n ? n.longValue() : null;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> readJson(Path file) throws IOException {
    try {
      return JSON.readValue(file.toFile(), LinkedHashMap.class);
    } catch (IOException e) {
      throw new IOException(file + ": not a JSON object (" + firstLine(e.getMessage()) + ")");
    }
  }

  /** Whether an input file {@code exists}; a missing one that is {@code required} is an IOException naming it. */
  private static boolean found(Path path, boolean exists, boolean required) throws IOException {
    if (!exists && required) {
      throw new IOException(path + " does not exist");
    }
    return exists;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> readJsonLines(Path file, boolean required) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!found(file, Files.isRegularFile(file), required)) {
      return out;
    }
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      int lineNumber = 0;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(JSON.readValue(line, LinkedHashMap.class));
        } catch (IOException e) {
          throw new IOException(file + ":" + lineNumber + ": not a JSON object (" + firstLine(e.getMessage()) + ")");
        }
      }
    }
    return out;
  }

  /** A Parquet file, or a folder of them (Hive-style group=NAME/ folders give a group column). */
  private static List<Map<String, Object>> readParquet(Path path, boolean required) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    if (!found(path, Files.exists(path), required)) {
      return out;
    }
    List<Path> files;
    if (Files.isDirectory(path)) {
      try (Stream<Path> walk = Files.walk(path)) {
        files = walk.filter(p -> p.getFileName().toString().endsWith(".parquet") && Files.isRegularFile(p))
            .sorted().toList();
      }
    } else {
      files = List.of(path);
    }
    for (Path file : files) {
      String partitionGroup = null;
      for (Path part : path.relativize(file)) {
        if (part.toString().startsWith("group=")) {
          partitionGroup = part.toString().substring("group=".length());
        }
      }
      try (ParquetReader<GenericRecord> reader = AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
          .build()) {
        for (GenericRecord r = reader.read(); r != null; r = reader.read()) {
          Map<String, Object> row = new LinkedHashMap<>();
          if (partitionGroup != null) {
            row.put("group", partitionGroup);
          }
          for (var field : r.getSchema().getFields()) {
            Object v = r.get(field.name());
            row.put(field.name(), v instanceof Utf8 || v instanceof CharSequence ? v.toString() : v);
          }
          out.add(row);
        }
      } catch (RuntimeException e) {
        throw new IOException(file + ": not a readable Parquet file (" + firstLine(e.getMessage()) + ")");
      }
    }
    return out;
  }

  private static List<Map<String, String>> readCsv(Path file) throws IOException {
    List<Map<String, String>> out = new ArrayList<>();
    if (!Files.isRegularFile(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      return out;
    }
    List<String> header = splitCsv(lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      List<String> cells = splitCsv(line);
      Map<String, String> row = new LinkedHashMap<>();
      for (int i = 0; i < header.size(); i++) {
        row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
      }
      out.add(row);
    }
    return out;
  }

  /** RFC 4180 fields: commas, and double quotes around fields that hold them. */
  static List<String> splitCsv(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    cells.add(cell.toString());
    return cells;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
