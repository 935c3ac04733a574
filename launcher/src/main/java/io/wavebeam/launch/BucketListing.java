package io.wavebeam.launch;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** What the launcher reads from S3: the group folders, their sizes, and which outputs already exist. */
public final class BucketListing {
  private final S3Client s3;

  public BucketListing(S3Client s3) {
    this.s3 = s3;
  }

  /** The folder names directly below {@code root} (its common prefixes), sorted. */
  public List<String> groups(S3Location root) {
    List<String> groups = new ArrayList<>();
    try {
      for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(root.bucket())
          .prefix(root.prefix()).delimiter("/").build())) {
        for (CommonPrefix p : page.commonPrefixes()) {
          String name = p.prefix().substring(root.prefix().length()).replaceAll("/+$", "");
          if (!name.isEmpty()) {
            groups.add(name);
          }
        }
      }
    } catch (S3Exception e) {
      throw new IllegalStateException("cannot list " + root + ": " + e.awsErrorDetails().errorMessage(), e);
    }
    groups.sort(null);
    return groups;
  }

  /** Total bytes of every object under {@code folder}. */
  public long totalBytes(S3Location folder) {
    long total = 0;
    try {
      for (var page : s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(folder.bucket())
          .prefix(folder.prefix()).build())) {
        for (S3Object o : page.contents()) {
          total += o.size();
        }
      }
    } catch (S3Exception e) {
      throw new IllegalStateException("cannot list " + folder + ": " + e.awsErrorDetails().errorMessage(), e);
    }
    return total;
  }

  /** Whether the object {@code name} exists in {@code folder} (a finished output's manifest). */
  public boolean exists(S3Location folder, String name) {
    try {
      s3.headObject(HeadObjectRequest.builder().bucket(folder.bucket()).key(folder.key(name)).build());
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return false;
      }
      throw new IllegalStateException("cannot check " + folder.key(name) + " in " + folder.bucket() + ": "
          + e.statusCode() + " " + e.getMessage(), e);
    }
  }
}
