package io.wavebeam.pipeline;

import io.wavebeam.common.StorageLocation;
import io.wavebeam.wfdb.HeaderParser;
import io.wavebeam.wfdb.RecordHeader;
import io.wavebeam.wfdb.SampleFormat;
import io.wavebeam.wfdb.SegmentSpec;
import io.wavebeam.wfdb.SignalSpec;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.ResourceId;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a group folder (any Beam file system) in the driver and plans byte-balanced work units: every header below
 * the folder whose record has a signal file of its own becomes a task (master and layout headers are skipped),
 * records larger than the chunk size are split into frame ranges, and tasks are packed largest first into the
 * lightest of {@code 4 × parallelism} units.
 *
 * <p>A record weighs what its signal files really hold, from the listing's sizes: a header's promises are not
 * trusted (a header claiming 10^15 samples once planned a 4·10^15-byte split). A header that cannot be parsed here
 * is not an error of the plan: it becomes a whole-record task and the worker reports it in {@code errors.jsonl}
 * with the reader's message; problems the listing alone shows (a broken master header, a header that is not a
 * regular file, signals of format 0 that name a file) become tasks carrying the problem.
 */
public final class GroupPlanner {
  /** Work units per unit of parallelism: enough slack for uneven units without per-element overhead. */
  static final int UNITS_PER_WORKER = 4;
  /** The smallest automatic chunk size: below it, splitting costs more than it balances. */
  static final long MIN_AUTO_CHUNK_BYTES = 32L << 20;
  /** Weight added to every task for opening and parsing its files, so thousands of tiny files still spread. */
  static final long PER_TASK_OVERHEAD_BYTES = 16L << 10;
  /** Headers are read with this many requests in flight from an object store (each is one small GET). */
  static final int HEADER_READERS = 16;
  /** Larger "headers" are not read in the driver; the worker's reader refuses them with its own limit. */
  static final int MAX_HEADER_BYTES = 16 << 20;

  private GroupPlanner() {}

  /** What the listing says about one file: where it is, its size, and whether it is a regular file. */
  record Listed(String location, long size, boolean regular) {}

  /**
   * Plans the group folder {@code root} (a local path or URI of a registered file system).
   *
   * @param chunkBytes split records larger than this many bytes; 0 chooses {@code max(32 MiB, total / units)}
   */
  public static GroupPlan plan(String root, String group, int parallelism, long chunkBytes) throws IOException {
    return plan(StorageLocation.folder(root, "input"), group, parallelism, chunkBytes);
  }

  /** Plans the group folder {@code root}. */
  public static GroupPlan plan(ResourceId root, String group, int parallelism, long chunkBytes)
      throws IOException {
    Map<String, Listed> files = list(root);
    List<Listed> headers = files.values().stream().filter(f -> f.location().endsWith(".hea")).toList();
    List<byte[]> contents = readHeaders(headers);
    List<Candidate> candidates = new ArrayList<>();
    List<GroupPlan.Master> masters = new ArrayList<>();
    int skipped = 0;
    long total = 0;
    for (int i = 0; i < headers.size(); i++) {
      Candidate c = inspect(root, headers.get(i), contents.get(i), files, masters);
      if (c == null) {
        skipped++;
        continue;
      }
      candidates.add(c);
      total += c.bytes;
    }
    int unitCount = Math.max(1, UNITS_PER_WORKER * Math.max(1, parallelism));
    long chunk = chunkBytes > 0 ? chunkBytes : Math.max(MIN_AUTO_CHUNK_BYTES, total / unitCount);
    List<WorkTask> tasks = new ArrayList<>();
    int split = 0;
    for (Candidate c : candidates) {
      int chunks = c.splittable && c.bytes > chunk ? (int) Math.min(c.frames, (c.bytes + chunk - 1) / chunk) : 1;
      if (chunks > 1) {
        split++;
        for (int i = 0; i < chunks; i++) {
          long from = c.frames * i / chunks;
          long to = c.frames * (i + 1) / chunks;
          tasks.add(new WorkTask(c.header, c.recordSet, c.segment, from, to,
              (long) (c.bytes * ((double) (to - from) / c.frames)), i, chunks, null, c.sizes));
        }
      } else {
        tasks.add(new WorkTask(c.header, c.recordSet, c.segment, 0, c.frames, c.bytes, 0, 1, c.problem, c.sizes));
      }
    }
    return new GroupPlan(group, root.toString(), balance(tasks, unitCount), headers.size(), skipped,
        candidates.size(), split, total, chunk, masters);
  }

