package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An opened WFDB record: its header (and, for a multi-segment record, every segment's header) parsed and
 * checked, its files resolved inside the record's folder. Holds no open file, and signal files are only opened
 * (so a missing one only reported) by {@link #openReader}, which streams the samples. To tell a master header
 * from a segment cheaply, parse it with {@link HeaderParser} first: opening a master parses every segment.
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
  private final List<Path> files; // resolved signal file of each signal (single segment); null when not stored
  private final List<String> warnings;

  private WfdbRecord(RecordHeader header, Layout layout, long length, List<Signal> signals,
      List<Segment> segments, List<Path> files, List<String> warnings) {
    this.header = header;
    this.layout = layout;
    this.length = length;
    this.signals = List.copyOf(signals);
    this.segments = List.copyOf(segments);
    this.files = Collections.unmodifiableList(new ArrayList<>(files));
    this.warnings = List.copyOf(warnings);
  }

  /** Opens the record whose header is {@code path}, with or without the {@code .hea} suffix. */
  public static WfdbRecord open(Path path) throws IOException {
    Path header = path.getFileName() != null && path.getFileName().toString().endsWith(".hea")
        ? path : path.resolveSibling(path.getFileName() + ".hea");
    return open(HeaderParser.parse(header));
  }

  /** Opens a record from a parsed header. */
  public static WfdbRecord open(RecordHeader header) throws IOException {
    return header.isMultiSegment() ? openMultiSegment(header) : openSingleSegment(header);
  }

  private static WfdbRecord openSingleSegment(RecordHeader header) throws IOException {
    Path dir = header.directory();
    List<Path> files = new ArrayList<>();
    List<Signal> signals = new ArrayList<>();
    List<SignalSpec> specs = header.signals();
    for (int i = 0; i < specs.size(); i++) {
      SignalSpec s = specs.get(i);
      files.add(s.isStored() ? resolveInside(dir, s.fileName(), header.path(), "signal file") : null);
      signals.add(new Signal(i, s.description(), s.units(), s.format(), s.adcGain(), s.baseline(),
          s.samplesPerFrame(), s));
      if (i > 0 && s.isStored() && s.fileName().equals(specs.get(i - 1).fileName())) {
        SignalSpec prev = specs.get(i - 1);
        if (prev.format() != s.format()) {
          throw WfdbException.of(header.path(), "signals " + (i - 1) + " and " + i + " share file '"
              + s.fileName() + "' but have formats " + prev.format() + " and " + s.format());
        }
        if (prev.byteOffset() != s.byteOffset()) {
          throw WfdbException.of(header.path(), "signals " + (i - 1) + " and " + i + " share file '"
              + s.fileName() + "' but have byte offsets " + prev.byteOffset() + " and " + s.byteOffset());
        }
      }
    }
    Long length = header.length();
    if (length == null) {
      length = SingleSegmentReader.framesInFiles(header, files);
    }
    return new WfdbRecord(header, Layout.SINGLE, length, signals, List.of(), files, List.of());
  }

  private static WfdbRecord openMultiSegment(RecordHeader header) throws IOException {
    Path dir = header.directory();
    List<SegmentSpec> specs = header.segments();
    List<Segment> segments = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    boolean variable = !specs.isEmpty() && specs.get(0).length() == 0 && !specs.get(0).isGap();
    long start = 0;
    for (int i = 0; i < specs.size(); i++) {
      SegmentSpec spec = specs.get(i);
      if (spec.isGap()) {
        segments.add(new Segment(i, spec.name(), start, spec.length(), Role.GAP, null));
      } else {
        Path segHeader = resolveInside(dir, spec.name() + ".hea", header.path(), "segment header");
        RecordHeader sh = HeaderParser.parse(segHeader);
        if (sh.isMultiSegment()) {
          throw WfdbException.of(segHeader, "a segment cannot itself be a multi-segment record");
        }
        boolean isLayout = variable && i == 0;
        if (!isLayout && sh.length() != null && sh.length() != spec.length()) {
          warnings.add(segHeader + ": segment header gives " + sh.length() + " frames, the master header "
              + spec.length() + "; using " + spec.length());
        }
        RecordHeader fixedLength = withLength(sh, spec.length());
        WfdbRecord seg = isLayout ? layoutRecord(sh) : openSingleSegment(fixedLength);
        segments.add(new Segment(i, spec.name(), start, spec.length(), isLayout ? Role.LAYOUT : Role.DATA, seg));
      }
      start += spec.length();
    }
    long length = start;
    if (header.length() != null && header.length() != start) {
      warnings.add(header.path() + ": header gives " + header.length() + " frames, the segments add up to "
          + start + "; using " + header.length());
      length = header.length();
    }
    List<Signal> signals = variable ? variableLayoutSignals(header, segments) : fixedLayoutSignals(header, segments);
    for (Segment seg : segments) {
      if (seg.role() == Role.DATA) {
        checkSegmentSignals(header, seg, signals, variable);
      }
    }
    return new WfdbRecord(header, variable ? Layout.VARIABLE : Layout.FIXED, length, signals, segments,
        List.of(), warnings);
  }

  private static RecordHeader withLength(RecordHeader h, long length) {
    return new RecordHeader(h.path(), h.name(), h.segmentCount(), h.signalCount(), h.samplingFrequency(),
        h.counterFrequency(), h.baseCounter(), length, h.baseTime(), h.baseDate(), h.signals(), h.segments(),
        h.comments());
  }

  private static WfdbRecord layoutRecord(RecordHeader h) {
    List<Signal> signals = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < h.signals().size(); i++) {
      SignalSpec s = h.signals().get(i);
      signals.add(new Signal(i, s.description(), s.units(), null, s.adcGain(), s.baseline(), s.samplesPerFrame(), s));
      files.add(null);
    }
    return new WfdbRecord(h, Layout.SINGLE, 0, signals, List.of(), files, List.of());
  }

  private static List<Signal> variableLayoutSignals(RecordHeader header, List<Segment> segments)
      throws WfdbException {
    WfdbRecord layout = segments.get(0).record();
    if (layout.signals().size() != header.signalCount()) {
      throw WfdbException.of(layout.header().path(), "layout header has " + layout.signals().size()
          + " signals, the master header says " + header.signalCount());
    }
    List<Signal> signals = new ArrayList<>();
    for (Signal ls : layout.signals()) {
      Integer format = null;
      boolean disagree = false;
      for (Segment seg : segments) {
        if (seg.role() != Role.DATA) {
          continue;
        }
        int j = matchByName(seg.record().signals(), ls, layout.signals());
        if (j >= 0) {
          int f = seg.record().signals().get(j).spec().format();
          if (format == null) {
            format = f;
          } else if (format != f) {
            disagree = true;
          }
        }
      }
      signals.add(new Signal(ls.index(), ls.name(), ls.units(), disagree ? null : format, ls.gain(),
          ls.baseline(), ls.samplesPerFrame(), ls.spec()));
    }
    return signals;
  }

  private static List<Signal> fixedLayoutSignals(RecordHeader header, List<Segment> segments)
      throws WfdbException {
    for (Segment seg : segments) {
      if (seg.role() == Role.DATA) {
        List<Signal> first = seg.record().signals();
        List<Signal> signals = new ArrayList<>();
        for (Signal s : first) {
          signals.add(new Signal(s.index(), s.name(), s.units(), s.format(), s.gain(), s.baseline(),
              s.samplesPerFrame(), s.spec()));
        }
        if (signals.size() != header.signalCount()) {
          throw WfdbException.of(seg.record().header().path(), "segment has " + signals.size()
              + " signals, the master header says " + header.signalCount());
        }
        return signals;
      }
    }
    // Only gaps: the master header alone says how many signals there are, nothing more.
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < header.signalCount(); i++) {
      signals.add(new Signal(i, "", SignalSpec.DEFAULT_UNITS, null, SignalSpec.DEFAULT_GAIN, 0, 1, null));
    }
    return signals;
  }

  private static void checkSegmentSignals(RecordHeader header, Segment seg, List<Signal> signals,
      boolean variable) throws WfdbException {
    List<Signal> own = seg.record().signals();
    Path path = seg.record().header().path();
    if (!variable && own.size() != signals.size()) {
      throw WfdbException.of(path, "fixed-layout segment has " + own.size() + " signals, the record has "
          + signals.size());
    }
    for (Signal rs : signals) {
      int j = variable ? matchByName(own, rs, signals) : rs.index();
      if (j >= 0 && own.get(j).samplesPerFrame() != rs.samplesPerFrame()) {
        throw WfdbException.of(path, "signal '" + rs.name() + "' has " + own.get(j).samplesPerFrame()
            + " samples per frame here but " + rs.samplesPerFrame() + " in the record's layout");
      }
    }
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

  /**
   * Resolves a file name taken from a header inside the record's folder; absolute names and names that climb out
   * of the folder are refused before anything is opened.
   */
  static Path resolveInside(Path dir, String name, Path header, String what) throws WfdbException {
    String problem = null;
    Path relative = null;
    if (name.isEmpty()) {
      problem = "empty " + what + " name";
    } else if (name.startsWith("/") || name.startsWith("\\") || name.contains(":") && name.indexOf(':') == 1) {
      problem = what + " name '" + name + "' is absolute; it must name a file in the record's folder";
    } else {
      try {
        relative = Path.of(name);
      } catch (InvalidPathException e) {
        problem = "invalid " + what + " name '" + name + "'";
      }
    }
    if (relative != null) {
      if (relative.isAbsolute()) {
        problem = what + " name '" + name + "' is absolute; it must name a file in the record's folder";
      } else {
        for (Path part : relative) {
          if (part.toString().equals("..")) {
            problem = what + " name '" + name + "' leaves the record's folder";
          }
        }
      }
    }
    if (problem == null) {
      Path base = dir.toAbsolutePath().normalize();
      Path resolved = base.resolve(relative).normalize();
      if (resolved.startsWith(base)) {
        return resolved;
      }
      problem = what + " name '" + name + "' leaves the record's folder";
    }
    throw WfdbException.of(header, problem);
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
  public Path file(int signal) {
    return files.isEmpty() ? null : files.get(signal);
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
