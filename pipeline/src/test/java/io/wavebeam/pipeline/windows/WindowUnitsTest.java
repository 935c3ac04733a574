package io.wavebeam.pipeline.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a windowed run spreads whole records over its units (each record is read by one worker). */
class WindowUnitsTest {

  @Test
  void fewLargeRecordsGoOneUnitPerWorkerSoNoWorkerEndsWithTwoOfThem() {
    assertEquals(2, WindowIO.unitCount(10, 2));
    assertEquals(2, WindowIO.unitCount(1, 2)); // balance() makes one unit of the one record
    // many records: four units per worker, as for the segments, to even out what sizes do not predict
    assertEquals(8, WindowIO.unitCount(7000, 2));
    assertEquals(4, WindowIO.unitCount(16, 2));
    assertEquals(1, WindowIO.unitCount(3, 0));

    // ten records of 100, 90, ..., 10 units of size into two units: largest first into the lightest gives 280/270;
    // eight units (the plan's count for two workers) left two records in one unit and one in most others
    List<WindowRecords.Task> tasks = new ArrayList<>();
    for (int i = 10; i >= 1; i--) {
      tasks.add(new WindowRecords.Task("r" + i + ".hea", "r" + i, i * 10L << 20, List.of()));
    }
    List<WindowIO.Unit> units = WindowIO.balance(tasks, WindowIO.unitCount(tasks.size(), 2));
    assertEquals(2, units.size());
    long a = units.get(0).tasks().stream().mapToLong(WindowRecords.Task::bytes).sum() >> 20;
    long b = units.get(1).tasks().stream().mapToLong(WindowRecords.Task::bytes).sum() >> 20;
    assertEquals(550, a + b);
    assertEquals(List.of(280L, 270L), List.of(Math.max(a, b), Math.min(a, b)));
  }
}
