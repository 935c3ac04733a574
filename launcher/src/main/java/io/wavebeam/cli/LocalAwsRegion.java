package io.wavebeam.cli;

import org.apache.beam.sdk.io.aws2.options.AwsOptions;
import org.apache.beam.sdk.options.PipelineOptions;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.AwsProfileRegionProvider;
import software.amazon.awssdk.regions.providers.AwsRegionProviderChain;
import software.amazon.awssdk.regions.providers.SystemSettingsRegionProvider;

/**
 * Gives Beam's S3 file system a region for a pass that never touches S3. The file system is on the classpath for
 * pass 1.5 and Beam builds it whenever a pipeline is created; without a region it asks the default provider chain,
 * whose last step queries the EC2 instance metadata service: off EC2 that is a time-out of about a second (0.8 s
 * measured here), a fifth of pass 1's whole run on a small group.
 */
final class LocalAwsRegion {
  private LocalAwsRegion() {}

  /** Sets the region from the environment, system properties or the AWS profile, else a placeholder. */
  static void pin(PipelineOptions options) {
    Region region;
    try {
      region = new AwsRegionProviderChain(new SystemSettingsRegionProvider(), new AwsProfileRegionProvider())
          .getRegion();
    } catch (SdkClientException e) {
      region = Region.US_EAST_1; // never used to reach S3: the pass reads and writes local files only
    }
    options.as(AwsOptions.class).setAwsRegion(region);
  }
}
