package io.wavebeam.common;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The result of work another thread did for this one (pass 1's planning, pass 1.5's early scans), with that work's
 * own exception thrown here as it would have been thrown had this thread done the work.
 */
public final class AwaitedResult {
  private AwaitedResult() {}

  /** Waits for {@code work}; {@code what} names it in the message of an interruption. */
  public static <T> T get(Future<T> work, String what) throws IOException {
    try {
      return work.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + what);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }
}
