package io.wavebeam.pipeline.windows;

import io.wavebeam.pipeline.GroupPlan;
import io.wavebeam.pipeline.WorkTask;
import io.wavebeam.pipeline.WorkUnit;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of a group for the windowed run, where the unit is a whole record rather than a segment, made from
 * the segment plan ({@link GroupPlan}: the driver lists the folder once, on any Beam file system): every master
 * header with the segment tasks it lists, and every other task as a record of its own (a numerics record such as
 * {@code 3000003n}, a standalone record, or a header that cannot be read, so the worker reports why). Each
 * record's segment tasks travel with it: the worker that reads the record also writes its segments' rows.
 */
public final class WindowRecords {
  /**
   * One record to summarise.
   *
   * @param headerPath its header (a master header, or a single-segment header): a local path or a URI
   * @param record the record name
   * @param bytes bytes of signal data it holds (for balancing work)
   * @param segments the segment tasks of the plan that belong to it, chunks of a split segment included
   */
  public record Task(String headerPath, String record, long bytes, List<WorkTask> segments) implements Serializable {
    public Task {
      segments = List.copyOf(segments);
    }
  }

  private WindowRecords() {}

  /** The records of {@code plan}, in header order; every task of the plan belongs to exactly one. */
  public static List<Task> of(GroupPlan plan) {
    Map<String, List<WorkTask>> byHeader = new LinkedHashMap<>();
    List<WorkTask> all = new ArrayList<>();
    for (WorkUnit u : plan.units()) {
      all.addAll(u.tasks());
    }
    all.sort(Comparator.comparing(WorkTask::headerPath).thenComparingInt(WorkTask::chunk));
    for (WorkTask t : all) {
      byHeader.computeIfAbsent(t.headerPath(), k -> new ArrayList<>()).add(t);
    }
    List<Task> records = new ArrayList<>();
    for (GroupPlan.Master m : plan.masters()) {
      List<WorkTask> mine = new ArrayList<>();
      List<WorkTask> own = byHeader.remove(m.header()); // a master the planner found a problem with
      if (own != null) {
        mine.addAll(own);
      }
      for (String segment : m.segmentHeaders()) {
        List<WorkTask> tasks = byHeader.remove(segment);
        if (tasks != null) {
          mine.addAll(tasks);
        }
      }
      records.add(new Task(m.header(), m.record(), mine.stream().mapToLong(WorkTask::bytes).sum(), mine));
    }
    for (List<WorkTask> tasks : byHeader.values()) {
      WorkTask first = tasks.get(0);
      records.add(new Task(first.headerPath(), first.segment(), tasks.stream().mapToLong(WorkTask::bytes).sum(),
          tasks));
    }
    records.sort(Comparator.comparing(Task::headerPath));
    return records;
  }
}
