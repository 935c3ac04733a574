package io.wavebeam.combiner;

/** Bad input (a pass-1 line or an alias-table line that cannot be read), naming the file and line. */
public final class MalformedInputException extends RuntimeException {
  private final String file;
  private final long line;

  public MalformedInputException(String file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  /** Several reports, the first naming {@code file} and {@code line}; {@code message} is shown as is. */
  public MalformedInputException(String file, long line, String message, boolean preformatted) {
    super(message);
    this.file = file;
    this.line = line;
  }

  /** Bad input that is not about one line (no input files, unreadable ROOT). */
  public MalformedInputException(String problem) {
    super(problem);
    this.file = null;
    this.line = 0;
  }

  public String file() {
    return file;
  }

  public long line() {
    return line;
  }
}
