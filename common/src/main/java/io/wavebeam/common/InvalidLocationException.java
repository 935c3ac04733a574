package io.wavebeam.common;

/**
 * A location given on the command line that the program cannot honour: an unknown scheme, a scheme whose file
 * system is not available, or a malformed URI. A usage error (exit 2); the message names the location and why.
 */
public final class InvalidLocationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidLocationException(String message) {
    super(message);
  }
}
