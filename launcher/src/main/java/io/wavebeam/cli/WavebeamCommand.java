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
    if (args.length > 0 && args[0].equals("run")) {
      initializeBeamOptionsBeside();
    }
    System.exit(commandLine().execute(args));
  }

  /**
   * Starts the initialization of Beam's {@code PipelineOptionsFactory} on a thread of its own. It validates every
   * registered options interface against all the others when its class initializes (~0.4–0.9 s on one core,
   * docs/benchmarks.md, pass 1.5 against DuckDB), and a pass needs it only after parsing its command line, checking
   * its locations and loading its own classes: meanwhile the other core does it. The JVM makes a thread that needs
   * the class first wait for its initialization to end, so nothing else changes. (The command line's own set-up
   * leaves Jackson, which Beam's initialization uses, to that thread: DescribeCommand makes its mapper on first use.)
   */
  private static void initializeBeamOptionsBeside() {
    Thread thread = new Thread(() -> {
      try {
        Class.forName("org.apache.beam.sdk.options.PipelineOptionsFactory", true,
            WavebeamCommand.class.getClassLoader());
      } catch (ClassNotFoundException | LinkageError e) {
        // The pass that needs the class reports it.
      }
    }, "wavebeam-beam-options");
    thread.setDaemon(true);
    thread.start();
  }

  /** {@code --version}: the build's version (common's WavebeamVersion). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"wavebeam " + WavebeamVersion.version()};
    }
  }
}