  /**
   * Every file below {@code root}, by location. Beam's local file system lists regular files only (a FIFO
   * named {@code .hea} would vanish without a word), so local folders are walked here, seeing everything.
   */
  static Map<String, Listed> list(ResourceId root) throws IOException {
    Map<String, Listed> files = new TreeMap<>();
    if (StorageLocation.isLocal(root)) {
      Path dir = Path.of(root.toString());
      if (!Files.isDirectory(dir)) {
        throw new FileNotFoundException("input folder " + dir + " does not exist or is not a folder");
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          if (Files.isDirectory(p)) {
            continue;
          }
          boolean regular = Files.isRegularFile(p);
          files.put(p.toString(), new Listed(p.toString(), regular ? Files.size(p) : 0, regular));
        }
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
      return files;
    }
    S3Client s3 = "s3".equals(root.getScheme()) ? RangeReader.BeamS3Client.get() : null;
    if (s3 != null) {
      listObjects(s3, root.toString(), files);
    } else {
      matchAll(root, files);
    }
    if (files.isEmpty()) {
      throw new FileNotFoundException("input " + root + " holds no files (is the bucket and prefix right?)");
    }
    return files;
  }

  /**
   * Every object below the prefix {@code root}, with its size, from S3's own listing. Beam's {@code match} of the
   * same prefix asks for each listed object's head (its content encoding) on top of the listing: one HEAD request
   * per file (80 for a 1 GB test group; 10^5 and more for a MIMIC-III group folder).
   */
  private static void listObjects(S3Client s3, String root, Map<String, Listed> files) throws IOException {
    String path = root.substring("s3://".length());
    int slash = path.indexOf('/');
    String bucket = slash < 0 ? path : path.substring(0, slash);
    String prefix = slash < 0 ? "" : path.substring(slash + 1);
    try {
      for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
        if (!o.key().endsWith("/")) { // a folder marker, not a file
          String location = "s3://" + bucket + "/" + o.key();
          files.put(location, new Listed(location, o.size(), true));
        }
      }
    } catch (RuntimeException e) { // the SDK's exceptions are unchecked: no credentials, no bucket, no endpoint
      throw new IOException("cannot list input " + root + ": " + rootCause(e), e);
    }
  }

  /** Every file below {@code root} through Beam's {@code FileSystems.match}: any registered file system. */
  private static void matchAll(ResourceId root, Map<String, Listed> files) throws IOException {
    String spec = root + "**";
    MatchResult match;
    try {
      match = FileSystems.match(List.of(spec), EmptyMatchTreatment.ALLOW).get(0);
    } catch (IOException | RuntimeException e) {
      // e.g. no credentials, an unreachable endpoint: the SDK's exceptions are runtime ones
      throw new IOException("cannot list input " + root + ": " + rootCause(e), e);
    }
    if (match.status() == MatchResult.Status.ERROR) {
      try {
        match.metadata();
      } catch (IOException e) {
        throw new IOException("cannot list input " + root + ": " + rootCause(e), e);
      }
    }
    if (match.status() == MatchResult.Status.OK) {
      for (MatchResult.Metadata m : match.metadata()) {
        if (!m.resourceId().isDirectory() && !m.resourceId().toString().endsWith("/")) {
          String location = m.resourceId().toString();
          files.put(location, new Listed(location, m.sizeBytes(), true));
        }
      }
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    String m = t.getMessage();
    if (m == null) {
      return t.getClass().getSimpleName();
    }
    m = m.lines().findFirst().orElse(m);
    int details = m.indexOf(" : [");  // the SDK appends every credentials provider's own failure
    return details > 0 ? m.substring(0, details) : m;
  }

  /** The bytes of every header (null for one that is not a regular file or cannot be read here). */
  private static List<byte[]> readHeaders(List<Listed> headers) throws IOException {
    List<byte[]> contents = new ArrayList<>();
    if (headers.isEmpty() || headers.get(0).location().startsWith("/")) {
      for (Listed h : headers) {
        contents.add(readHeader(h));
      }
      return contents;
    }
    // An object store answers each small GET in milliseconds: keep several in flight.
    ExecutorService pool = Executors.newFixedThreadPool(HEADER_READERS, r -> {
      Thread t = new Thread(r, "wavebeam-header-reader");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<byte[]>> pending = new ArrayList<>();
      for (Listed h : headers) {
        pending.add(pool.submit(() -> readHeader(h)));
      }
      for (Future<byte[]> f : pending) {
        contents.add(f.get());
      }
      return contents;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading headers", e);
    } catch (ExecutionException e) {
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static byte[] readHeader(Listed h) {
    if (!h.regular() || h.size() > MAX_HEADER_BYTES) {
      return null;
    }
    ResourceId id = FileSystems.matchNewResource(h.location(), false);
    try {
      if (h.location().startsWith("/")) {
        try (InputStream in = Channels.newInputStream(FileSystems.open(id))) {
          return in.readNBytes(MAX_HEADER_BYTES + 1);
        }
      }
      // One exact ranged GET of the listed size: Beam's S3 channel wrapped every header in a 1 MiB buffer (a
      // humongous array to G1 under -Xmx512m; 48 MB of them for 48 headers, each starting a concurrent cycle).
      byte[] content = new byte[(int) h.size()];
      if (content.length > 0) {
        RangeReader.of(id).read(0, content, content.length);
      }
      return content;
    } catch (IOException | RuntimeException e) {
      return null; // the worker reads it again and reports why it cannot
    }
  }

  /** Longest-processing-time-first packing: each task, largest first, goes to the lightest unit so far. */
  static List<WorkUnit> balance(List<WorkTask> tasks, int unitCount) {
    int n = Math.min(unitCount, tasks.size());
    List<List<WorkTask>> members = new ArrayList<>();
    long[] weight = new long[n];
    PriorityQueue<Integer> lightest = new PriorityQueue<>(
        Comparator.<Integer>comparingLong(i -> weight[i]).thenComparingInt(i -> i));
    for (int i = 0; i < n; i++) {
      members.add(new ArrayList<>());
      lightest.add(i);
    }
    List<WorkTask> bySize = new ArrayList<>(tasks);
    bySize.sort(Comparator.comparingLong(WorkTask::bytes).reversed()
        .thenComparing(WorkTask::headerPath).thenComparingInt(WorkTask::chunk));
    for (WorkTask t : bySize) {
      int i = lightest.poll();
      members.get(i).add(t);
      weight[i] += t.bytes() + PER_TASK_OVERHEAD_BYTES;
      lightest.add(i);
    }
    List<WorkUnit> units = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<WorkTask> m = members.get(i);
      m.sort(Comparator.comparing(WorkTask::headerPath).thenComparingInt(WorkTask::chunk));
      units.add(new WorkUnit(i, m, m.stream().mapToLong(WorkTask::bytes).sum()));
    }
    return units;
  }

  private static final class Candidate {
    String header;
    String recordSet;
    String segment;
    long frames = -1;
    long bytes;
    boolean splittable;
    String problem;
    /** Listed sizes of the header and its signal files (object stores only: a local size costs no request). */
    Map<String, Long> sizes = Map.of();
  }

  /** The task candidate for {@code header}, or null for a header with no signal file of its own. */
  private static Candidate inspect(ResourceId root, Listed header, byte[] content, Map<String, Listed> files,
      List<GroupPlan.Master> masters) {
    Candidate c = new Candidate();
    c.header = header.location();
    c.recordSet = recordSet(root.toString(), header.location());
    String file = fileName(header.location());
    c.segment = file.substring(0, file.length() - ".hea".length());
    c.bytes = header.size();
    if (!header.regular()) {
      c.problem = header.location() + ": not a regular file (a FIFO, device or socket is never read)";
      return c;
    }
    if (content == null) {
      return c; // the worker reports why it cannot be read
    }
    RecordHeader h;
    try {
      h = header.location().startsWith("/") ? HeaderParser.parse(Path.of(header.location()), content)
          : HeaderParser.parse(BeamWfdbFile.of(FileSystems.matchNewResource(header.location(), false),
              header.size()), content);
    } catch (RuntimeException | IOException e) {
      return c; // the worker parses it again and reports the reader's message
    }
    c.segment = h.name();
    String folder = folderOf(header.location());
    if (h.isMultiSegment()) {
      List<String> segmentHeaders = new ArrayList<>();
      for (SegmentSpec s : h.segments()) {
        if (!s.isGap()) {
          segmentHeaders.add(folder + s.name() + ".hea");
        }
      }
      masters.add(new GroupPlan.Master(header.location(), h.name(), segmentHeaders));
      c.problem = masterProblem(header.location(), h, folder, files);
      return c.problem == null ? null : c;
    }
    if (h.signals().stream().noneMatch(SignalSpec::isStored)) {
      String named = h.signals().stream().map(SignalSpec::fileName).filter(n -> !SignalSpec.NO_FILE.equals(n))
          .findFirst().orElse(null);
      if (named == null || h.length() != null && h.length() == 0) {
        return null; // a layout header, or a record of no stored signals: nothing to read
      }
      c.problem = header.location() + ": every signal has format 0 (not stored), yet the header names signal file '"
          + named + "': nothing can be read";
      return c;
    }
    if (h.length() != null && h.length() == 0) {
      return null;
    }
    // Bytes from the real sizes of the distinct signal files; frames only from a header whose files hold them.
    Set<String> names = new LinkedHashSet<>();
    long declared = 0;
    boolean flacOr8 = false;
    List<SignalSpec> specs = h.signals();
    int i = 0;
    while (i < specs.size()) {
      SignalSpec first = specs.get(i);
      int j = i + 1;
      int valuesPerFrame = first.samplesPerFrame();
      while (j < specs.size() && specs.get(j).isStored() && first.isStored()
          && specs.get(j).fileName().equals(first.fileName())) {
        valuesPerFrame += specs.get(j).samplesPerFrame();
        j++;
      }
      if (first.isStored()) {
        names.add(first.fileName());
        flacOr8 |= first.format() == 8 || SampleFormat.isFlac(first.format());
        if (h.length() != null && !SampleFormat.isFlac(first.format())) {
          declared = saturatedAdd(declared, first.byteOffset()
              + SampleFormat.bytesFor(first.format(), saturatedMultiply(h.length(), valuesPerFrame)));
        }
      }
      i = j;
    }
    long real = 0;
    Map<String, Long> sizes = new TreeMap<>();
    sizes.put(header.location(), header.size());
    for (String name : names) {
      Listed f = files.get(folder + name);
      real += f == null ? 0 : f.size();
      if (f != null && f.regular()) {
        sizes.put(f.location(), f.size());
      }
    }
    c.bytes = real;
    if (!header.location().startsWith("/")) {
      c.sizes = sizes;
    }
    if (h.length() != null && !flacOr8 && declared <= real) {
      // Format 8 stores differences (a reader starting mid-file must decode from the start); FLAC is one stream;
      // a record whose files hold less than its header promises fails anyway and is not worth splitting.
      c.frames = h.length();
      c.splittable = c.frames > 1 && specs.stream().allMatch(SignalSpec::isStored);
    } else {
      c.frames = h.length() == null ? -1 : h.length();
      c.splittable = false;
    }
    return c;
  }

  /**
   * What is wrong with a multi-segment master header that the listing shows, or null: its segments must be plain
   * names in its folder, present, and not the master itself.
   */
  private static String masterProblem(String location, RecordHeader h, String folder, Map<String, Listed> files) {
    for (SegmentSpec s : h.segments()) {
      if (s.isGap()) {
        continue;
      }
      String name = s.name();
      if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..") || name.equals(".")) {
        return location + ": segment name '" + name + "' leaves the record's folder";
      }
      if (name.equals(h.name())) {
        return location + ": the master header lists itself as segment '" + name + "'";
      }
      Listed segment = files.get(folder + name + ".hea");
      if (segment == null) {
        return location + ": segment header " + name + ".hea is missing";
      }
      if (!segment.regular()) {
        return location + ": segment header " + name + ".hea is not a regular file";
      }
    }
    return null;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi == 0 && lo >= 0 ? lo : Long.MAX_VALUE;
  }

  static String folderOf(String location) {
    return location.substring(0, location.lastIndexOf('/') + 1);
  }

  static String fileName(String location) {
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /**
   * The record-set folder of a header: the folder it lies in (e.g. {@code 30/3000003/3000003_0001.hea} gives
   * {@code 3000003}); a header directly in the group folder is its own record set.
   */
  static String recordSet(String root, String header) {
    String folder = folderOf(header);
    String rootFolder = root.endsWith("/") ? root : root + "/";
    if (folder.equals(rootFolder) || folder.isEmpty()) {
      String file = fileName(header);
      return file.substring(0, file.length() - ".hea".length());
    }
    String parent = folder.substring(0, folder.length() - 1);
    return fileName(parent);
  }
}
