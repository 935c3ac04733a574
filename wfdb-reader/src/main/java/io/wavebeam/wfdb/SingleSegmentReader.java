package io.wavebeam.wfdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/** Reads a single-segment record: one {@link SignalGroup} per run of signal lines naming the same file. */
final class SingleSegmentReader extends RecordRangeReader {
  private final List<SignalGroup> groups = new ArrayList<>();
  private final int[] unstored; // signals not stored in any file: always invalid

  SingleSegmentReader(WfdbRecord record, long from, long to) throws IOException {
    super(record, from, to);
    List<SignalSpec> specs = record.header().signals();
    try {
      for (FileRun run : fileRuns(specs)) {
        groups.add(openGroup(specs.subList(run.from(), run.to()), run.from(), from, to));
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    unstored = IntStream.range(0, specs.size()).filter(i -> !specs.get(i).isStored()).toArray();
  }

  /** Signal lines {@code [from, to)}: a run of stored signals that name the same file, in the header's order. */
  record FileRun(int from, int to) {}

  /** The header's stored signals as runs of lines naming the same file (one signal group each). */
  static List<FileRun> fileRuns(List<SignalSpec> specs) {
    List<FileRun> runs = new ArrayList<>();
    int i = 0;
    while (i < specs.size()) {
      SignalSpec first = specs.get(i);
      if (!first.isStored()) {
        i++;
        continue;
      }
      int j = i + 1;
      while (j < specs.size() && specs.get(j).isStored() && specs.get(j).fileName().equals(first.fileName())) {
        j++;
      }
      runs.add(new FileRun(i, j));
      i = j;
    }
    return runs;
  }

  private SignalGroup openGroup(List<SignalSpec> specs, int firstSignal, long from, long to) throws IOException {
    int[] signals = new int[specs.size()];
    for (int k = 0; k < signals.length; k++) {
      signals[k] = firstSignal + k;
    }
    return SignalGroup.open(record.file(firstSignal), specs, signals, from, to, record.length(), warnings);
  }

  /** Frames the record's files hold, for a header that gives no length: the shortest file decides. */
  static long framesInFiles(RecordHeader header, List<WfdbFile> files) throws IOException {
    List<SignalSpec> specs = header.signals();
    long frames = Long.MAX_VALUE;
    for (FileRun run : fileRuns(specs)) {
      List<SignalSpec> runSpecs = specs.subList(run.from(), run.to());
      int vpf = runSpecs.stream().mapToInt(SignalSpec::samplesPerFrame).sum();
      WfdbFile file = files.get(run.from());
      try (FrameSource source = SignalGroup.openSource(file, runSpecs, vpf, 0)) {
        long n = source.availableFrames();
        if (n < 0) {
          throw WfdbException.of(file.location(), "the header gives no length and the file does not say its own");
        }
        frames = Math.min(frames, n);
      }
    }
    return frames == Long.MAX_VALUE ? 0 : frames;
  }

  @Override
  public int read(int[][] dest, int maxFrames) throws IOException {
    int n = (int) Math.min(maxFrames, end - position);
    if (n <= 0) {
      return 0;
    }
    for (SignalGroup g : groups) {
      g.read(dest, n);
    }
    for (int s : unstored) {
      fillInvalid(dest, s, n);
    }
    position += n;
    return n;
  }

  @Override
  public boolean hasOffsetBinaryCodes() {
    if (unstored.length > 0 || groups.isEmpty()) {
      return false;
    }
    for (SignalGroup g : groups) {
      if (!g.hasOffsetBinaryCodes()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int readOffsetBinaryCodes(byte[][] dest, int maxFrames) throws IOException {
    if (!hasOffsetBinaryCodes()) {
      throw new UnsupportedOperationException(record.header().name() + " is not stored in format 80 alone");
    }
    int n = (int) Math.min(maxFrames, end - position);
    if (n <= 0) {
      return 0;
    }
    for (SignalGroup g : groups) {
      g.readOffsetBinaryCodes(dest, n);
    }
    position += n;
    return n;
  }

  @Override
  public double gain(int signal) {
    return record.signals().get(signal).gain();
  }

  @Override
  public int baseline(int signal) {
    return record.signals().get(signal).baseline();
  }

  @Override
  public int format(int signal) {
    SignalSpec spec = record.signals().get(signal).spec();
    return spec.isStored() ? spec.format() : 0;
  }

  @Override
  public int segment() {
    return 0;
  }

  @Override
  public void close() throws IOException {
    IOException failure = null;
    for (SignalGroup g : groups) {
      try {
        g.close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
