package io.wavebeam.launch;

import io.wavebeam.cli.WavebeamCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs the command line as a user would, with the SDK's standard chains reading dummy credentials. */
final class LaunchTestSupport {
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  private LaunchTestSupport() {}

  /**
   * The standard credential chain reads these system properties first (no mock of the SDK): dummy keys, which
   * S3Proxy is configured to accept and WireMock ignores.
   */
  static void dummyCredentials() {
    System.setProperty("aws.accessKeyId", S3TestServer.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3TestServer.SECRET_KEY);
    System.setProperty("aws.region", "us-east-1");
  }

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = WavebeamCommand.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  static String[] concat(List<String> a, String... b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(Arrays.asList(b));
    return all.toArray(String[]::new);
  }
}
