package io.wavebeam.launch;

import java.util.ArrayList;
import java.util.List;

/**
 * The jobs of a launch: which to start and which to skip because their output is there already.
 *
 * @param toStart requests to run (or adopt, when a job of that name exists)
 * @param skipped requests whose output manifest exists (not started without --force)
 */
public record LaunchPlan(List<ProcessingJobRequest> toStart, List<ProcessingJobRequest> skipped) {
  /** Pass 1 writes this last; its presence means the group's output is complete. */
  public static final String PASS1_MANIFEST = "manifest.json";
  /** Pass 1.5 writes this last. */
  public static final String PASS1P5_MANIFEST = "pass1p5_manifest.json";

  public LaunchPlan {
    toStart = List.copyOf(toStart);
    skipped = List.copyOf(skipped);
  }

  /** One pass-1 job per group: {@code input/<group>/} to {@code output/<group>/}. */
  public static LaunchPlan pass1(LaunchSettings settings, BucketListing s3, S3Location inputRoot,
      S3Location outputRoot, GroupSelection selection, boolean force) {
    return pass1(settings, s3, inputRoot, outputRoot, selection, force, List.of());
  }

  /** As above, with options added to every job's {@code pass1} command (e.g. {@code --window 5m}). */
  public static LaunchPlan pass1(LaunchSettings settings, BucketListing s3, S3Location inputRoot,
      S3Location outputRoot, GroupSelection selection, boolean force, List<String> pass1Options) {
    List<String> groups = selection.resolve(() -> s3.groups(inputRoot));
    List<ProcessingJobRequest> start = new ArrayList<>();
    List<ProcessingJobRequest> skip = new ArrayList<>();
    for (String group : groups) {
      GroupPrefix g = new GroupPrefix(group, inputRoot.child(group), outputRoot.child(group), -1);
      if (needsInputSize(settings)) {
        long bytes = s3.totalBytes(g.input());
        if (bytes == 0) {
          throw new IllegalStateException("group " + group + ": no objects under " + g.input());
        }
        g = g.withInputBytes(bytes);
      }
      ProcessingJobRequest job = ProcessingJobRequest.pass1(settings, g, pass1Options);
      (!force && s3.exists(g.output(), PASS1_MANIFEST) ? skip : start).add(job);
    }
    return new LaunchPlan(start, skip);
  }

  /** The one pass-1.5 job over the whole pass-1 output prefix. */
  public static LaunchPlan pass1p5(LaunchSettings settings, BucketListing s3, S3Location pass1Output,
      S3Location destination, boolean force) {
    long bytes = needsInputSize(settings) ? s3.totalBytes(pass1Output) : -1;
    if (bytes == 0) {
      throw new IllegalStateException("no pass-1 output under " + pass1Output);
    }
    ProcessingJobRequest job = ProcessingJobRequest.pass1p5(settings, pass1Output, bytes, destination);
    boolean done = !force && s3.exists(destination, PASS1P5_MANIFEST);
    return new LaunchPlan(done ? List.of() : List.of(job), done ? List.of(job) : List.of());
  }

  /** The volume is sized from the listed input bytes unless fixed, or unless nothing is copied (FastFile). */
  static boolean needsInputSize(LaunchSettings s) {
    return s.volumeSizeGb() == null && s.inputMode() == InputMode.FILE;
  }
}
