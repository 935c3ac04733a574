package io.wavebeam.cli;

import io.wavebeam.common.S3PipelineOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The S3 options of {@code run pass1} and {@code run pass1p5} (where S3 is, and how to encrypt what they write). */
final class S3Options {
  @Option(names = "--kms-key-id", paramLabel = "ID",
      description = "KMS key id or ARN: every S3 object written gets SSE-KMS with this key.")
  String kmsKeyId;

  @Option(names = "--sse", paramLabel = "aws:kms|AES256",
      description = "Server-side encryption of every S3 object; aws:kms alone uses the account's AWS-managed key.")
  String sse;

  @Mixin S3EndpointOptions endpoint;

  /** Sets the four options on {@code options}; one not given is empty (Beam's "not set" for these). */
  void applyTo(S3PipelineOptions options) {
    options.setKmsKeyId(kmsKeyId == null ? "" : kmsKeyId);
    options.setSse(sse == null ? "" : sse);
    options.setS3Endpoint(endpoint.s3Endpoint == null ? "" : endpoint.s3Endpoint);
    options.setS3Region(endpoint.s3Region == null ? "" : endpoint.s3Region);
  }
}
