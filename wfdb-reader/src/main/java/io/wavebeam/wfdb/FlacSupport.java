package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Opens FLAC-coded signal files (formats 508, 516, 524). */
final class FlacSupport {
  /** Whether FLAC-coded files can be read yet. */
  static final boolean SUPPORTED = false;

  private FlacSupport() {}

  static FrameSource open(Path file, List<SignalSpec> specs, long startFrame) throws IOException {
    throw WfdbException.of(file, "unsupported signal format " + specs.get(0).format() + " (FLAC)");
  }
}
