package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An opened WFDB record, as a value: its header facts, signals, segments and layout, with every file it names
 * already resolved (by {@link RecordOpener}, which also checks names and assembles multi-segment layouts). Holds
 * no open file, and signal files are only opened (so a missing one only reported) by {@link #openReader}, which
 * streams the samples. To tell a master header from a segment cheaply, parse it with {@link HeaderParser}
 * first: opening a master parses every segment.
 */
public final class WfdbRecord {
  /** How the record is stored. */
  public enum Layout { SINGLE, FIXED, VARIABLE }

  /** What a line of a multi-segment header's segment list is. */
  public enum Role { LAYOUT, GAP, DATA }

  /**
   * One segment of a multi-segment record; {@code record} is the segment's own single-segment record for a data
   * segment, the layout record for the layout segment, null for a gap.
   */
  public record Segment(int index, String name, long start, long length, Role role, WfdbRecord record) {}

  /**
   * A signal of the whole record. For a variable layout, gain, baseline and units are the layout header's and
   * {@code format} is the one the data segments agree on (null when none carries the signal or they disagree);
   * {@code spec} is the signal line it comes from (the first segment's for a fixed layout).
   */
  public record Signal(int index, String name, String units, Integer format, double gain, int baseline,
      int samplesPerFrame, SignalSpec spec) {}

  private final RecordHeader header;
  private final Layout layout;
  private final long length;
  private final List<Signal> signals;
  private final List<Segment> segments;
  private final List<WfdbFile> files; // resolved signal file of each signal (single segment); null when not stored
  private final List<String> warnings;

  WfdbRecord(RecordHeader header, Layout layout, long length, List<Signal> signals,
      List<Segment> segments, List<WfdbFile> files, List<String> warnings) {
    this.header = header;
    this.layout = layout;
    this.length = length;
    this.signals = List.copyOf(signals);
    this.segments = List.copyOf(segments);
    this.files = Collections.unmodifiableList(new ArrayList<>(files));
    this.warnings = List.copyOf(warnings);
  }

  /** Opens the local record whose header is {@code path}, with or without the {@code .hea} suffix. */
  public static WfdbRecord open(Path path) throws IOException {
    Path header = path.getFileName() != null && path.getFileName().toString().endsWith(".hea")
        ? path : path.resolveSibling(path.getFileName() + ".hea");
    return open(new LocalWfdbFile(header));
  }

  /** Opens the record whose header is {@code header}, wherever it is stored. */
  public static WfdbRecord open(WfdbFile header) throws IOException {
    return RecordOpener.open(HeaderParser.parse(header));
  }

  /** Opens a record from a parsed header. */
  public static WfdbRecord open(RecordHeader header) throws IOException {
    return RecordOpener.open(header);
  }

  /**
   * Index in {@code segmentSignals} of the record signal {@code wanted}, matched by name; the n-th signal of
   * the record with a given name takes the n-th signal of the segment with that name. -1 when absent.
   */
  static int matchByName(List<Signal> segmentSignals, Signal wanted, List<Signal> recordSignals) {
    int occurrence = 0;
    for (Signal r : recordSignals) {
      if (r.index() == wanted.index()) {
        break;
      }
      if (Objects.equals(r.name(), wanted.name())) {
        occurrence++;
      }
    }
    for (Signal s : segmentSignals) {
      if (Objects.equals(s.name(), wanted.name()) && occurrence-- == 0) {
        return s.index();
      }
    }
    return -1;
  }

  public RecordHeader header() {
    return header;
  }

  public String name() {
    return header.name();
  }

  public Layout layout() {
    return layout;
  }

  public boolean isMultiSegment() {
    return layout != Layout.SINGLE;
  }

  /** Length in frames: the header's, or for a single-segment header without one, what the files hold. */
  public long length() {
    return length;
  }

  public List<Signal> signals() {
    return signals;
  }

  /** The segments of a multi-segment record, in order; empty for a single-segment record. */
  public List<Segment> segments() {
    return segments;
  }

  /** The resolved file of signal {@code i} of a single-segment record, null when the signal is not stored. */
  public WfdbFile file(int signal) {
    return files.isEmpty() ? null : files.get(signal);
  }

  /**
   * The distinct signal files of the record, in header order; for a multi-segment record, every data
   * segment's files in segment order.
   */
  public List<WfdbFile> signalFiles() {
    Set<String> seen = new HashSet<>();
    List<WfdbFile> distinct = new ArrayList<>();
    collectSignalFiles(seen, distinct);
    return distinct;
  }

  private void collectSignalFiles(Set<String> seen, List<WfdbFile> into) {
    for (WfdbFile f : files) {
      if (f != null && seen.add(f.location())) {
        into.add(f);
      }
    }
    for (Segment seg : segments) {
      if (seg.role() == Role.DATA) {
        seg.record().collectSignalFiles(seen, into);
      }
    }
  }

  /**
   * Total bytes of the record's signal files as stored ({@link WfdbFile#size()}, each file once), whatever
   * the header claims: what a planner should weigh a record by. Fails like {@link WfdbFile#size()} for a
   * missing or non-regular file.
   */
  public long signalFileBytes() throws IOException {
    long total = 0;
    for (WfdbFile f : signalFiles()) {
      total += f.size();
    }
    return total;
  }

  /** Samples in one frame, summed over the signals: what a caller's block holds per frame. */
  public int valuesPerFrame() {
    int values = 0;
    for (Signal s : signals) {
      values += s.samplesPerFrame();
    }
    return values;
  }

  /**
   * Whether any signal of the record is stored in a file. A header whose signals all have format 0 (or the
   * file name {@code ~}) stores none: it reads as invalid samples only, like WFDB, and a caller that computes
   * features from the samples should report it rather than treat it as read.
   */
  public boolean storesAnySignal() {
    for (WfdbFile f : files) {
      if (f != null) {
        return true;
      }
    }
    for (Segment seg : segments) {
      if (seg.role() == Role.DATA && seg.record().storesAnySignal()) {
        return true;
      }
    }
    return false;
  }

  /** Problems found while opening that do not stop reading. */
  public List<String> warnings() {
    return warnings;
  }

  /** Streams the whole record. */
  public SampleReader openReader() throws IOException {
    return openReader(0, length);
  }

  /** Streams frames [{@code from}, {@code to}) of the record. */
  public SampleReader openReader(long from, long to) throws IOException {
    if (from < 0 || to < from || to > length) {
      throw new IllegalArgumentException("frame range [" + from + ", " + to + ") outside [0, " + length + ")");
    }
    return isMultiSegment() ? new MultiSegmentReader(this, from, to) : new SingleSegmentReader(this, from, to);
  }
}
