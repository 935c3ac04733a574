package io.wavebeam.launch;

/**
 * The EBS volume of a Processing job. In File mode SageMaker copies the whole input prefix onto the volume before
 * the container starts, so the volume must hold the input plus the output and Spark's scratch space; a real
 * MIMIC-III group is ~670 GB, which the notebook's 5 GB could never hold. FastFile streams objects on demand and
 * needs only the output and scratch space.
 */
public final class VolumeSizing {
  static final long GIB = 1L << 30;
  /** Output, Spark shuffle/spill and the JVM's temp files. */
  static final int SCRATCH_GB = 20;
  /** File-system overhead and objects added between listing and the copy. */
  static final double INPUT_MARGIN = 0.10;
  /** Below this SageMaker volumes are cheap enough not to bother. */
  static final int MIN_GB = 30;
  /** SageMaker's upper limit of VolumeSizeInGB. */
  static final int MAX_GB = 16384;

  private VolumeSizing() {}

  /** The volume for {@code inputBytes} of input in {@code mode}. */
  public static int gigabytes(InputMode mode, long inputBytes) {
    long gb = SCRATCH_GB;
    if (mode == InputMode.FILE) {
      gb += (long) Math.ceil(Math.max(0, inputBytes) * (1 + INPUT_MARGIN) / GIB);
    }
    if (gb > MAX_GB) {
      throw new IllegalArgumentException("input of " + inputBytes + " bytes needs a " + gb
          + " GB volume, more than SageMaker's " + MAX_GB + " GB; use --input-mode FastFile");
    }
    return (int) Math.max(MIN_GB, gb);
  }
}
