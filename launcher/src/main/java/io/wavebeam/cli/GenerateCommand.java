package io.wavebeam.cli;

import io.wavebeam.pipeline.MimicGroupGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code wavebeam generate}: a MIMIC-III-like group folder of synthetic records, for tests and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Write a MIMIC-like group folder OUTPUT/GROUP/<record>/: variable-layout master and layout",
        "headers, format-80 waveform segments at 125 Hz (a varying subset of II, V, PLETH, RESP, ABP, runs of",
        "invalid samples), gaps, and a format-16 numerics record. The same seed gives the same bytes."})
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--output", required = true, paramLabel = "DIR", description = "Folder the group folder goes in.")
  Path output;

  @Option(names = "--group", defaultValue = "30", description = "Group name. Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(names = "--records", defaultValue = "10", description = "Record folders. Default: ${DEFAULT-VALUE}.")
  int records;

  @Option(names = "--max-segments", defaultValue = "5",
      description = "Most segments per record. Default: ${DEFAULT-VALUE}.")
  int maxSegments;

  @Option(names = "--max-segment-frames", defaultValue = "100000",
      description = "Most frames per segment. Default: ${DEFAULT-VALUE}.")
  int maxSegmentFrames;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Override
  public Integer call() throws Exception {
    MimicGroupGenerator.Written w = MimicGroupGenerator.generate(output,
        new MimicGroupGenerator.Spec(group, records, maxSegments, maxSegmentFrames, seed));
    System.out.printf("%s: %d records, %d segments, %d waveform signals, %d numerics signals%n",
        output.resolve(group), w.records(), w.segments(), w.waveformSignals(), w.numericsSignals());
    return 0;
  }
}
