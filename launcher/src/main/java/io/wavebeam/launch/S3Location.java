package io.wavebeam.launch;

/**
 * A bucket and a key prefix. The prefix of a folder always ends with '/', so that group {@code 3} never also
 * matches the objects of group {@code 30}.
 */
public record S3Location(String bucket, String prefix) {
  public S3Location {
    if (bucket == null || bucket.isBlank()) {
      throw new IllegalArgumentException("S3 bucket is empty");
    }
    prefix = folder(prefix);
  }

  /** {@code s3://bucket/some/prefix} (the trailing slash is optional). */
  public static S3Location parse(String uri) {
    if (uri == null || !uri.startsWith("s3://")) {
      throw new IllegalArgumentException("not an s3:// location: " + uri);
    }
    String rest = uri.substring("s3://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? new S3Location(rest, "") : new S3Location(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The folder {@code name} below this one. */
  public S3Location child(String name) {
    return new S3Location(bucket, prefix + name);
  }

  /** The key of the object {@code name} in this folder. */
  public String key(String name) {
    return prefix + name;
  }

  public String uri() {
    return "s3://" + bucket + "/" + prefix;
  }

  @Override
  public String toString() {
    return uri();
  }

  static String folder(String prefix) {
    if (prefix == null) {
      return "";
    }
    String p = prefix.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    return p.isEmpty() || p.endsWith("/") ? p : p + "/";
  }
}
