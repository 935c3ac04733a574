package io.wavebeam.launch;

import java.net.URI;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

/**
 * SDK clients with the standard credential chain (environment, system properties, profile, container or instance
 * role) and region chain; an endpoint override points them at another server (an S3-compatible one, a test stub).
 *
 * @param region a region, or null for the SDK's region chain
 * @param s3Endpoint S3 endpoint override, or null
 * @param sageMakerEndpoint SageMaker endpoint override, or null
 */
public record AwsClients(String region, URI s3Endpoint, URI sageMakerEndpoint) {

  public Region resolvedRegion() {
    if (region != null && !region.isBlank()) {
      return Region.of(region);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (RuntimeException e) {
      throw new IllegalStateException("no AWS region: pass --region, or set AWS_REGION or a profile's region", e);
    }
  }

  public S3Client s3() {
    var b = S3Client.builder().region(resolvedRegion());
    if (s3Endpoint != null) {
      // S3-compatible servers rarely have wildcard DNS for virtual-hosted buckets.
      b.endpointOverride(s3Endpoint).forcePathStyle(true);
    }
    return b.build();
  }

  /** Without the SDK's retries: {@link Backoff} retries throttling itself, visibly and with tunable waits. */
  public SageMakerClient sageMaker() {
    var b = SageMakerClient.builder().region(resolvedRegion())
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    if (sageMakerEndpoint != null) {
      b.endpointOverride(sageMakerEndpoint);
    }
    return b.build();
  }
}
