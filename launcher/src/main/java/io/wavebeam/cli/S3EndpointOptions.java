package io.wavebeam.cli;

import picocli.CommandLine.Option;

/** Where S3 is: the options of every command that reads or writes {@code s3://} (see {@link S3Options}). */
final class S3EndpointOptions {
  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3-compatible endpoint (path-style addressing); default: AWS_ENDPOINT_URL_S3,"
          + " AWS_ENDPOINT_URL, else AWS.")
  String s3Endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "Region of the S3 client (default: the AWS SDK's chain, else us-east-1).")
  String s3Region;
}
