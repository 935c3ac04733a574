package io.wavebeam.common;

/** Receives {@link RunProgress} snapshots, a few times a second and once more when the run ends. */
@FunctionalInterface
public interface ProgressListener {
  /** A listener that ignores everything. */
  ProgressListener NONE = progress -> {};

  void onProgress(RunProgress progress);
}
