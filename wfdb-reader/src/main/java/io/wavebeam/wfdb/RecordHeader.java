package io.wavebeam.wfdb;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/**
 * A parsed header file ({@code .hea}): the record line, then either signal lines or, for a multi-segment
 * record, segment lines, then the comment lines.
 *
 * @param file the header file: every file it names is its {@link WfdbFile#sibling}
 * @param name record name from the record line
 * @param segmentCount number of segments for a multi-segment header, 0 otherwise
 * @param signalCount number of signals
 * @param samplingFrequency frames per second (250 when the header gives none)
 * @param counterFrequency counter ticks per second, {@code null} when not given
 * @param baseCounter counter value at the start, 0 when not given
 * @param length length in frames, {@code null} when the header gives none
 * @param baseTime time of day of the first sample, {@code null} when not given
 * @param baseDate date of the first sample, {@code null} when not given
 * @param signals signal lines (empty for a multi-segment header)
 * @param segments segment lines (empty for a single-segment header)
 * @param comments comment lines without the leading {@code #}, in order
 */
public record RecordHeader(
    WfdbFile file,
    String name,
    int segmentCount,
    int signalCount,
    double samplingFrequency,
    Double counterFrequency,
    double baseCounter,
    Long length,
    LocalTime baseTime,
    LocalDate baseDate,
    List<SignalSpec> signals,
    List<SegmentSpec> segments,
    List<String> comments) {

  public static final double DEFAULT_FREQUENCY = 250.0;

  public RecordHeader {
    signals = List.copyOf(signals);
    segments = List.copyOf(segments);
    comments = List.copyOf(comments);
  }

  public boolean isMultiSegment() {
    return segmentCount > 0;
  }

  /** Where the header is, for messages: a path or a URI. */
  public String location() {
    return file.location();
  }
}
