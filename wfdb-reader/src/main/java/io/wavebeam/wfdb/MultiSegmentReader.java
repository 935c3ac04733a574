package io.wavebeam.wfdb;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a multi-segment record as one record: segment by segment, each segment's signals placed at the
 * record's signals (by position in a fixed layout, by name in a variable one); gaps and signals a segment
 * lacks are invalid. Blocks stop at segment boundaries, so each block has one scale per signal.
 */
final class MultiSegmentReader extends RecordRangeReader {
  private final List<WfdbRecord.Signal> signals;

  private int current = -1; // segment index the open reader belongs to
  private int cursor; // segment where the search for the next frame starts: reading only moves forward
  private SampleReader segmentReader;
  private int[] recordToSegment; // record signal -> segment signal, -1 when absent
  private int[][] view; // segment signal -> destination array
  private int[][] scratch; // destinations for segment signals the record does not have

  private int blockSegment;

  MultiSegmentReader(WfdbRecord record, long from, long to) {
    super(record, from, to);
    this.signals = record.signals();
  }

  @Override
  public int read(int[][] dest, int maxFrames) throws IOException {
    while (position < end) {
      WfdbRecord.Segment seg = segmentAt(position);
      long segEnd = seg == null ? end : Math.min(end, seg.start() + seg.length());
      int n = (int) Math.min(maxFrames, segEnd - position);
      if (seg == null || seg.role() != WfdbRecord.Role.DATA) {
        closeSegment();
        blockSegment = seg == null ? record.segments().size() - 1 : seg.index();
        recordToSegment = null;
        for (int s = 0; s < dest.length; s++) {
          fillInvalid(dest, s, n);
        }
      } else {
        openSegment(seg, segEnd);
        int[][] target = mapDestinations(dest, n);
        int got = segmentReader.read(target, n);
        if (got != n) {
          throw WfdbException.of(seg.record().header().location(), "segment ended after " + got + " of " + n
              + " frames");
        }
        for (int s = 0; s < dest.length; s++) {
          if (recordToSegment[s] < 0) {
            fillInvalid(dest, s, n);
          }
        }
        blockSegment = seg.index();
      }
      position += n;
      return n;
    }
    closeSegment();
    return 0;
  }

  /** The segment holding {@code frame}, or null past the last segment (a header longer than its segments). */
  private WfdbRecord.Segment segmentAt(long frame) {
    List<WfdbRecord.Segment> segs = record.segments();
    for (int i = cursor; i < segs.size(); i++) {
      WfdbRecord.Segment s = segs.get(i);
      if (s.role() != WfdbRecord.Role.LAYOUT && frame >= s.start() && frame < s.start() + s.length()) {
        cursor = i;
        return s;
      }
    }
    return null;
  }

  private void openSegment(WfdbRecord.Segment seg, long segEnd) throws IOException {
    if (current == seg.index() && segmentReader != null) {
      return;
    }
    closeSegment();
    WfdbRecord segRecord = seg.record();
    segmentReader = segRecord.openReader(position - seg.start(), segEnd - seg.start());
    current = seg.index();
    List<WfdbRecord.Signal> own = segRecord.signals();
    recordToSegment = new int[signals.size()];
    for (WfdbRecord.Signal rs : signals) {
      recordToSegment[rs.index()] = record.layout() == WfdbRecord.Layout.VARIABLE
          ? WfdbRecord.matchByName(own, rs, signals) : rs.index();
    }
    view = new int[own.size()][];
    scratch = new int[own.size()][];
  }

  private int[][] mapDestinations(int[][] dest, int n) {
    Arrays.fill(view, null);
    for (int s = 0; s < recordToSegment.length; s++) {
      if (recordToSegment[s] >= 0) {
        view[recordToSegment[s]] = dest[s];
      }
    }
    for (int j = 0; j < view.length; j++) {
      if (view[j] == null) {
        int need = n * segmentReader.samplesPerFrame(j);
        if (scratch[j] == null || scratch[j].length < need) {
          scratch[j] = new int[need];
        }
        view[j] = scratch[j];
      }
    }
    return view;
  }

  private void closeSegment() throws IOException {
    if (segmentReader != null) {
      try {
        segmentReader.close();
      } finally {
        warnings.addAll(segmentReader.warnings());
        segmentReader = null;
        current = -1;
      }
    }
  }

  private boolean present(int signal) {
    return recordToSegment != null && recordToSegment[signal] >= 0 && segmentReader != null;
  }

  @Override
  public double gain(int signal) {
    return present(signal) ? segmentReader.gain(recordToSegment[signal]) : signals.get(signal).gain();
  }

  @Override
  public int baseline(int signal) {
    return present(signal) ? segmentReader.baseline(recordToSegment[signal]) : signals.get(signal).baseline();
  }

  @Override
  public int format(int signal) {
    return present(signal) ? segmentReader.format(recordToSegment[signal]) : 0;
  }

  @Override
  public int segment() {
    return blockSegment;
  }

  @Override
  public void close() throws IOException {
    closeSegment();
  }
}
