package io.prescale.app;

import picocli.CommandLine;

/** Version from the jar manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {"prescale " + version()};
  }

  /** The jar manifest's Implementation-Version, or {@code dev}. */
  static String version() {
    String v = PrescaleCommand.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
