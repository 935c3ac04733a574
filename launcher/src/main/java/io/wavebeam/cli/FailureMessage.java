package io.wavebeam.cli;

import io.wavebeam.wfdb.WfdbException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A failure as a person would say it: {@code input folder /x/nope does not exist}, not
 * {@code java.io.UncheckedIOException: java.io.IOException: ...}. Every command prints expected failures through
 * this; the stack trace is printed only with {@code --verbose}.
 */
final class FailureMessage {
  /**
   * A Java class name the way {@code Throwable.toString()} puts it in front of a message
   * ({@code java.nio.file.AccessDeniedException: }, {@code org.apache.beam.sdk.Pipeline$PipelineExecutionException: }).
   */
  static final Pattern CLASS_NAME_PREFIX =
      Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error|Throwable)\\b:?\\s*");

  private FailureMessage() {}

  /** The sentence for {@code failure}: the innermost cause that says something, in plain words. */
  static String of(Throwable failure) {
    Throwable t = failure;
    // Wrappers (UncheckedIOException, Beam's PipelineExecutionException, ExecutionException...) add only a
    // class name in front of their cause's message: say the cause.
    while (t.getCause() != null && t.getCause() != t && isWrapper(t)) {
      t = t.getCause();
    }
    if (t instanceof OutOfMemoryError) {
      return "ran out of memory (give the JVM more, e.g. WAVEBEAM_JAVA_OPTS=-Xmx8g)";
    }
    if (t instanceof WfdbException) {
      return clean(t.getMessage());
    }
    if (t instanceof FileSystemException fse) {
      return fileSystem(fse);
    }
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return "an unexpected internal failure (--verbose shows where)";
    }
    return clean(message);
  }

  /** Prints {@code command: sentence}, and the stack trace when {@code verbose}. */
  static void print(PrintWriter err, String command, Throwable failure, boolean verbose) {
    err.println(command + ": " + of(failure));
    if (verbose) {
      failure.printStackTrace(err);
    }
    err.flush();
  }

  /** Whether {@code --verbose} was given to this command or a command above it. */
  static boolean verbose(CommandSpec spec) {
    for (CommandSpec s = spec; s != null; s = s.parent()) {
      OptionSpec option = s.findOption("--verbose");
      if (option != null && Boolean.TRUE.equals(option.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isWrapper(Throwable t) {
    if (t instanceof UncheckedIOException) {
      return true;
    }
    String message = t.getMessage();
    String cause = t.getCause().toString();
    return message == null || message.isBlank() || message.equals(cause) || message.endsWith(cause)
        || t.getClass().getName().endsWith("PipelineExecutionException")
        || t.getClass().getName().endsWith("ExecutionException");
  }

  private static String fileSystem(FileSystemException e) {
    String file = e.getFile();
    String other = e.getOtherFile();
    String reason = e.getReason();
    if (e instanceof NoSuchFileException) {
      return file + " does not exist";
    }
    if (e instanceof AccessDeniedException) {
      return file + ": permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return file + " exists already";
    }
    if (e instanceof NotDirectoryException) {
      return file + " is not a folder";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return file + " is a folder that is not empty";
    }
    String where = file == null ? "" : file + (other == null ? "" : " -> " + other) + ": ";
    return where + (reason == null ? "file system error" : clean(reason));
  }

  /** The message without class names that libraries put in front of nested messages. */
  static String clean(String message) {
    String cleaned = CLASS_NAME_PREFIX.matcher(message).replaceAll("").strip();
    return cleaned.isEmpty() ? "an unexpected internal failure (--verbose shows where)" : cleaned;
  }
}
