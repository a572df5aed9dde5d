package io.prescale.app;

import picocli.CommandLine;

/** Version from the jar manifest, or "dev" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = PrescaleCommand.class.getPackage().getImplementationVersion();
    return new String[] {"prescale " + (v == null ? "dev" : v)};
  }
}
