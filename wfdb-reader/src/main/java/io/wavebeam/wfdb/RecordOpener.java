package io.wavebeam.wfdb;

import io.wavebeam.wfdb.WfdbRecord.Layout;
import io.wavebeam.wfdb.WfdbRecord.Role;
import io.wavebeam.wfdb.WfdbRecord.Segment;
import io.wavebeam.wfdb.WfdbRecord.Signal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a parsed header into a {@link WfdbRecord}: resolves every file the header names through the header's
 * {@link WfdbFile} (the path sandbox: {@link #resolveInside}), checks signals that share a file, and for a
 * multi-segment record parses every segment header and assembles the fixed or variable layout.
 */
final class RecordOpener {
  private RecordOpener() {}

  static WfdbRecord open(RecordHeader header) throws IOException {
    return header.isMultiSegment() ? openMultiSegment(header) : openSingleSegment(header);
  }

  private static WfdbRecord openSingleSegment(RecordHeader header) throws IOException {
    List<WfdbFile> files = new ArrayList<>();
    List<Signal> signals = new ArrayList<>();
    List<SignalSpec> specs = header.signals();
    WfdbFile previousFile = null;
    for (int i = 0; i < specs.size(); i++) {
      SignalSpec s = specs.get(i);
      boolean sharesFile = i > 0 && s.isStored() && specs.get(i - 1).isStored()
          && s.fileName().equals(specs.get(i - 1).fileName());
      WfdbFile file = !s.isStored() ? null
          : sharesFile ? previousFile : resolveInside(header.file(), s.fileName(), "signal file");
      files.add(file);
      previousFile = file;
      signals.add(new Signal(i, s.description(), s.units(), s.format(), s.adcGain(), s.baseline(),
          s.samplesPerFrame(), s));
      if (sharesFile) {
        SignalSpec prev = specs.get(i - 1);
        if (prev.format() != s.format()) {
          throw WfdbException.of(header.location(), "signals " + (i - 1) + " and " + i + " share file '"
              + s.fileName() + "' but have formats " + prev.format() + " and " + s.format());
        }
        if (prev.byteOffset() != s.byteOffset()) {
          throw WfdbException.of(header.location(), "signals " + (i - 1) + " and " + i + " share file '"
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
        boolean isLayout = variable && i == 0;
        RecordHeader sh = segmentHeader(header, i, spec);
        if (!isLayout && sh.length() != null && sh.length() != spec.length()) {
          warnings.add(sh.location() + ": segment header gives " + sh.length() + " frames, the master header "
              + spec.length() + "; using " + spec.length());
        }
        WfdbRecord seg;
        try {
          seg = isLayout ? layoutRecord(sh) : openSingleSegment(withLength(sh, spec.length()));
        } catch (WfdbException e) {
          throw segmentProblem(header, i, spec, e);
        }
        segments.add(new Segment(i, spec.name(), start, spec.length(), isLayout ? Role.LAYOUT : Role.DATA, seg));
      }
      start += spec.length();
    }
    long length = start;
    if (header.length() != null && header.length() != start) {
      warnings.add(header.location() + ": header gives " + header.length() + " frames, the segments add up to "
          + start + "; using " + header.length());
      length = header.length();
    }
    List<Signal> signals = variable ? variableLayoutSignals(header, segments) : fixedLayoutSignals(header, segments);
    for (Segment seg : segments) {
      if (seg.role() == Role.DATA) {
        checkSegmentSignals(seg, signals, variable);
      }
    }
    return new WfdbRecord(header, variable ? Layout.VARIABLE : Layout.FIXED, length, signals, segments,
        List.of(), warnings);
  }

  /**
   * The parsed header of segment {@code i}. Any problem with it is the master's problem too: the message names
   * the master header, the segment, and the segment header's own message.
   */
  private static RecordHeader segmentHeader(RecordHeader master, int i, SegmentSpec spec) throws WfdbException {
    WfdbFile file = resolveInside(master.file(), spec.name() + ".hea", "segment header");
    if (file.location().equals(master.location())) {
      throw WfdbException.of(master.location(), "segment " + i + " '" + spec.name()
          + "' is this master header itself");
    }
    RecordHeader sh;
    try {
      sh = HeaderParser.parse(file);
    } catch (IOException e) {
      throw segmentProblem(master, i, spec, e);
    }
    if (sh.isMultiSegment()) {
      // Never opened: a master naming another master (or one naming this one) would recurse.
      throw WfdbException.of(master.location(), "segment " + i + " '" + spec.name() + "' is itself a "
          + "multi-segment record (" + sh.location() + "); segments must be single-segment records");
    }
    return sh;
  }

  private static WfdbException segmentProblem(RecordHeader master, int i, SegmentSpec spec, IOException e) {
    return WfdbException.of(master.location(), "segment " + i + " '" + spec.name() + "': " + e.getMessage(), e);
  }

  private static RecordHeader withLength(RecordHeader h, long length) {
    return new RecordHeader(h.file(), h.name(), h.segmentCount(), h.signalCount(), h.samplingFrequency(),
        h.counterFrequency(), h.baseCounter(), length, h.baseTime(), h.baseDate(), h.signals(), h.segments(),
        h.comments());
  }

  private static WfdbRecord layoutRecord(RecordHeader h) {
    List<Signal> signals = new ArrayList<>();
    List<WfdbFile> files = new ArrayList<>();
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
      throw WfdbException.of(header.location(), "layout segment '" + segments.get(0).name() + "' has "
          + layout.signals().size() + " signals, the master header says " + header.signalCount());
    }
    List<Signal> signals = new ArrayList<>();
    for (Signal ls : layout.signals()) {
      Integer format = null;
      boolean disagree = false;
      for (Segment seg : segments) {
        if (seg.role() != Role.DATA) {
          continue;
        }
        int j = WfdbRecord.matchByName(seg.record().signals(), ls, layout.signals());
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
        List<Signal> signals = seg.record().signals();
        if (signals.size() != header.signalCount()) {
          throw WfdbException.of(header.location(), "segment " + seg.index() + " '" + seg.name() + "' has "
              + signals.size() + " signals, the master header says " + header.signalCount());
        }
        return List.copyOf(signals);
      }
    }
    // Only gaps: the master header alone says how many signals there are, nothing more.
    List<Signal> signals = new ArrayList<>();
    for (int i = 0; i < header.signalCount(); i++) {
      signals.add(new Signal(i, "", SignalSpec.DEFAULT_UNITS, null, SignalSpec.DEFAULT_GAIN, 0, 1, null));
    }
    return signals;
  }

  private static void checkSegmentSignals(Segment seg, List<Signal> signals, boolean variable)
      throws WfdbException {
    List<Signal> own = seg.record().signals();
    String where = seg.record().header().location();
    if (!variable && own.size() != signals.size()) {
      throw WfdbException.of(where, "fixed-layout segment has " + own.size() + " signals, the record has "
          + signals.size());
    }
    for (Signal rs : signals) {
      int j = variable ? WfdbRecord.matchByName(own, rs, signals) : rs.index();
      if (j >= 0 && own.get(j).samplesPerFrame() != rs.samplesPerFrame()) {
        throw WfdbException.of(where, "signal '" + rs.name() + "' has " + own.get(j).samplesPerFrame()
            + " samples per frame here but " + rs.samplesPerFrame() + " in the record's layout");
      }
    }
  }

  /**
   * The file {@code name} (taken from a header) next to {@code header}. The name is checked as text before any
   * {@link WfdbFile} implementation sees it, so the guard holds for local paths and URIs alike: empty names,
   * absolute names (a leading slash or backslash, a drive letter), names with a URI scheme, control characters,
   * and any {@code ..} part are refused, before anything is opened.
   */
  static WfdbFile resolveInside(WfdbFile header, String name, String what) throws WfdbException {
    String problem = nameProblem(name, what);
    if (problem == null) {
      try {
        return header.sibling(name);
      } catch (IOException e) {
        problem = what + " name '" + name + "': " + HeaderParser.withoutLocation(e, header.location());
      }
    }
    throw WfdbException.of(header.location(), problem);
  }

  private static String nameProblem(String name, String what) {
    if (name.isEmpty()) {
      return "empty " + what + " name";
    }
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) < 0x20 || name.charAt(i) == 0x7F) {
        return "invalid " + what + " name '" + name + "': control character";
      }
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return what + " name '" + name + "' is absolute; it must name a file in the record's folder";
    }
    for (String part : name.split("[/\\\\]")) {
      if (part.equals("..")) {
        return what + " name '" + name + "' leaves the record's folder";
      }
    }
    return null;
  }
}
