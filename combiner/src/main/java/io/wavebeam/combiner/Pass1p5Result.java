package io.wavebeam.combiner;

import java.util.List;

/**
 * What a pass-1.5 run did ({@code windowsDataset} is null and the window counts 0 when no group folder has a
 * {@code ws_df_windows.json}); also the content of {@value Pass1p5Pipeline#MANIFEST_FILE} (without {@code objects}
 * when it is written into the manifest itself).
 */
public record Pass1p5Result(
    String input,
    String output,
    String runner,
    String aliasTable,
    boolean partitionedByGroup,
    long groups,
    long groupFiles,
    long emptyGroupFiles,
    long parts,
    long rows,
    long signals,
    long knownSignals,
    long unknownNameRows,
    long junkNameRows,
    long duplicateRows,
    String windowsDataset,
    long windowGroupFiles,
    long windowGroups,
    long windowParts,
    long windowRows,
    String sse,
    String kmsKeyId,
    double wallTimeS,
    String wavebeamVersion,
    List<String> warnings,
    List<String> objects) {

  /** Everything was written. */
  public static final int EXIT_OK = 0;
  /** The run failed (I/O, S3, runner): nothing was published. */
  public static final int EXIT_RUN_FAILED = 1;
  /**
   * The input is bad (a malformed pass-1 line, a duplicate row, a group in two files, no group files, a bad alias
   * table): nothing was published.
   */
  public static final int EXIT_BAD_INPUT = 4;
}
