package io.wavebeam.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A small MIMIC-like group folder written byte by byte (no writer from the code under test): record sets with a
 * master header, a layout header, format-80 and format-16 segments, a numerics record, and three broken records.
 * Keeps the digital values it wrote, so tests can compute the features independently.
 */
final class HandWrittenGroup {
  static final int INVALID = Integer.MIN_VALUE;

  /** Digital values and scale of one signal as written. */
  record Written(int[] digital, double gain, int baseline, long[] saturation) {}

  /** Written signals by "segment/signalIndex". */
  final Map<String, Written> signals = new LinkedHashMap<>();
  /** Segment name of the large record, which a small chunk size splits. */
  static final String LARGE = "1000002_0001";
  /**
   * Segment names of the broken records (issue 12): truncated signal file, garbage header, missing signal file,
   * signals of format 0 that name a file, multi-segment masters with a missing segment, a '../' segment name, a
   * missing layout, listing themselves, a segment count that does not match; and a header that is a FIFO (only
   * where mkfifo exists: see {@link #fifoWritten}).
   */
  static final String[] BROKEN = {"1000003_0001", "1000003_0002", "1000003_0003", "1000004_0001", "2000001",
      "2000002", "2000003", "2000004", "2000005", "1000005_0001"};
  static final String FIFO = "1000005_0001";
  /** Whether the FIFO header could be made (mkfifo present). */
  boolean fifoWritten;

  /** Writes the broken records, each in a folder of its own except the masters' good segments. */
  void writeBroken(Path group, Random r) throws IOException {
    Path c = Files.createDirectories(group.resolve("1000003"));
    // truncated signal file: the header promises 100 frames, the file holds 60
    format80(c, BROKEN[0], 100, r, new String[] {"II"}, new double[] {100}, new int[] {0}, null);
    byte[] full = Files.readAllBytes(c.resolve(BROKEN[0] + ".dat"));
    Files.write(c.resolve(BROKEN[0] + ".dat"), java.util.Arrays.copyOf(full, 60));
    // garbage header
    Files.writeString(c.resolve(BROKEN[1] + ".hea"), "this is not a header\n\u0001\u0002 at all\n");
    // missing signal file
    Files.writeString(c.resolve(BROKEN[2] + ".hea"), BROKEN[2] + " 1 125 10\n" + BROKEN[2]
        + ".dat 80 100/mV 8 0 0 0 0 II\n");
    // every signal format 0 (not stored), yet a signal file is named (and exists)
    Path f0 = Files.createDirectories(group.resolve("1000004"));
    Files.writeString(f0.resolve(BROKEN[3] + ".hea"), BROKEN[3] + " 2 125 100\n" + BROKEN[3]
        + ".dat 0 100/mV 8 0 0 0 0 II\n" + BROKEN[3] + ".dat 0 100/mV 8 0 0 0 0 V\n");
    Files.write(f0.resolve(BROKEN[3] + ".dat"), new byte[200]);
    // masters: a missing segment (2000001_0002; 2000001_0001 is a good record written by write())
    Path m1 = Files.createDirectories(group.resolve("2000001"));
    Files.writeString(m1.resolve("2000001.hea"), "2000001/2 1 125 400\n2000001_0001 200\n2000001_0002 200\n");
    // a segment name that leaves the folder
    Path m2 = Files.createDirectories(group.resolve("2000002"));
    Files.writeString(m2.resolve("2000002.hea"), "2000002/1 1 125 200\n../2000001/2000001_0001 200\n");
    // a variable layout whose layout header is missing
    Path m3 = Files.createDirectories(group.resolve("2000003"));
    Files.writeString(m3.resolve("2000003.hea"), "2000003/2 1 125 100\n2000003_layout 0\n~ 100\n");
    // a master listing itself
    Path m4 = Files.createDirectories(group.resolve("2000004"));
    Files.writeString(m4.resolve("2000004.hea"), "2000004/1 1 125 100\n2000004 100\n");
    // three segments declared, one listed
    Path m5 = Files.createDirectories(group.resolve("2000005"));
    Files.writeString(m5.resolve("2000005.hea"), "2000005/3 1 125 100\n2000005_0001 100\n");
    // a header that is a FIFO: reading it would block forever
    Path fifoDir = Files.createDirectories(group.resolve("1000005"));
    try {
      Process p = new ProcessBuilder("mkfifo", fifoDir.resolve(FIFO + ".hea").toString()).start();
      fifoWritten = p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      fifoWritten = false;
    }
  }

  static HandWrittenGroup write(Path group) throws IOException {
    return write(group, true);
  }

