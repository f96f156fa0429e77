package org.l2o.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where this l2o installation lives: its code, and so the git checkout it was built from. */
final class Installation {

  private Installation() {}

  /**
   * A folder inside the checkout the tool was built from (its jar's or classes' folder), so that the
   * recorded git commit is the tool's, whatever folder the task runs in.
   */
  static Path gitDir() {
    try {
      Path code = Path.of(Installation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return Files.isDirectory(code) ? code : code.getParent();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Path.of("").toAbsolutePath();
    }
  }
}
