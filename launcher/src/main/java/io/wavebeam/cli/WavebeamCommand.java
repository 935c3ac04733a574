package io.wavebeam.cli;

import io.wavebeam.common.WavebeamVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code wavebeam} command line: one subcommand per job. */
@Command(
    name = "wavebeam",
    mixinStandardHelpOptions = true,
    versionProvider = WavebeamCommand.Version.class,
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
    return new CommandLine(new WavebeamCommand());
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** {@code --version}: the build's version (common's WavebeamVersion). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"wavebeam " + WavebeamVersion.version()};
    }
  }
}
