package io.wavebeam.wfdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the single- and the multi-segment reader share: the record, the frame range {@code [from, to)} being read
 * and the position in it, the record's signals and the warnings collected while reading.
 */
abstract class RecordRangeReader implements SampleReader {
  final WfdbRecord record;
  final long end;
  final List<String> warnings = new ArrayList<>();
  long position;

  RecordRangeReader(WfdbRecord record, long from, long to) {
    this.record = record;
    this.position = from;
    this.end = to;
  }

  @Override
  public final int signalCount() {
    return record.signals().size();
  }

  @Override
  public final int samplesPerFrame(int signal) {
    return record.signals().get(signal).samplesPerFrame();
  }

  @Override
  public final long position() {
    return position;
  }

  @Override
  public final long end() {
    return end;
  }

  @Override
  public final List<String> warnings() {
    return warnings;
  }

  /** Marks the first {@code frames} frames of {@code signal} in {@code dest} invalid (a signal without values). */
  final void fillInvalid(int[][] dest, int signal, int frames) {
    Arrays.fill(dest[signal], 0, frames * samplesPerFrame(signal), SampleFormat.INVALID);
  }
}
