package io.wavebeam.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.Validation;

/**
 * Options of pass 1; the runner is chosen with Beam's own {@code --runner}. Locations are local paths or URIs of
 * any registered Beam file system ({@code s3://bucket/prefix/}); the S3 options are those of pass 1.5.
 */
public interface Pass1Options extends PipelineOptions {
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

  @Description("Workers the work is spread over (4 work units each); 0 means the number of processors")
  @Default.Integer(0)
  int getParallelism();

  void setParallelism(int value);

  @Description("Split records larger than this many bytes of signal data into frame ranges; 0 chooses"
      + " max(32 MiB, group bytes / work units)")
  @Default.Long(0)
  long getChunkBytes();

  void setChunkBytes(long value);

  @Description("Server-side encryption of every S3 object written: aws:kms, AES256 or empty for the bucket's"
      + " default; a KMS key id alone implies aws:kms")
  @Default.String("")
  String getSse();

  void setSse(String value);

  @Description("KMS key id or ARN for SSE-KMS; empty means the account's AWS-managed key")
  @Default.String("")
  String getKmsKeyId();

  void setKmsKeyId(String value);

  @Description("S3 endpoint override (an S3-compatible server); path-style addressing is used with it")
  @Default.String("")
  String getS3Endpoint();

  void setS3Endpoint(String value);

  @Description("AWS region of the S3 client; empty: the SDK's default chain, else us-east-1")
  @Default.String("")
  String getS3Region();

  void setS3Region(String value);

  @Hidden
  @Description("Tests only: the writer loses rows, so the driver's check of published against counted must fail")
  @Default.Boolean(false)
  boolean getLoseRowsForTest();

  void setLoseRowsForTest(boolean value);
}
