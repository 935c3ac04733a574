package io.wavebeam.pipeline;

import io.wavebeam.common.S3PipelineOptions;
import io.wavebeam.common.WorkerOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of pass 1; the runner is chosen with Beam's own {@code --runner}. Locations are local paths or URIs of
 * any registered Beam file system ({@code s3://bucket/prefix/}); the S3 options and the parallelism are those of
 * pass 1.5 (the work is spread over about 4 work units per worker).
 */
public interface Pass1Options extends S3PipelineOptions, WorkerOptions {
  @Description("The group folder (e.g. .../30/ or s3://bucket/data_inputs/30/) whose record folders are read")
  @Validation.Required
  String getInputDir();

  void setInputDir(String value);

  @Description("The folder (or s3://bucket/prefix/) ws_df_group.json, errors.jsonl and manifest.json go to")
  @Validation.Required
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Group name written into every row; default: the input folder's name")
  String getGroup();

  void setGroup(String value);

  @Description("Split records larger than this many bytes of signal data into frame ranges; 0 chooses"
      + " max(32 MiB, group bytes / work units)")
  @Default.Long(0)
  long getChunkBytes();

  void setChunkBytes(long value);

  @Hidden
  @Description("Tests only: the writer loses rows, so the driver's check of published against counted must fail")
  @Default.Boolean(false)
  boolean getLoseRowsForTest();

  void setLoseRowsForTest(boolean value);
}
