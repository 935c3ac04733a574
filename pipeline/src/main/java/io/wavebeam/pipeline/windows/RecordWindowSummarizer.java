package io.wavebeam.pipeline.windows;

import io.wavebeam.pipeline.features.SignalFeatures;
import io.wavebeam.pipeline.features.SignalScale;
import io.wavebeam.pipeline.features.SignalStatistics;
import io.wavebeam.wfdb.RecordHeader;
import io.wavebeam.wfdb.SampleReader;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Features per signal and time window of one whole record: a multi-segment record through its master (and
 * layout) header, or a single-segment record such as a numerics record. The record's frames are streamed in
 * order on the record's clock, segment after segment (each through its own reader, so format-80 segments are
 * counted from their stored bytes); gaps and signals a segment lacks are invalid samples. Each window's values
 * are accumulated per segment in that segment's scale and combined exactly when the window closes, so a window
 * that spans a segment boundary is one row with the features of the concatenated physical samples. Memory is one
 * window's accumulators plus one block of frames, whatever the record's length.
 *
 * <p>Rows go to the consumer as each window closes: window by window, signals in order within a window.
 */
public final class RecordWindowSummarizer {
  /** Frames per read, as in the whole-segment pass: a block of bytes and ints stays in the core's caches. */
  static final int BLOCK_FRAMES = 2048;

  private RecordWindowSummarizer() {}

  /** What was read, for the run's counters. */
  public record Summary(String record, int signals, long frames, long windows, long rows, long values,
      List<String> warnings) {}

  /**
   * Receives the whole-segment features of every segment the record's timeline reads completely (frames 0 to
   * the segment's own length), merged from its window parts: the same values as reading the segment alone.
   */
  @FunctionalInterface
  public interface SegmentSink {
    /**
     * @param segment the segment (the record itself for a single-segment record)
     * @param features one accumulator per signal of the segment, in its signal order
     * @param warnings the segment's and its reader's warnings
     */
    void segment(WfdbRecord segment, List<SignalFeatures> features, List<String> warnings);
  }

  /** One stretch of the record's timeline: a data segment, or a gap (null record). */
  private record Stretch(String name, long start, long length, WfdbRecord record, int[] signalOf) {}

  /**
   * Summarises the record whose header is {@code header} (a master header or a single-segment header).
   *
   * @param group the group name written into every row
   * @param rows receives one row per (window, signal)
   */
  public static Summary summarize(String group, Path header, WindowSpec spec, WindowRow.Sink rows)
      throws IOException {
    return summarize(group, WfdbRecord.open(header), spec, rows);
  }

  public static Summary summarize(String group, WfdbRecord record, WindowSpec spec, WindowRow.Sink rows)
      throws IOException {
    return summarize(group, record, spec, rows, null);
  }

