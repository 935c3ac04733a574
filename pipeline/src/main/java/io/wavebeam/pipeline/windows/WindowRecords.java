package io.wavebeam.pipeline.windows;

import io.wavebeam.wfdb.HeaderParser;
import io.wavebeam.wfdb.RecordHeader;
import io.wavebeam.wfdb.SegmentSpec;
import io.wavebeam.wfdb.SignalSpec;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The records of a group folder for the windowed output, where the unit is a whole record rather than a segment:
 * every multi-segment (master) header, and every single-segment header that no master header lists as a segment
 * (a numerics record such as {@code 3000003n}, a standalone record). Layout headers (no signal stored, no frames)
 * are left out. A header that cannot be parsed is still listed, so the worker that reads it reports why.
 */
public final class WindowRecords {
  /** One record to summarise: its header and the bytes of signal data it holds (for balancing work). */
  public record Task(String headerPath, String record, long bytes) implements Serializable {}

  private WindowRecords() {}

  public static List<Task> list(Path root) throws IOException {
    List<Path> headers;
    try (Stream<Path> walk = Files.walk(root)) {
      headers = walk.filter(p -> p.getFileName().toString().endsWith(".hea") && Files.isRegularFile(p))
          .sorted().collect(Collectors.toList());
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    List<RecordHeader> parsed = new ArrayList<>();
    Set<Path> listed = new HashSet<>();
    for (Path p : headers) {
      RecordHeader h = parseOrNull(p);
      parsed.add(h);
      if (h != null && h.isMultiSegment()) {
        for (SegmentSpec s : h.segments()) {
          if (!s.isGap()) {
            listed.add(key(p.resolveSibling(s.name() + ".hea")));
          }
        }
      }
    }
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < headers.size(); i++) {
      Path p = headers.get(i);
      RecordHeader h = parsed.get(i);
      String file = p.getFileName().toString();
      String name = file.substring(0, file.length() - ".hea".length());
      if (h == null) {
        if (!listed.contains(key(p))) {
          tasks.add(new Task(p.toString(), name, sizeOrZero(p)));
        }
        continue;
      }
      if (h.isMultiSegment()) {
        long bytes = 0;
        for (SegmentSpec s : h.segments()) {
          if (!s.isGap()) {
            bytes += signalBytes(p.resolveSibling(s.name() + ".hea"));
          }
        }
        tasks.add(new Task(p.toString(), h.name(), bytes));
      } else if (!listed.contains(key(p)) && h.signals().stream().anyMatch(SignalSpec::isStored)) {
        tasks.add(new Task(p.toString(), h.name(), signalBytes(p)));
      }
    }
    return tasks;
  }

  private static Path key(Path p) {
    return p.toAbsolutePath().normalize();
  }

  private static RecordHeader parseOrNull(Path p) {
    try {
      return HeaderParser.parse(p);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Sizes of the distinct signal files a single-segment header names (0 for what cannot be read). */
  private static long signalBytes(Path header) {
    RecordHeader h = parseOrNull(header);
    if (h == null || h.isMultiSegment()) {
      return 0;
    }
    Set<String> files = new HashSet<>();
    long bytes = 0;
    for (SignalSpec s : h.signals()) {
      // a name that is not a plain file name of the record's folder is not looked at; the reader refuses it
      if (s.isStored() && s.fileName().matches("[^/\\\\:]+") && !s.fileName().equals("..")
          && files.add(s.fileName())) {
        bytes += sizeOrZero(header.resolveSibling(s.fileName()));
      }
    }
    return bytes;
  }

  private static long sizeOrZero(Path file) {
    try {
      return Files.size(file);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
