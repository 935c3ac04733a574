package io.wavebeam.pipeline;

import io.wavebeam.wfdb.HeaderParser;
import io.wavebeam.wfdb.WfdbFile;
import io.wavebeam.wfdb.RecordHeader;
import io.wavebeam.wfdb.SampleFormat;
import io.wavebeam.wfdb.SignalSpec;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Lists a group folder in the driver and plans byte-balanced work units: every header below the folder whose
 * record has a signal file of its own becomes a task (master and layout headers are skipped), records larger
 * than the chunk size are split into frame ranges, and tasks are packed largest first into the lightest of
 * {@code 4 × parallelism} units.
 *
 * <p>A header that cannot be parsed or opened here is not an error of the plan: it becomes a whole-record task
 * and the worker reports it in {@code errors.jsonl} with the reader's message.
 */
public final class GroupPlanner {
  /** Work units per unit of parallelism: enough slack for uneven units without per-element overhead. */
  static final int UNITS_PER_WORKER = 4;
  /** The smallest automatic chunk size: below it, splitting costs more than it balances. */
  static final long MIN_AUTO_CHUNK_BYTES = 32L << 20;
  /** Weight added to every task for opening and parsing its files, so thousands of tiny files still spread. */
  static final long PER_TASK_OVERHEAD_BYTES = 16L << 10;

  private GroupPlanner() {}

  /**
   * Plans the group folder {@code root}.
   *
   * @param chunkBytes split records larger than this many bytes; 0 chooses {@code max(32 MiB, total / units)}
   */
  public static GroupPlan plan(Path root, String group, int parallelism, long chunkBytes) throws IOException {
    if (!Files.isDirectory(root)) {
      throw new IOException(root + ": not a folder");
    }
    List<Path> headers;
    try (Stream<Path> walk = Files.walk(root)) {
      headers = walk.filter(p -> p.getFileName().toString().endsWith(".hea") && Files.isRegularFile(p))
          .sorted().collect(Collectors.toList());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<Candidate> candidates = new ArrayList<>();
    int skipped = 0;
    long total = 0;
    for (Path header : headers) {
      Candidate c = inspect(root, header);
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
          tasks.add(new WorkTask(c.header.toString(), c.recordSet, c.segment, from, to,
              c.bytes * (to - from) / c.frames, i, chunks));
        }
      } else {
        tasks.add(new WorkTask(c.header.toString(), c.recordSet, c.segment, 0, c.frames, c.bytes, 0, 1));
      }
    }
    return new GroupPlan(group, root.toString(), balance(tasks, unitCount), headers.size(), skipped,
        candidates.size(), split, total, chunk);
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
    Path header;
    String recordSet;
    String segment;
    long frames = -1;
    long bytes;
    boolean splittable;
  }

  /** The task candidate for {@code header}, or null for a header with no signal file of its own. */
  private static Candidate inspect(Path root, Path header) {
    Candidate c = new Candidate();
    c.header = header;
    c.recordSet = recordSet(root, header);
    String file = header.getFileName().toString();
    c.segment = file.substring(0, file.length() - ".hea".length());
    try {
      RecordHeader h = HeaderParser.parse(header);
      if (h.isMultiSegment() || h.signals().stream().noneMatch(SignalSpec::isStored)
          || h.length() != null && h.length() == 0) {
        return null;
      }
      c.segment = h.name();
      WfdbRecord record = WfdbRecord.open(h);
      c.frames = record.length();
      c.bytes = estimateBytes(record);
      c.splittable = c.frames > 1;
      for (SignalSpec s : h.signals()) {
        // Format 8 stores differences: a reader starting mid-file must decode from the start. FLAC is one stream.
        c.splittable &= s.isStored() && s.format() != 8 && !SampleFormat.isFlac(s.format());
      }
    } catch (IOException | RuntimeException e) {
      // Reported by the worker that reads it; weigh it like a small file.
      c.frames = -1;
      c.bytes = sizeOrZero(header);
      c.splittable = false;
    }
    return c;
  }

  /** Bytes of signal data the record's frames occupy, per signal file (signals sharing a file counted once). */
  static long estimateBytes(WfdbRecord record) throws IOException {
    List<SignalSpec> specs = record.header().signals();
    long bytes = 0;
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
        WfdbFile file = record.file(i);
        if (SampleFormat.isFlac(first.format())) {
          bytes += sizeOrZero(file);
        } else {
          bytes += SampleFormat.bytesFor(first.format(), record.length() * valuesPerFrame);
        }
      }
      i = j;
    }
    return bytes;
  }

  private static long sizeOrZero(WfdbFile file) {
    try {
      return file == null ? 0 : file.size();
    } catch (IOException e) {
      return 0;
    }
  }

  private static long sizeOrZero(Path file) {
    try {
      return file == null ? 0 : Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The record-set folder of a header: the folder it lies in (e.g. {@code 30/3000003/3000003_0001.hea} gives
   * {@code 3000003}); a header directly in the group folder is its own record set.
   */
  static String recordSet(Path root, Path header) {
    Path parent = header.getParent();
    if (parent == null || parent.toAbsolutePath().normalize().equals(root.toAbsolutePath().normalize())) {
      String file = header.getFileName().toString();
      return file.substring(0, file.length() - ".hea".length());
    }
    return parent.getFileName().toString();
  }
}
