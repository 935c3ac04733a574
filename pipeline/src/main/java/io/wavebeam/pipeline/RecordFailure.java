package io.wavebeam.pipeline;

import io.wavebeam.wfdb.WfdbException;
import java.io.Serializable;

/**
 * The failsafe element of a record that could not be read: the input it came from and why. One line of
 * {@code errors.jsonl}.
 *
 * @param file the file the problem is in (the reader's, else the header)
 * @param header the record's header file, the input
 * @param record the record-set folder
 * @param segment the record name
 * @param errorType the exception's class name
 * @param message the exception's message (the reader's start with the file)
 */
public record RecordFailure(String file, String header, String record, String segment, String errorType,
    String message) implements Serializable {

  public static RecordFailure of(WorkTask task, Throwable error) {
    String file = error instanceof WfdbException w ? w.file() : task.headerPath();
    String message = error.getMessage() == null ? error.toString() : error.getMessage();
    if (error instanceof OutOfMemoryError) {
      message = "not enough memory to read this record (" + message + ")";
    } else if (error instanceof StackOverflowError) {
      message = "reading this record overflowed the stack";
    }
    if (!(error instanceof WfdbException) && !message.contains(file)) {
      message = file + ": " + message;
    }
    return new RecordFailure(file, task.headerPath(), task.recordSet(), task.segment(),
        error.getClass().getSimpleName(), message);
  }
}