  /**
   * Summarises {@code record} in windows and, when {@code segments} is given, also gives it each segment's
   * whole-segment features (pass 1's segment rows), so a windowed run reads every value once for both outputs.
   */
  public static Summary summarize(String group, WfdbRecord record, WindowSpec spec, WindowRow.Sink rows,
      SegmentSink segments) throws IOException {
    RecordHeader h = record.header();
    List<WfdbRecord.Signal> signals = record.signals();
    int n = signals.size();
    double frameFrequency = h.samplingFrequency();
    long length = record.length();
    WindowTimeline timeline = new WindowTimeline(spec, frameFrequency, length, h.baseTime(), h.baseDate());

    WindowRow.Identity[] ids = new WindowRow.Identity[n];
    WindowAccumulator[] acc = new WindowAccumulator[n];
    int[] spf = new int[n];
    for (WfdbRecord.Signal s : signals) {
      int i = s.index();
      spf[i] = s.samplesPerFrame();
      ids[i] = new WindowRow.Identity(group, h.name(), s.name(), i, s.units(), frameFrequency * spf[i], spf[i]);
      SignalScale fallback = s.spec() != null ? SignalScale.of(s.spec())
          : new SignalScale(0, s.gain(), s.baseline(), 0, 0);
      acc[i] = new WindowAccumulator(fallback);
    }

    List<String> warnings = new ArrayList<>(record.warnings());
    int valuesPerFrame = 0;
    for (int v : spf) {
      valuesPerFrame += v;
    }
    WindowCursor cursor = new WindowCursor(acc, ids, timeline, rows);
    cursor.skipEmpty(0);
    long values = 0;
    long position = 0;
    for (Stretch stretch : stretches(record)) {
      long stretchEnd = Math.min(length, stretch.start() + stretch.length());
      if (position >= stretchEnd) {
        continue;
      }
      WfdbRecord segment = stretch.record();
      // the segment's own row needs all of its frames: a master that gives it fewer leaves it to the segment pass
      SignalScale[] scales = new SignalScale[segment == null ? 0 : segment.signals().size()];
      for (int j = 0; j < scales.length; j++) {
        scales[j] = SignalScale.of(segment.signals().get(j).spec());
      }
      SignalFeatures[] whole = segments != null && segment != null && position == stretch.start()
          && stretchEnd - stretch.start() == segment.length() ? wholeSegment(segment, scales) : null;
      boolean[] unmapped = whole == null ? null : unmapped(stretch, whole.length);
      SampleReader reader = segment == null ? null
          : segment.openReader(position - stretch.start(), stretchEnd - stretch.start());
      try {
        boolean codes = reader != null && reader.hasOffsetBinaryCodes();
        byte[][] codeBlock = codes ? reader.newCodeBlock(BLOCK_FRAMES) : null;
        int[][] intBlock = reader != null && !codes ? reader.newBlock(BLOCK_FRAMES) : null;
        while (position < stretchEnd) {
          long partEnd = Math.min(cursor.windowEnd, stretchEnd); // > position: the cursor skips empty windows
          int frames = (int) Math.min(BLOCK_FRAMES, partEnd - position);
          if (reader == null) {
            for (int i = 0; i < n; i++) {
              acc[i].addInvalid((long) frames * spf[i]);
            }
          } else {
            readFully(reader, stretch, codes, codeBlock, intBlock, frames);
            for (int i = 0; i < n; i++) {
              int j = stretch.signalOf()[i];
              int count = frames * spf[i];
              if (j < 0) {
                acc[i].addInvalid(count);
                continue;
              }
              SignalFeatures part = acc[i].part(stretch.name(), scales[j], (partEnd - position) * spf[i],
                  whole == null ? null : whole[j]);
              if (codes) {
                part.addOffsetBinaryCodes(codeBlock[j], count);
              } else {
                part.add(intBlock[j], count);
              }
            }
            if (unmapped != null) { // segment signals the record's layout leaves out still have segment rows
              for (int j = 0; j < unmapped.length; j++) {
                if (unmapped[j]) {
                  int count = frames * segment.signals().get(j).samplesPerFrame();
                  if (codes) {
                    whole[j].addOffsetBinaryCodes(codeBlock[j], count);
                  } else {
                    whole[j].add(intBlock[j], count);
                  }
                }
              }
            }
          }
          position += frames;
          values += (long) frames * valuesPerFrame;
          cursor.skipEmpty(position);
        }
        if (reader != null) {
          warnings.addAll(reader.warnings());
        }
      } finally {
        if (reader != null) {
          reader.close();
        }
      }
      for (WindowAccumulator a : acc) {
        a.endPart();
      }
      if (whole != null) {
        List<String> segmentWarnings = new ArrayList<>(segment.warnings());
        segmentWarnings.addAll(reader.warnings());
        segments.segment(segment, List.of(whole), segmentWarnings);
      }
    }
    if (length > 0) {
      cursor.emit();
    }
    return new Summary(h.name(), n, length, length > 0 ? cursor.window + 1 : 0, cursor.rows, values, warnings);
  }

  /**
   * A whole-segment counter per signal of {@code segment}, sized as the segment pass sizes them, in the scales
   * its window parts use (the same objects: a window's end compares them).
   */
  private static SignalFeatures[] wholeSegment(WfdbRecord segment, SignalScale[] scales) {
    List<WfdbRecord.Signal> signals = segment.signals();
    SignalFeatures[] whole = new SignalFeatures[signals.size()];
    for (WfdbRecord.Signal s : signals) {
      whole[s.index()] = new SignalFeatures(scales[s.index()], segment.length() * s.samplesPerFrame());
    }
    return whole;
  }