  /** The group; without {@code withBroken} only its good records (a clean run's input). */
  static HandWrittenGroup write(Path group, boolean withBroken) throws IOException {
    HandWrittenGroup g = new HandWrittenGroup();
    Random r = new Random(20240607);
    Path a = Files.createDirectories(group.resolve("1000001"));
    Files.writeString(a.resolve("1000001.hea"), "1000001/4 2 125 3000 10:11:12.500 01/02/2150\n"
        + "1000001_layout 0\n1000001_0001 1000\n~ 500\n1000001_0002 1500\n");
    Files.writeString(a.resolve("1000001_layout.hea"), "1000001_layout 2 125 0 10:11:12.500\n"
        + "~ 0 100/mV 8 0 0 0 0 II\n~ 0 1.25(-100)/mmHg 8 0 0 0 0 ABP\n");
    g.format80(a, "1000001_0001", 1000, r, new String[] {"II", "ABP"}, new double[] {100, 1.25},
        new int[] {0, -100}, "10:11:12.500");
    g.format16(a, "1000001_0002", 1500, r, new String[] {"II", "PLETH"}, new double[] {-40, 1000},
        new int[] {7, -2}, 125, "");
    g.format16(a, "1000001n", 50, r, new String[] {"HR", "SpO2", "NBP Sys"}, new double[] {10, 10, 10},
        new int[] {0, 0, 0}, 1.0 / 60, "");

    Path b = Files.createDirectories(group.resolve("1000002"));
    g.format16(b, LARGE, 100_000, r, new String[] {"II", "V"}, new double[] {200, 200}, new int[] {0, 12}, 125, "");

    if (withBroken) {
      g.writeBroken(group, new Random(7)); // its own random numbers: the good records stay the same
    }
    // a master whose own header is broken (a segment missing): its good segment is still a record of its own
    Path m = Files.createDirectories(group.resolve("2000001"));
    g.format80(m, "2000001_0001", 200, r, new String[] {"II"}, new double[] {100}, new int[] {0}, null);
    for (String broken : BROKEN) {
      g.signals.keySet().removeIf(k -> k.startsWith(broken + "/"));
    }
    return g;
  }

  /** A format-80 record (8-bit offset binary, -128 invalid) with runs of invalid and flat samples. */
  void format80(Path dir, String name, int frames, Random r, String[] names, double[] gains, int[] baselines,
      String baseTime) throws IOException {
    int n = names.length;
    int[][] d = new int[n][frames];
    for (int s = 0; s < n; s++) {
      int v = r.nextInt(50);
      for (int t = 0; t < frames; t++) {
        if (r.nextInt(20) != 0) {
          v = Math.max(-127, Math.min(127, v + r.nextInt(21) - 10));
        }
        d[s][t] = v;
      }
      int runStart = r.nextInt(frames / 2);
      for (int t = runStart; t < Math.min(frames, runStart + frames / 10); t++) {
        d[s][t] = INVALID;
      }
    }
    byte[] bytes = new byte[frames * n];
    for (int t = 0; t < frames; t++) {
      for (int s = 0; s < n; s++) {
        int v = d[s][t] == INVALID ? -128 : d[s][t];
        bytes[t * n + s] = (byte) (v + 128);
      }
    }
    Files.write(dir.resolve(name + ".dat"), bytes);
    StringBuilder h = new StringBuilder(name + " " + n + " 125 " + frames + (baseTime == null ? "" : " " + baseTime)
        + "\n");
    for (int s = 0; s < n; s++) {
      h.append(name).append(".dat 80 ").append(num(gains[s])).append('(').append(baselines[s]).append(")/mV 8 0 0 0 0 ")
          .append(names[s]).append('\n');
      signals.put(name + "/" + s, new Written(d[s], gains[s], baselines[s], new long[] {-127, 127}));
    }
    Files.writeString(dir.resolve(name + ".hea"), h.toString());
  }

  /** A format-16 record (little-endian, -32768 invalid), values spread wide, some clipped at the top. */
  void format16(Path dir, String name, int frames, Random r, String[] names, double[] gains, int[] baselines,
      double fs, String extra) throws IOException {
    int n = names.length;
    int[][] d = new int[n][frames];
    for (int s = 0; s < n; s++) {
      for (int t = 0; t < frames; t++) {
        int v = (int) Math.round(r.nextGaussian() * 3000 + 1000 * Math.sin(t / 20.0));
        if (r.nextInt(500) == 0) {
          v = 32767;
        }
        d[s][t] = r.nextInt(40) == 0 ? INVALID : v;
      }
    }
    ByteBuffer buf = ByteBuffer.allocate(frames * n * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int t = 0; t < frames; t++) {
      for (int s = 0; s < n; s++) {
        buf.putShort((short) (d[s][t] == INVALID ? -32768 : d[s][t]));
      }
    }
    Files.write(dir.resolve(name + ".dat"), buf.array());
    StringBuilder h = new StringBuilder(name + " " + n + " " + (fs == 125 ? "125" : "0.0166666666667/125") + " "
        + frames + extra + "\n");
    for (int s = 0; s < n; s++) {
      h.append(name).append(".dat 16 ").append(num(gains[s])).append('(').append(baselines[s]).append(")/mV 16 0 0 0 0 ")
          .append(names[s]).append('\n');
      signals.put(name + "/" + s, new Written(d[s], gains[s], baselines[s], new long[] {-32767, 32767}));
    }
    Files.writeString(dir.resolve(name + ".hea"), h.toString());
  }

  private static String num(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
