package io.wavebeam.wfdb;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The one error type of the reader: what was wrong, in which file, and where in it.
 *
 * <p>The message always starts with the file, so a line in an error report is enough to find the problem:
 * {@code records/100.hea: line 2: bad gain 'x2'} or {@code records/100.dat: byte 1950000: signal file ends
 * after 649999 of 650000 frames}.
 */
public final class WfdbException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Where in the file the problem is; {@link #NONE} when the problem concerns the whole file. */
  public enum Location { NONE, LINE, BYTE }

  private final String file;
  private final Location location;
  private final long position;
  private final String problem;

  private WfdbException(String file, Location location, long position, String problem, Throwable cause) {
    super(format(file, location, position, problem), cause);
    this.file = file;
    this.location = location;
    this.position = position;
    this.problem = problem;
  }

  private static String format(String file, Location location, long position, String problem) {
    switch (location) {
      case LINE: return file + ": line " + position + ": " + problem;
      case BYTE: return file + ": byte " + position + ": " + problem;
      default: return file + ": " + problem;
    }
  }

  public static WfdbException of(Path file, String problem) {
    return of(String.valueOf(file), problem);
  }

  public static WfdbException of(Path file, String problem, Throwable cause) {
    return of(String.valueOf(file), problem, cause);
  }

  public static WfdbException atLine(Path file, int line, String problem) {
    return atLine(String.valueOf(file), line, problem);
  }

  public static WfdbException atByte(Path file, long offset, String problem) {
    return atByte(String.valueOf(file), offset, problem);
  }

  /** {@code file} is a location as a person should see it: a path or a URI ({@link WfdbFile#location()}). */
  public static WfdbException of(String file, String problem) {
    return new WfdbException(file, Location.NONE, -1, problem, null);
  }

  public static WfdbException of(String file, String problem, Throwable cause) {
    return new WfdbException(file, Location.NONE, -1, problem, cause);
  }

  public static WfdbException atLine(String file, int line, String problem) {
    return new WfdbException(file, Location.LINE, line, problem, null);
  }

  public static WfdbException atByte(String file, long offset, String problem) {
    return new WfdbException(file, Location.BYTE, offset, problem, null);
  }

  /** The file the problem is in, as the reader was given it. */
  public String file() {
    return file;
  }

  public Location location() {
    return location;
  }

  /** 1-based line number or 0-based byte offset, depending on {@link #location()}; -1 when none. */
  public long position() {
    return position;
  }

  /** The problem alone, without file and location. */
  public String problem() {
    return problem;
  }
}
