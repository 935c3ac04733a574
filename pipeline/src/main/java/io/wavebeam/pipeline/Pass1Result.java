package io.wavebeam.pipeline;

/**
 * What a pass-1 run did; also the content of {@code manifest.json} (without {@code manifest}). The counts of
 * records, signals, bytes, samples, failures and warnings are the run's Beam counters, checked against the
 * written files before anything was published.
 *
 * @param input the group folder read (local path or URI)
 * @param output the folder written (local path or URI)
 * @param manifest where the manifest was written
 */
public record Pass1Result(
    String group,
    String input,
    String output,
    String runner,
    int parallelism,
    int workUnits,
    int headers,
    int skippedHeaders,
    int recordsPlanned,
    int splitRecords,
    long records,
    long signals,
    long bytes,
    long samples,
    long failures,
    long warnings,
    double wallTimeS,
    String wavebeamVersion,
    String manifest) {

  /** Every record was read. */
  public static final int EXIT_OK = 0;
  /** The run failed: nothing (or nothing new) was written. */
  public static final int EXIT_RUN_FAILED = 1;
  /** Some records could not be read; they are in errors.jsonl and everything else was written. */
  public static final int EXIT_SOME_RECORDS_FAILED = 3;

  public int exitStatus() {
    return failures > 0 ? EXIT_SOME_RECORDS_FAILED : EXIT_OK;
  }
}
