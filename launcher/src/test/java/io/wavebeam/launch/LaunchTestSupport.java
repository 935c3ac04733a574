package io.wavebeam.launch;

import io.wavebeam.common.S3TestServer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the command line as a user would, with the SDK's standard chains reading dummy credentials. */
final class LaunchTestSupport {
  private LaunchTestSupport() {}

  /**
   * The standard credential chain reads these system properties first (no mock of the SDK): dummy keys, which
   * S3Proxy is configured to accept and WireMock ignores.
   */
  static void dummyCredentials() {
    S3TestServer.setDefaultCredentials();
    System.setProperty("aws.region", "us-east-1");
  }

  static String[] concat(List<String> a, String... b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(Arrays.asList(b));
    return all.toArray(String[]::new);
  }
}
