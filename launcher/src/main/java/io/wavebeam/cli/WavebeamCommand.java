package io.wavebeam.cli;

import io.wavebeam.common.WavebeamVersion;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code wavebeam} command line: one subcommand per job. */
@Command(
    name = "wavebeam",
    mixinStandardHelpOptions = true,
    versionProvider = WavebeamCommand.Version.class,
    description = "Turns PhysioNet WFDB waveform records into ML features.",
    subcommands = {DescribeCommand.class, RunCommand.class, ReportCommand.class, GenerateCommand.class,
        LaunchCommand.class,
        ContainerEntrypointCommand.class, CommandLine.HelpCommand.class})
public final class WavebeamCommand implements Runnable {
  /** Exit status of a command-line mistake (picocli's usage errors and the checks of the locations). */
  static final int EXIT_USAGE = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Given to every subcommand too; read with {@link FailureMessage#verbose}. */
  @Option(names = "--verbose", scope = ScopeType.INHERIT,
      description = "Print the stack trace of a failure after its message.")
  boolean verbose;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
  }

  public static CommandLine commandLine() {
    CommandLine cli = WordWrappedHelp.configure(new CommandLine(new WavebeamCommand()));
    // A failure no command caught: one plain sentence (the stack trace with --verbose), exit 1.
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      FailureMessage.print(commandLine.getErr(), commandLine.getCommandSpec().qualifiedName(" "), e,
          FailureMessage.verbose(commandLine.getCommandSpec()));
      return 1;
    });
    // A usage error: the message, then where the options are (not the whole help, which hides the message).
    cli.setParameterExceptionHandler((e, args) -> {
      CommandLine command = e.getCommandLine();
      PrintWriter err = command.getErr();
      err.println(e.getMessage());
      CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
      err.println("Run '" + command.getCommandSpec().qualifiedName(" ") + " --help' for the options.");
      err.flush();
      return EXIT_USAGE;
    });
    return cli;
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
