package io.wavebeam.cli;

import io.wavebeam.report.HtmlReport;
import io.wavebeam.report.RemoteOutput;
import io.wavebeam.report.ReportInput;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code wavebeam report}: one self-contained HTML page with charts of a pass-1 or pass-1.5 output. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Writes one self-contained HTML page with charts of a pass-1 or pass-1.5 output.",
        "Input: a pass-1 output folder (manifest.json, ws_df_group.json, errors.jsonl) or a pass-1.5 output "
            + "folder (pass1p5_manifest.json, waveform_summary.parquet, signal_stats.csv). The page shows the "
            + "manifests, signal coverage, hours of valid data and invalid fractions, feature distributions per "
            + "normalised signal, the errors grouped by reason, and, when windowed features exist "
            + "(ws_df_windows.json, waveform_windows.parquet), a timeline of valid data per record. The input may be "
            + "an s3://bucket/prefix/ URI (credentials from the AWS SDK's default chain). Scripts, styles and charts (Apache ECharts) "
            + "are inside the file: it opens without network access.",
        "Exit status: 0 written, 1 the input could not be read, 2 bad command line."})
final class ReportCommand implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "DIR_OR_URI",
      description = "A pass-1 output folder (one group) or a pass-1.5 output folder; local or s3://bucket/prefix/.")
  String input;

  @Option(names = "--output", required = true, paramLabel = "FILE",
      description = "The HTML file to write (e.g. report.html).")
  Path output;

  @Mixin S3EndpointOptions s3;

  @Spec CommandSpec spec;

  /** The command that makes the report of an output folder, as the passes print it at the end. */
  static String commandFor(String outputFolder) {
    String folder = outputFolder.endsWith("/") ? outputFolder.substring(0, outputFolder.length() - 1)
        : outputFolder;
    return "wavebeam report --input " + folder + " --output " + folder + "/report.html";
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName(" ");
    Optional<Path> folder = RunLocations.local(input);
    try {
      if (folder.isPresent()) {
        RunLocations.requireFolder("input folder", folder.get());
      } else {
        try {
          RemoteOutput.configure(s3.s3Endpoint, s3.s3Region);
        } catch (IllegalArgumentException e) {
          throw new RunLocations.Refusal(e.getMessage());
        }
      }
      Path parent = output.toAbsolutePath().getParent();
      RunLocations.requireWritableFolder(parent);
      if (Files.isDirectory(output)) {
        throw new RunLocations.Refusal("output " + output + " is a folder; give a file name such as "
            + output.resolve("report.html"));
      }
    } catch (RunLocations.Refusal refusal) {
      err.println(name + ": " + refusal.getMessage());
      err.flush();
      return WavebeamCommand.EXIT_USAGE;
    }
    try {
      ReportInput data = folder.isPresent() ? ReportInput.read(folder.get()) : readRemote();
      String html = HtmlReport.render(data);
      Path parent = output.toAbsolutePath().getParent();
      Files.createDirectories(parent);
      Path staged = Files.createTempFile(parent, ".report-", ".html");
      try {
        Files.writeString(staged, html, StandardCharsets.UTF_8);
        try {
          // createTempFile makes it private; a report is read like any other output file.
          Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException e) {
          // not a POSIX file system: its default permissions stay
        }
        Files.move(staged, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(staged);
      }
      out.printf("%s report of %s: %d rows, %d errors -> %s%n", data.kind(), data.title(), data.rows().size(),
          data.errors().size(), output);
      out.flush();
      return 0;
    } catch (IOException | RuntimeException e) {
      FailureMessage.print(err, name, e, FailureMessage.verbose(spec));
      return 1;
    }
  }

  /** The output's small files are copied from the URI into a temp folder, removed afterwards. */
  private ReportInput readRemote() throws IOException {
    Path staging = Files.createTempDirectory("wavebeam-report-");
    try {
      return ReportInput.read(input, staging);
    } finally {
      try (Stream<Path> walk = Files.walk(staging)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
