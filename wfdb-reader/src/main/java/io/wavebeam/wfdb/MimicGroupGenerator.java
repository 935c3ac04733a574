package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes a MIMIC-III-like group folder for tests and benchmarks: record folders {@code <group>/<id>/} with a
 * variable-layout master header, a layout header, format-80 waveform segments at 125 Hz carrying a varying subset
 * of II, V, PLETH, RESP, ABP (with runs of invalid samples), gaps between segments, and a format-16 numerics
 * record. The same seed gives the same bytes.
 */
public final class MimicGroupGenerator {
  static final double WAVE_FS = 125;
  static final String[] WAVES = {"II", "V", "PLETH", "RESP", "ABP"};
  static final String[] NUMERICS = {"HR", "SpO2", "RESP", "ABPSys", "ABPDias", "NBPSys"};

  /**
   * What to generate: {@code records} record folders, each with {@code segments} waveform segments of
   * {@code segmentSeconds} seconds (so the group's size is predictable: about records x segments x seconds x 125
   * x 3.3 signals bytes), with a gap before some segments.
   */
  public record Spec(String group, int records, int segments, double segmentSeconds, long seed) {
    public Spec {
      if (records < 1 || segments < 1 || !(segmentSeconds > 0)) {
        throw new IllegalArgumentException("records, segments and seconds must be positive");
      }
    }

    int segmentFrames() {
      return (int) Math.max(4, Math.round(segmentSeconds * WAVE_FS));
    }
  }

  /** Counts of what was written. */
  public record Written(int records, int segments, int waveformSignals, int numericsSignals) {}

  private MimicGroupGenerator() {}

  public static Written generate(Path output, Spec spec) throws IOException {
    Random random = new Random(spec.seed());
    Path groupDir = Files.createDirectories(output.resolve(spec.group()));
    int segments = 0;
    int waveformSignals = 0;
    int numericsSignals = 0;
    for (int r = 0; r < spec.records(); r++) {
      String id = spec.group().replaceAll("\\W", "") + String.format("%05d", r);
      Path dir = Files.createDirectories(groupDir.resolve(id));
      LocalTime start = LocalTime.of(random.nextInt(24), random.nextInt(60), random.nextInt(60));
      LocalDate date = LocalDate.of(2100 + random.nextInt(100), 1 + random.nextInt(12), 1 + random.nextInt(28));
      List<SegmentSpec> list = new ArrayList<>();
      list.add(new SegmentSpec(id + "_layout", 0));
      boolean[] used = new boolean[WAVES.length];
      int n = spec.segments();
      long totalFrames = 0;
      for (int s = 1; s <= n; s++) {
        if (s > 1 && random.nextInt(3) == 0) {
          long gap = 1 + random.nextInt(Math.max(1, spec.segmentFrames() / 10));
          list.add(new SegmentSpec(SegmentSpec.GAP, gap));
          totalFrames += gap;
        }
        String name = String.format("%s_%04d", id, s);
        List<Integer> signals = new ArrayList<>();
        for (int w = 0; w < WAVES.length; w++) {
          if (random.nextInt(3) != 0) {
            signals.add(w);
          }
        }
        if (signals.isEmpty()) {
          signals.add(0);
        }
        int frames = spec.segmentFrames();
        writeWaveSegment(dir, name, signals, frames, random);
        signals.forEach(w -> used[w] = true);
        list.add(new SegmentSpec(name, frames));
        totalFrames += frames;
        segments++;
        waveformSignals += signals.size();
      }
      List<SignalSpec> layout = new ArrayList<>();
      for (int w = 0; w < WAVES.length; w++) {
        if (used[w]) {
          layout.add(waveSpec(SignalSpec.NO_FILE, 0, w));
        }
      }
      writeLayoutHeader(dir, id + "_layout", layout, start);
      RecordWriter.writeMultiSegmentHeader(dir, id, layout.size(), WAVE_FS, list, start, date, List.of());
      numericsSignals += writeNumerics(dir, id + "n", Math.max(1, totalFrames / (long) WAVE_FS / 60), start, date,
          random);
    }
    return new Written(spec.records(), segments, waveformSignals, numericsSignals);
  }

