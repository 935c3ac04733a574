package io.wavebeam.pipeline;

import io.wavebeam.pipeline.features.SignalFeatures;
import io.wavebeam.pipeline.features.SignalScale;
import io.wavebeam.wfdb.SampleReader;
import io.wavebeam.wfdb.SignalSpec;
import io.wavebeam.wfdb.WfdbRecord;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a frame range of one single-segment record with the streaming reader and accumulates every signal. */
public final class SegmentSummarizer {
  /** Frames per read: small enough that a block of bytes and ints stays in the core's L1/L2 caches. */
  static final int BLOCK_FRAMES = 2048;

  private SegmentSummarizer() {}

  /** Partial (or whole) features of one frame range, with what is needed to turn them into rows. */
  public record Partial(List<FeatureRow.Identity> identities, List<SignalFeatures> features, List<String> warnings)
      implements Serializable {}

  /** Opens the task's record and summarises its frame range. */
  public static Partial summarize(String group, WorkTask task) throws IOException {
    if (task.problem() != null) {
      throw new IOException(task.problem());
    }
    WfdbRecord record = open(task.headerPath(), task.fileSizes());
    if (record.isMultiSegment()) {
      throw new IOException(task.headerPath() + ": a multi-segment header has no signal file of its own");
    }
    long to = task.to() < 0 ? record.length() : task.to();
    List<FeatureRow.Identity> ids = identities(group, task.recordSet(), record);
    List<SignalFeatures> features = new ArrayList<>();
    for (WfdbRecord.Signal s : record.signals()) {
      features.add(new SignalFeatures(SignalScale.of(s.spec()), (to - task.from()) * s.samplesPerFrame()));
    }
    List<String> warnings = new ArrayList<>(record.warnings());
    try (SampleReader reader = record.openReader(task.from(), to)) {
      int blockFrames = (int) Math.max(1, Math.min(BLOCK_FRAMES, to - task.from()));
      if (reader.hasOffsetBinaryCodes() && features.stream().allMatch(SignalFeatures::countsOffsetBinaryCodes)) {
        // format 80 waveforms, most of MIMIC: counted from their stored bytes, never widened to ints
        byte[][] block = reader.newCodeBlock(blockFrames);
        int frames;
        while ((frames = reader.readOffsetBinaryCodes(block, blockFrames)) > 0) {
          for (int s = 0; s < features.size(); s++) {
            features.get(s).addOffsetBinaryCodes(block[s], frames * reader.samplesPerFrame(s));
          }
        }
      } else {
        int[][] block = reader.newBlock(blockFrames);
        int frames;
        while ((frames = reader.read(block, blockFrames)) > 0) {
          for (int s = 0; s < features.size(); s++) {
            features.get(s).add(block[s], frames * reader.samplesPerFrame(s));
          }
        }
      }
      warnings.addAll(reader.warnings());
    }
    return new Partial(ids, features, warnings);
  }

  /**
   * Opens the record whose header is at {@code location} (a local path or a URI of a Beam file system); files of
   * an object store whose sizes the planner's listing gave ({@code listedSizes}, by location) are opened without
   * asking the store for their size.
   */
  public static WfdbRecord open(String location, Map<String, Long> listedSizes) throws IOException {
    if (location.startsWith("/")) {
      return WfdbRecord.open(Path.of(location));
    }
    return WfdbRecord.open(BeamWfdbFile.listed(location, listedSizes));
  }

  public static List<FeatureRow.Identity> identities(String group, String recordSet, WfdbRecord record) {
    var h = record.header();
    List<FeatureRow.Identity> ids = new ArrayList<>();
    for (WfdbRecord.Signal s : record.signals()) {
      SignalSpec spec = s.spec();
      ids.add(new FeatureRow.Identity(group, recordSet, h.name(), s.name(), s.index(), s.units(),
          spec.isStored() ? spec.format() : null, h.samplingFrequency(), s.samplesPerFrame(), s.gain(),
          s.baseline(), isoTime(h.baseTime()),
          h.baseDate() == null ? null : h.baseDate().toString(), record.length()));
    }
    return ids;
  }

  /** ISO time with seconds always and milliseconds when present (WFDB base times have millisecond precision). */
  static String isoTime(LocalTime t) {
    if (t == null) {
      return null;
    }
    return DateTimeFormatter.ofPattern(t.getNano() == 0 ? "HH:mm:ss" : "HH:mm:ss.SSS").format(t);
  }

  /** Rows of a finished (whole or merged) partial. */
  public static List<FeatureRow> rows(Partial p) {
    List<FeatureRow> rows = new ArrayList<>();
    for (int s = 0; s < p.features().size(); s++) {
      rows.add(FeatureRow.of(p.identities().get(s), p.features().get(s).finish()));
    }
    return rows;
  }
}
