package io.wavebeam.launch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * Where the launcher talks to the person who started it: messages go to {@code err}, yes/no answers come from
 * {@code answers}, which is null when there is no terminal to ask (a pipe, CI, a container).
 */
public record OperatorTerminal(PrintWriter err, BufferedReader answers) {

  /** Whether a question can be asked at all. */
  public boolean interactive() {
    return answers != null;
  }

  /** Prints {@code question} and reads one line: true only for an answer starting with y (no answer: false). */
  public boolean confirm(String question) {
    err.print(question);
    err.flush();
    try {
      String line = answers.readLine();
      return line != null && line.strip().toLowerCase(Locale.ROOT).startsWith("y");
    } catch (IOException e) {
      return false;
    }
  }
}
