package io.wavebeam.combiner;

import java.io.Serializable;
import java.net.URI;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * How to reach S3 and how to encrypt what is written there. Credentials come from the SDK's default chain
 * (environment, system properties, profile, container or instance role).
 *
 * @param endpoint an S3-compatible server, or null for AWS
 * @param region the client's region, or null for the SDK's default chain (us-east-1 when it has none)
 * @param sse the server-side encryption of every object written, or null for the bucket's default
 * @param kmsKeyId the KMS key of SSE-KMS, or null for the account's AWS-managed key
 */
public record S3Settings(URI endpoint, String region, ServerSideEncryption sse, String kmsKeyId)
    implements Serializable {

  /** From the command line's values; a key id alone means aws:kms. */
  public static S3Settings of(String endpoint, String region, String sse, String kmsKeyId) {
    String key = blankToNull(kmsKeyId);
    ServerSideEncryption algorithm = null;
    if (blankToNull(sse) != null) {
      algorithm = ServerSideEncryption.fromValue(sse.trim());
      if (algorithm == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException("unknown --sse '" + sse + "' (aws:kms or AES256)");
      }
    }
    if (key != null && algorithm == null) {
      algorithm = ServerSideEncryption.AWS_KMS;
    }
    if (key != null && algorithm != ServerSideEncryption.AWS_KMS) {
      throw new IllegalArgumentException("--kms-key-id needs --sse aws:kms, not " + sse);
    }
    String e = blankToNull(endpoint);
    return new S3Settings(e == null ? null : URI.create(e), blankToNull(region), algorithm, key);
  }

  public boolean encrypts() {
    return sse != null;
  }

  public String resolvedRegion() {
    if (region != null) {
      return region;
    }
    // the same choice as pass 1's: the SDK's whole default chain ends with the EC2 metadata lookup, a time-out
    // off EC2
    return io.wavebeam.pipeline.S3Access.defaultRegion().id();
  }

  public S3Client client() {
    var builder = S3Client.builder().region(Region.of(resolvedRegion()));
    if (endpoint != null) {
      builder.endpointOverride(endpoint).forcePathStyle(true);
    }
    return builder.build();
  }

  /** {@code request} with this run's server-side encryption headers. */
  public PutObjectRequest put(PutObjectRequest.Builder request) {
    return withSse(request, PutObjectRequest.Builder::serverSideEncryption, PutObjectRequest.Builder::ssekmsKeyId)
        .build();
  }

  /** {@code request} with this run's server-side encryption headers (a copy does not keep the source's). */
  public CopyObjectRequest copy(CopyObjectRequest.Builder request) {
    return withSse(request, CopyObjectRequest.Builder::serverSideEncryption, CopyObjectRequest.Builder::ssekmsKeyId)
        .build();
  }

  /** The SDK's request builders share no interface for the SSE headers: each passes its two setters. */
  private <B> B withSse(B request, java.util.function.BiFunction<B, ServerSideEncryption, B> algorithm,
      java.util.function.BiFunction<B, String, B> key) {
    if (sse != null) {
      algorithm.apply(request, sse);
      if (kmsKeyId != null) {
        key.apply(request, kmsKeyId);
      }
    }
    return request;
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
