package io.wavebeam.launch;

/**
 * One group's place in the bucket: where its records are and where its pass-1 output goes.
 *
 * @param group the group's name (the folder name under the input prefix, e.g. {@code 30})
 * @param input {@code s3://bucket/data_inputs/30/}
 * @param output {@code s3://bucket/data_outputs/30/}
 * @param inputBytes total size of the objects under {@code input}, or -1 when not listed
 */
public record GroupPrefix(String group, S3Location input, S3Location output, long inputBytes) {
  public GroupPrefix {
    checkName(group);
  }

  public GroupPrefix withInputBytes(long bytes) {
    return new GroupPrefix(group, input, output, bytes);
  }

  /** Group names become S3 folder names and parts of job names: keep them to letters, digits, '-' and '_'. */
  static void checkName(String group) {
    if (group == null || group.isEmpty() || !group.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("bad group name '" + group + "' (letters, digits, '.', '_' and '-')");
    }
  }
}
