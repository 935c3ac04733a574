package io.wavebeam.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "describe", description = "Summarise WFDB records.")
final class DescribeCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