  /** The segment's signals no record signal reads (a variable layout may leave some out). */
  private static boolean[] unmapped(Stretch stretch, int segmentSignals) {
    boolean[] unmapped = new boolean[segmentSignals];
    java.util.Arrays.fill(unmapped, true);
    for (int j : stretch.signalOf()) {
      if (j >= 0) {
        unmapped[j] = false;
      }
    }
    return unmapped;
  }

  private static void readFully(SampleReader reader, Stretch stretch, boolean codes, byte[][] codeBlock,
      int[][] intBlock, int frames) throws IOException {
    int got = codes ? reader.readOffsetBinaryCodes(codeBlock, frames) : reader.read(intBlock, frames);
    if (got != frames) {
      throw new IOException(stretch.record().header().location() + ": segment ended after " + got + " of " + frames
          + " frames");
    }
  }

  /** The window being filled, and the rows of the windows closed so far. */
  private static final class WindowCursor {
    private final WindowAccumulator[] acc;
    private final WindowRow.Identity[] ids;
    /** Where the windows fall; it also knows the record's length and the window's. */
    private final WindowTimeline timeline;
    private final WindowRow.Sink out;
    long window;
    long windowEnd;
    long rows;

    WindowCursor(WindowAccumulator[] acc, WindowRow.Identity[] ids, WindowTimeline timeline, WindowRow.Sink out) {
      this.acc = acc;
      this.ids = ids;
      this.timeline = timeline;
      this.out = out;
      this.windowEnd = timeline.startFrame(1);
    }

    /**
     * At {@code position}: while the current window ends there and frames follow, closes it and moves on; a
     * window shorter than a frame (30 s windows of one-per-minute numerics) is written with no values.
     */
    void skipEmpty(long position) {
      while (position == windowEnd && position < timeline.length()) {
        emit();
        window++;
        windowEnd = timeline.startFrame(window + 1);
      }
    }

    void emit() {
      double offset = timeline.offsetSeconds(window);
      String start = timeline.isoStart(window);
      long windowS = timeline.windowSeconds();
      for (int i = 0; i < acc.length; i++) {
        SignalStatistics stats = acc[i].finish();
        out.accept(ids[i], windowS, window, offset, start, acc[i].segments(), stats);
        acc[i].clearSegments();
        rows++;
      }
    }
  }

  /** The record's timeline as stretches in frame order; the layout segment holds no frames and is left out. */
  private static List<Stretch> stretches(WfdbRecord record) {
    List<Stretch> out = new ArrayList<>();
    List<WfdbRecord.Signal> signals = record.signals();
    if (!record.isMultiSegment()) {
      int[] identity = new int[signals.size()];
      for (int i = 0; i < identity.length; i++) {
        identity[i] = i;
      }
      out.add(new Stretch(record.name(), 0, record.length(), record, identity));
      return out;
    }
    for (WfdbRecord.Segment seg : record.segments()) {
      switch (seg.role()) {
        case LAYOUT -> { }
        case GAP -> out.add(new Stretch(null, seg.start(), seg.length(), null, null));
        case DATA -> {
          int[] map = new int[signals.size()];
          for (WfdbRecord.Signal s : signals) {
            map[s.index()] = record.layout() == WfdbRecord.Layout.VARIABLE
                ? matchByName(seg.record().signals(), s, signals) : s.index();
          }
          out.add(new Stretch(seg.name(), seg.start(), seg.length(), seg.record(), map));
        }
        default -> throw new IllegalStateException("unknown segment role " + seg.role());
      }
    }
    return out;
  }

  /**
   * The segment signal that carries record signal {@code wanted} in a variable layout, by name: the n-th signal
   * of the record with a name takes the n-th signal of the segment with that name (as the reader's
   * multi-segment reader places them); -1 when the segment lacks it.
   */
  static int matchByName(List<WfdbRecord.Signal> segmentSignals, WfdbRecord.Signal wanted,
      List<WfdbRecord.Signal> recordSignals) {
    int occurrence = 0;
    for (WfdbRecord.Signal r : recordSignals) {
      if (r.index() == wanted.index()) {
        break;
      }
      if (Objects.equals(r.name(), wanted.name())) {
        occurrence++;
      }
    }
    for (WfdbRecord.Signal s : segmentSignals) {
      if (Objects.equals(s.name(), wanted.name()) && occurrence-- == 0) {
        return s.index();
      }
    }
    return -1;
  }
}
