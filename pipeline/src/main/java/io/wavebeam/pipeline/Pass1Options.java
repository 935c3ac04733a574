package io.wavebeam.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/** Options of pass 1; the runner is chosen with Beam's own {@code --runner}. */
public interface Pass1Options extends PipelineOptions {
  @Description("The group folder (e.g. .../30/) whose record folders are read")
  @Validation.Required
  String getInputDir();

  void setInputDir(String value);

  @Description("The folder ws_df_group.json, errors.jsonl and manifest.json are written to")
  @Validation.Required
  String getOutputDir();

  void setOutputDir(String value);

  @Description("Group name written into every row; default: the input folder's name")
  String getGroup();

  void setGroup(String value);

  @Description("Workers the work is spread over (4 work units each); 0 means the number of processors")
  @Default.Integer(0)
  int getParallelism();

  void setParallelism(int value);

  @Description("Split records larger than this many bytes of signal data into frame ranges; 0 chooses"
      + " max(32 MiB, group bytes / work units)")
  @Default.Long(0)
  long getChunkBytes();

  void setChunkBytes(long value);
}
