package io.wavebeam.cli;

import io.wavebeam.common.S3PipelineOptions;
import picocli.CommandLine.Option;

/** The S3 options of {@code run pass1} and {@code run pass1p5}, and how they reach the pipeline's options. */
final class S3Options {
  @Option(names = "--kms-key-id", paramLabel = "ID",
      description = "KMS key id or ARN: every S3 object written gets SSE-KMS with this key.")
  String kmsKeyId;

  @Option(names = "--sse", paramLabel = "aws:kms|AES256",
      description = "Server-side encryption of every S3 object; aws:kms alone uses the account's AWS-managed key.")
  String sse;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint (path-style addressing); default: AWS_ENDPOINT_URL_S3,"
          + " AWS_ENDPOINT_URL, else AWS.")
  String s3Endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "Region of the S3 client (default: the AWS SDK's chain, else us-east-1).")
  String s3Region;

  /** Sets the four options on {@code options}; one not given is empty (Beam's "not set" for these). */
  void applyTo(S3PipelineOptions options) {
    options.setKmsKeyId(kmsKeyId == null ? "" : kmsKeyId);
    options.setSse(sse == null ? "" : sse);
    options.setS3Endpoint(s3Endpoint == null ? "" : s3Endpoint);
    options.setS3Region(s3Region == null ? "" : s3Region);
  }
}
