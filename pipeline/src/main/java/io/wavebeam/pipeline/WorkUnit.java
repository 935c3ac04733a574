package io.wavebeam.pipeline;

import java.io.Serializable;
import java.util.List;

/**
 * What one DoFn call processes: a batch of tasks with a similar byte total to every other unit. Batching is what
 * keeps the runner's per-element cost (one bundle per element on the DirectRunner) from growing with the number of
 * files in a group.
 */
public record WorkUnit(int index, List<WorkTask> tasks, long bytes) implements Serializable {
  public WorkUnit {
    tasks = List.copyOf(tasks);
  }
}
