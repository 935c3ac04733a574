package io.wavebeam.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupPlannerTest {
  private static WorkTask task(String name, long bytes) {
    return new WorkTask("/g/r/" + name + ".hea", "r", name, 0, 100, bytes, 0, 1);
  }

  @Test
  void oneLargeTaskDoesNotQueueBehindFiftySmallOnes() {
    List<WorkTask> tasks = new ArrayList<>();
    tasks.add(task("big", 2_000_000_000L));
    for (int i = 0; i < 50; i++) {
      tasks.add(task(String.format("small%02d", i), 1_000_000));
    }
    List<WorkUnit> units = GroupPlanner.balance(tasks, 8);
    assertEquals(8, units.size());
    WorkUnit withBig = units.stream().filter(u -> u.tasks().stream().anyMatch(t -> t.segment().equals("big")))
        .findFirst().orElseThrow();
    assertEquals(1, withBig.tasks().size(), "the large task is alone in its unit");
    assertEquals(51, units.stream().mapToInt(u -> u.tasks().size()).sum());
  }

  @Test
  void equalTasksSpreadEvenly() {
    List<WorkTask> tasks = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      tasks.add(task("t" + i, 10_000 + (i % 7) * 1000));
    }
    List<WorkUnit> units = GroupPlanner.balance(tasks, 16);
    long min = units.stream().mapToLong(WorkUnit::bytes).min().orElseThrow();
    long max = units.stream().mapToLong(WorkUnit::bytes).max().orElseThrow();
    assertTrue(max - min <= 16_000, "units differ by " + (max - min) + " bytes");
  }

  @Test
  void fewerTasksThanUnitsGiveOneUnitEach() {
    assertEquals(2, GroupPlanner.balance(List.of(task("a", 5), task("b", 7)), 16).size());
    assertEquals(0, GroupPlanner.balance(List.of(), 16).size());
  }
}
