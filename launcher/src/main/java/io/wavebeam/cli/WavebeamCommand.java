package io.wavebeam.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code wavebeam} command line: one subcommand per job. */
@Command(
    name = "wavebeam",
    mixinStandardHelpOptions = true,
    versionProvider = WavebeamVersion.class,
    description = "Turns PhysioNet WFDB waveform records into ML features.",
    subcommands = {DescribeCommand.class, RunCommand.class, GenerateCommand.class, LaunchCommand.class,
        ContainerEntrypointCommand.class, CommandLine.HelpCommand.class})
public final class WavebeamCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static CommandLine commandLine() {
    return WordWrappedHelp.configure(new CommandLine(new WavebeamCommand()));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
