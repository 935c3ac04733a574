package io.wavebeam.cli;

import io.wavebeam.wfdb.MimicGroupGenerator;
import io.wavebeam.common.RunProgress;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wavebeam generate}: MIMIC-III-like group folders of synthetic records, for tests and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Writes MIMIC-III-like group folders of synthetic records, for tests and benchmarks.",
        "Each OUTPUT/<group>/<record>/ holds a variable-layout master header and its layout header, format-80 "
            + "waveform segments at 125 Hz (a varying subset of II, V, PLETH, RESP and ABP, with runs of invalid "
            + "samples), gaps in the master header, and a format-16 numerics record. The same options and seed "
            + "give the same bytes.",
        "Size of a group: about records x segments x seconds x 125 x 3.3 bytes (--records 8 --segments 3 "
            + "--seconds 36000: " + GenerateCommand.EXAMPLE_SIZE + ")."})
final class GenerateCommand implements Callable<Integer> {
  /** Measured: the size of {@code generate --records 8 --segments 3 --seconds 36000} (seed 1); also in the README. */
  static final String EXAMPLE_SIZE = "365 MB";

  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder the group folders go in.")
  Path output;

  @Option(names = "--groups", defaultValue = "30", split = ",", paramLabel = "NAME",
      description = "Group folders to write, comma-separated (e.g. 30,31). Default: ${DEFAULT-VALUE}.")
  List<String> groups;

  @Option(names = "--records", defaultValue = "3", paramLabel = "N",
      description = "Record folders per group. Default: ${DEFAULT-VALUE}.")
  int records;

  @Option(names = "--segments", defaultValue = "3", paramLabel = "N",
      description = "Waveform segments per record. Default: ${DEFAULT-VALUE}.")
  int segments;

  @Option(names = "--seconds", defaultValue = "60", paramLabel = "S",
      description = "Length of each waveform segment in seconds. Default: ${DEFAULT-VALUE}.")
  double seconds;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "K",
      description = "Random seed; each group also mixes in its position. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Mixin ProgressOptions progressOptions;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ConsoleProgress progress = progressOptions.listener(spec.commandLine().getErr());
    long started = System.nanoTime();
    // The generator writes a whole group per call; a poller counts what is on disk: records whose numerics
    // header (written last) exists, and bytes, against the size the spec predicts.
    long plannedBytes = Math.round(groups.size() * (double) records * segments * Math.round(seconds * 125) * 10 / 3);
    AtomicInteger groupsDone = new AtomicInteger();
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "generate-progress");
      t.setDaemon(true);
      return t;
    });
    poller.scheduleAtFixedRate(() -> progress.onProgress(onDisk(groupsDone.get(), plannedBytes, started, false)),
        1, 1, TimeUnit.SECONDS);
    try {
      for (int g = 0; g < groups.size(); g++) {
        String group = groups.get(g);
        long t0 = System.nanoTime();
        MimicGroupGenerator.Written w = MimicGroupGenerator.generate(output,
            new MimicGroupGenerator.Spec(group, records, segments, seconds, seed * 1_000_003L + g));
        groupsDone.incrementAndGet();
        progress.clear();
        out.printf(Locale.ROOT, "%s: %d records, %d segments, %d waveform signals, %d numerics signals (%.1f s)%n",
            output.resolve(group), w.records(), w.segments(), w.waveformSignals(), w.numericsSignals(),
            (System.nanoTime() - t0) / 1e9);
        out.flush();
      }
    } finally {
      poller.shutdownNow();
      poller.awaitTermination(5, TimeUnit.SECONDS);
    }
    progress.onProgress(onDisk(groups.size(), plannedBytes, started, true));
    return 0;
  }

  /** What the finished groups and the one being written hold on disk now. */
  private RunProgress onDisk(int groupsDone, long plannedBytes, long started, boolean finished) {
    long recordsDone = 0;
    long bytes = 0;
    for (int g = 0; g < groups.size() && g <= groupsDone; g++) {
      Path dir = output.resolve(groups.get(g));
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          if (Files.isRegularFile(f)) {
            bytes += Files.size(f);
            String name = f.getFileName().toString();
            if (name.equals(f.getParent().getFileName() + "n.hea")) {
              recordsDone++;
            }
          }
        }
      } catch (IOException | UncheckedIOException e) {
        // a file renamed or removed while counting: the next poll counts again
      }
    }
    long planned = (long) records * groups.size();
    return new RunProgress("generate", "records", Math.min(recordsDone, planned), planned, bytes,
        finished ? bytes : Math.max(plannedBytes, bytes + 1), 0, System.nanoTime() - started, finished);
  }
}
