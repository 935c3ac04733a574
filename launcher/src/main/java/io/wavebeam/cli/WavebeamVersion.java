package io.wavebeam.cli;

import picocli.CommandLine.IVersionProvider;

/** The version written into the jar's manifest at build time. */
public final class WavebeamVersion implements IVersionProvider {
  public static String version() {
    String v = WavebeamVersion.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"wavebeam " + version()};
  }
}