  private static SignalSpec waveSpec(String file, int format, int wave) {
    double gain = switch (WAVES[wave]) {
      case "ABP" -> 1.25;
      case "PLETH" -> 100;
      case "RESP" -> 50;
      default -> 80 + wave;
    };
    int baseline = WAVES[wave].equals("ABP") ? -100 : 0;
    String units = switch (WAVES[wave]) {
      case "ABP" -> "mmHg";
      case "PLETH", "RESP" -> "NU";
      default -> "mV";
    };
    return new SignalSpec(file, format, 1, 0, 0, gain, baseline, units, 8, 0, 0, null, 0, WAVES[wave]);
  }

  private static void writeWaveSegment(Path dir, String name, List<Integer> waves, int frames, Random random)
      throws IOException {
    List<SignalSpec> specs = new ArrayList<>();
    for (int w : waves) {
      specs.add(waveSpec(name + ".dat", 80, w));
    }
    double[] phase = new double[waves.size()];
    int[] invalidLeft = new int[waves.size()];
    try (RecordWriter writer = RecordWriter.create(dir, name, WAVE_FS, specs, null, null, List.of())) {
      int block = 1024;
      int[][] values = new int[waves.size()][block];
      for (int done = 0; done < frames; done += block) {
        int k = Math.min(block, frames - done);
        for (int s = 0; s < waves.size(); s++) {
          for (int t = 0; t < k; t++) {
            if (invalidLeft[s] > 0) {
              invalidLeft[s]--;
              values[s][t] = -128;
              continue;
            }
            if (random.nextInt(2000) == 0) {
              invalidLeft[s] = 1 + random.nextInt(250);
            }
            phase[s] += 2 * Math.PI * (1 + s * 0.3) / WAVE_FS;
            double v = 60 * Math.sin(phase[s]) + 25 * Math.sin(3.1 * phase[s]) + random.nextGaussian() * 4;
            values[s][t] = (int) Math.max(-127, Math.min(127, Math.round(v)));
          }
        }
        writer.write(values, k);
      }
    }
  }

  /** A layout header: the record's signals with no file, length 0 (written as text: it has no signal file). */
  private static void writeLayoutHeader(Path dir, String name, List<SignalSpec> specs, LocalTime start)
      throws IOException {
    StringBuilder h = new StringBuilder(name + " " + specs.size() + " 125 0 " + start + "\n");
    for (SignalSpec s : specs) {
      h.append("~ 0 ").append(s.adcGain()).append('(').append(s.baseline()).append(")/").append(s.units())
          .append(" 8 0 0 0 0 ").append(s.description()).append('\n');
    }
    Files.writeString(dir.resolve(name + ".hea"), h.toString());
  }

  private static int writeNumerics(Path dir, String name, long minutes, LocalTime start, LocalDate date,
      Random random) throws IOException {
    List<SignalSpec> specs = new ArrayList<>();
    for (String s : NUMERICS) {
      String units = s.equals("HR") ? "bpm" : s.equals("SpO2") ? "%" : s.equals("RESP") ? "bpm" : "mmHg";
      specs.add(new SignalSpec(name + ".dat", 16, 1, 0, 0, 10, 0, units, 16, 0, 0, null, 0, s));
    }
    double[] level = {80, 97, 16, 120, 70, 115};
    try (RecordWriter writer = RecordWriter.create(dir, name, 1.0 / 60, specs, start, date, List.of())) {
      int[][] values = new int[specs.size()][1];
      for (long m = 0; m < minutes; m++) {
        for (int s = 0; s < specs.size(); s++) {
          level[s] += random.nextGaussian();
          boolean missing = s == specs.size() - 1 ? random.nextInt(10) != 0 : random.nextInt(50) == 0;
          values[s][0] = missing ? -32768 : (int) Math.round(level[s] * 10);
        }
        writer.write(values, 1);
      }
    }
    return specs.size();
  }
}
