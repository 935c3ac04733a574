package io.wavebeam.launch;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
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

  /**
   * The environment that lets a local container process reach S3 the way this launcher does (Direct input mode
   * with {@code --local}): the endpoint ({@code AWS_ENDPOINT_URL}, which the job's S3 client honours), the region
   * and the credentials this launcher resolved, as a SageMaker container gets its execution role's.
   */
  public Map<String, String> containerEnvironment() {
    Map<String, String> env = new LinkedHashMap<>();
    if (s3Endpoint != null) {
      env.put("AWS_ENDPOINT_URL", s3Endpoint.toString());
    }
    env.put("AWS_REGION", resolvedRegion().id());
    AwsCredentials c = DefaultCredentialsProvider.builder().build().resolveCredentials();
    env.put("AWS_ACCESS_KEY_ID", c.accessKeyId());
    env.put("AWS_SECRET_ACCESS_KEY", c.secretAccessKey());
    if (c instanceof AwsSessionCredentials session) {
      env.put("AWS_SESSION_TOKEN", session.sessionToken());
    }
    return env;
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
