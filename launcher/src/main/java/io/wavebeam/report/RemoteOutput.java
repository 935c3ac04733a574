package io.wavebeam.report;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import io.wavebeam.pipeline.S3Access;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A pass output behind a URI ({@code s3://bucket/prefix/}, or any scheme a Beam file system is registered for),
 * read through Beam's {@link FileSystems}: the files a report reads are copied into a local folder first (they
 * are the small summaries of a run, not its records). Credentials come from the AWS SDK's default chain.
 */
public final class RemoteOutput {
  /** The single files of a pass-1 or pass-1.5 output folder. */
  static final List<String> FILES = List.of(ReportInput.PASS1P5_MANIFEST, ReportInput.PASS1_MANIFEST,
      ReportInput.PASS1_ROWS, ReportInput.PASS1_ERRORS, ReportInput.PASS1_WINDOWS, ReportInput.PASS1P5_STATS);
  /** Parquet outputs: one file, or a folder of group=NAME/ partitions. */
  static final List<String> DATASETS = List.of(ReportInput.PASS1P5_DATASET, ReportInput.PASS1P5_WINDOWS);

  private RemoteOutput() {}

  /**
   * Sets up Beam's file systems for {@code s3://}: an S3-compatible endpoint (addressed path-style, as servers on
   * an IP address need) or AWS, and the region (else the SDK's environment, system properties and profile, else
   * us-east-1; never the EC2 metadata lookup, which times out off EC2).
   */
  public static void configure(String endpoint, String region) {
    PipelineOptions options = PipelineOptionsFactory.create();
    S3Access.configure(options, endpoint, region, null, null); // pass 1's rules, AWS_ENDPOINT_URL(_S3) included
    FileSystems.setDefaultPipelineOptions(options);
  }

  /** Whether {@code location} names a URI with a scheme other than {@code file}. */
  public static boolean isRemote(String location) {
    int colon = location.indexOf("://");
    return colon > 1 && location.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")
        && !location.substring(0, colon).equalsIgnoreCase("file");
  }

  /**
   * Copies what a report reads from {@code uri} (a folder) into {@code target}; returns the number of files.
   * An unknown scheme or an unreachable store is an IOException naming the URI.
   */
  public static int stage(String uri, Path target) throws IOException {
    String base = uri.endsWith("/") ? uri : uri + "/";
    int copied = 0;
    for (String name : FILES) {
      for (Metadata m : match(base + name)) {
        copy(m, target.resolve(name));
        copied++;
      }
    }
    for (String name : DATASETS) {
      for (Metadata m : match(base + name)) {
        copy(m, target.resolve(name));
        copied++;
      }
      for (Metadata m : match(base + name + "/**")) {
        copy(m, below(target.resolve(name), base + name + "/", m));
        copied++;
      }
    }
    return copied;
  }

  /** Copies {@code ROOT/<group>/errors.jsonl} and {@code manifest.json} of pass 1.5's input into target/. */
  static void stageGroups(String root, Path target) throws IOException {
    String base = root.endsWith("/") ? root : root + "/";
    for (String name : List.of(ReportInput.PASS1_ERRORS, ReportInput.PASS1_MANIFEST)) {
      for (Metadata m : match(base + "*/" + name)) {
        copy(m, below(target, base, m));
      }
    }
  }

  private static Path below(Path folder, String base, Metadata m) throws IOException {
    String name = m.resourceId().toString();
    if (!name.startsWith(base)) {
      throw new IOException(name + " is not below " + base);
    }
    Path local = folder.resolve(name.substring(base.length())).normalize();
    if (!local.startsWith(folder)) {
      throw new IOException(name + ": its name escapes " + base);
    }
    return local;
  }

  private static List<Metadata> match(String spec) throws IOException {
    MatchResult result;
    try {
      result = FileSystems.match(spec, EmptyMatchTreatment.ALLOW);
    } catch (IllegalArgumentException e) {
      throw new IOException(spec + ": " + (e.getMessage() != null && e.getMessage().contains("No filesystem found")
          ? "this wavebeam build has no file system for its scheme (it reads local folders and s3://)"
          : e.getMessage()), e);
    }
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return List.of();
    }
    if (result.status() != MatchResult.Status.OK) {
      throw new IOException(spec + ": cannot be listed (" + result.status() + ")");
    }
    try {
      List<Metadata> files = new ArrayList<>();
      for (Metadata m : result.metadata()) {
        if (!m.resourceId().isDirectory() && !m.resourceId().toString().endsWith("/")) {
          files.add(m);
        }
      }
      return files;
    } catch (FileNotFoundException e) {
      return List.of();
    }
  }

  private static void copy(Metadata m, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    try (ReadableByteChannel channel = FileSystems.open(m.resourceId());
        InputStream in = Channels.newInputStream(channel)) {
      Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new IOException(m.resourceId() + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }
}
