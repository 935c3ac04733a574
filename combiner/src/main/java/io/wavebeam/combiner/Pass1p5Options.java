package io.wavebeam.combiner;

import io.wavebeam.common.S3PipelineOptions;
import io.wavebeam.common.WorkerOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Validation;

/** Options of pass 1.5; the runner is chosen with Beam's own {@code --runner}. */
public interface Pass1p5Options extends S3PipelineOptions, WorkerOptions {
  @Description("ROOT: a folder or s3://bucket/prefix holding one sub-folder per group with its ws_df_group.json")
  @Validation.Required
  String getInputRoot();

  void setInputRoot(String value);

  @Description("DEST: the folder or s3://bucket/prefix that waveform_summary.parquet and signal_stats.csv go to")
  @Validation.Required
  String getOutput();

  void setOutput(String value);

  @Description("Alias table replacing the built-in one (format: docs/features.md)")
  @Default.String("")
  String getSignalAliases();

  void setSignalAliases(String value);

  @Description("Empty for one waveform_summary.parquet file, or 'group' for a Hive-style group=NAME/ dataset")
  @Default.String("")
  String getPartitionBy();

  void setPartitionBy(String value);
}
