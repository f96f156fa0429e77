package org.l2o.env;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The git commit a directory is checked out at and whether tracked files differ from it. */
final class GitProbe {

  private final CommandRunner commands;

  GitProbe(CommandRunner commands) {
    this.commands = commands;
  }

  /** The full commit hash, or empty when git is missing or {@code directory} is not in a work tree. */
  Optional<String> commit(Path directory) {
    return commands.run(directory, List.of("git", "rev-parse", "--verify", "HEAD"))
        .map(String::trim)
        .filter(hash -> hash.matches("[0-9a-f]{7,64}"));
  }

  /**
   * Whether tracked files have uncommitted changes. Untracked files are ignored on purpose: a run
   * writes results, caches and logs inside the tree, and those must not mark the code as modified.
   */
  Optional<Boolean> dirty(Path directory) {
    return commands.run(directory, List.of("git", "status", "--porcelain", "--untracked-files=no"))
        .map(status -> !status.isBlank());
  }
}
