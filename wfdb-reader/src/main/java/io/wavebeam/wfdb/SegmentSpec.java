package io.wavebeam.wfdb;

/**
 * One line of a multi-segment header's segment list.
 *
 * @param name segment record name, {@code ~} for a gap
 * @param length length in frames (0 for the layout segment of a variable-layout record)
 */
public record SegmentSpec(String name, long length) {
  public static final String GAP = "~";

  public boolean isGap() {
    return GAP.equals(name);
  }
}
