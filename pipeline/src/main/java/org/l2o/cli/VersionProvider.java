package org.l2o.cli;

import org.l2o.provenance.ToolVersion;
import picocli.CommandLine;

/** {@code l2o --version}: the release, the code digest, and the JVM. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "l2o " + ToolVersion.current(),
      "TensorFlow Java 1.1.0 (TF 2.18), MLflow Java client 2.17.2",
      "JVM: " + System.getProperty("java.vendor") + " " + System.getProperty("java.version")
          + " (" + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ")"
    };
  }
}
