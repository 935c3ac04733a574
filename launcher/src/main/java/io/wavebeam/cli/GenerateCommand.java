package io.wavebeam.cli;

import io.wavebeam.pipeline.MimicGroupGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
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

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (int g = 0; g < groups.size(); g++) {
      String group = groups.get(g);
      long t0 = System.nanoTime();
      MimicGroupGenerator.Written w = MimicGroupGenerator.generate(output,
          new MimicGroupGenerator.Spec(group, records, segments, seconds, seed * 1_000_003L + g));
      out.printf("%s: %d records, %d segments, %d waveform signals, %d numerics signals (%.1f s)%n",
          output.resolve(group), w.records(), w.segments(), w.waveformSignals(), w.numericsSignals(),
          (System.nanoTime() - t0) / 1e9);
      out.flush();
    }
    return 0;
  }
}
