package io.wavebeam.wfdb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads a single-segment record: one {@link SignalGroup} per run of signal lines naming the same file. */
final class SingleSegmentReader implements SampleReader {
  private final WfdbRecord record;
  private final List<SignalGroup> groups = new ArrayList<>();
  private final int[] unstored; // signals not stored in any file: always invalid
  private final List<String> warnings = new ArrayList<>();
  private final long end;
  private long position;

  SingleSegmentReader(WfdbRecord record, long from, long to) throws IOException {
    this.record = record;
    this.position = from;
    this.end = to;
    List<SignalSpec> specs = record.header().signals();
    List<Integer> notStored = new ArrayList<>();
    try {
      int i = 0;
      while (i < specs.size()) {
        SignalSpec first = specs.get(i);
        if (!first.isStored()) {
          notStored.add(i++);
          continue;
        }
        int j = i + 1;
        while (j < specs.size() && specs.get(j).isStored() && specs.get(j).fileName().equals(first.fileName())) {
          j++;
        }
        groups.add(openGroup(specs.subList(i, j), i, from, to));
        i = j;
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    unstored = notStored.stream().mapToInt(Integer::intValue).toArray();
  }

  private SignalGroup openGroup(List<SignalSpec> specs, int firstSignal, long from, long to) throws IOException {
    SignalSpec first = specs.get(0);
    WfdbFile file = record.file(firstSignal);
    int[] signals = new int[specs.size()];
    int vpf = 0;
    for (int k = 0; k < signals.length; k++) {
      signals[k] = firstSignal + k;
      vpf += specs.get(k).samplesPerFrame();
    }
    FrameSource source = openSource(file, first, specs, vpf, from);
    SignalGroup group = new SignalGroup(file.location(), specs, signals, source, from, to, record.length(), warnings);
    boolean fromStart = first.format() == 8 || SampleFormat.isFlac(first.format());
    long sourceStart = fromStart ? 0 : from - from % source.frameAlignment();
    if (from > 0) {
      group.skipTo(sourceStart, from); // decodes and drops what comes before the range
    }
    return group;
  }

  private static FrameSource openSource(WfdbFile file, SignalSpec first, List<SignalSpec> specs, int vpf, long from)
      throws IOException {
    int format = first.format();
    if (SampleFormat.isFlac(format)) {
      return FlacSupport.open(file, specs, first.byteOffset()); // not seekable: starts at frame 0
    }
    int alignment = BinaryFrameSource.alignmentFor(format, vpf);
    long start = format == 8 ? 0 : from - from % alignment;
    return new BinaryFrameSource(file, format, vpf, first.byteOffset(), start);
  }

  /** Frames the record's files hold, for a header that gives no length: the shortest file decides. */
  static long framesInFiles(RecordHeader header, List<WfdbFile> files) throws IOException {
    List<SignalSpec> specs = header.signals();
    long frames = Long.MAX_VALUE;
    int i = 0;
    while (i < specs.size()) {
      SignalSpec first = specs.get(i);
      if (!first.isStored()) {
        i++;
        continue;
      }
      int j = i;
      int vpf = 0;
      while (j < specs.size() && specs.get(j).isStored() && specs.get(j).fileName().equals(first.fileName())) {
        vpf += specs.get(j).samplesPerFrame();
        j++;
      }
      try (FrameSource source = openSource(files.get(i), first, specs.subList(i, j), vpf, 0)) {
        long n = source.availableFrames();
        if (n < 0) {
          throw WfdbException.of(files.get(i).location(), "the header gives no length and the file does not say its own");
        }
        frames = Math.min(frames, n);
      }
      i = j;
    }
    return frames == Long.MAX_VALUE ? 0 : frames;
  }

  @Override
  public int signalCount() {
    return record.signals().size();
  }

  @Override
  public int samplesPerFrame(int signal) {
    return record.signals().get(signal).samplesPerFrame();
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public long end() {
    return end;
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
      Arrays.fill(dest[s], 0, n * samplesPerFrame(s), SampleFormat.INVALID);
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
  public List<String> warnings() {
    return warnings;
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
