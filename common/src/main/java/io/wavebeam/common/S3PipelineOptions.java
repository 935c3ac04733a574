package io.wavebeam.common;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/**
 * How a pass reaches S3 and encrypts what it writes there: the same four settings for pass 1 and pass 1.5. Empty
 * strings, not nulls, stand for "not given", so that the options survive Beam's JSON round trip to the workers.
 */
public interface S3PipelineOptions extends PipelineOptions {
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
}
