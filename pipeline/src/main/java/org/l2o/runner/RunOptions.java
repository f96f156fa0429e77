package org.l2o.runner;

import java.nio.file.Path;
import java.util.Set;

/**
 * How to run the pipeline.
 *
 * @param outDir where work/, results/ and the run history go
 * @param resume reuse finished tasks whose cache key matches
 * @param only run only these stages; everything upstream must come from the cache
 * @param from rerun this stage and everything downstream of it (null = no such bound)
 * @param workers tasks run at once
 * @param verbose echo every line the stage processes print
 * @param commandLine the command as typed, for the run history
 */
public record RunOptions(
    Path outDir,
    boolean resume,
    Set<String> only,
    String from,
    int workers,
    boolean verbose,
    String commandLine) {

  public RunOptions {
    only = Set.copyOf(only);
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be >= 1, got " + workers);
    }
  }

  public Path workDir() {
    return outDir.resolve("work");
  }

  public Path resultsDir() {
    return outDir.resolve("results");
  }
}
