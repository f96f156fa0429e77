package org.l2o.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The params options {@code run} and {@code stage} share, with the same names and aliases: a
 * profile, a params file and {@code -p} overrides. Each command says what its params file is.
 */
final class ParamsOptions {

  @Option(names = "--profile", paramLabel = "<smoke|quick|paper|paper-mlp|authors>",
      description = "Built-in params profile: smoke (about a minute on 2 cores), quick (about 25 "
          + "minutes), paper (GPU cluster), paper-mlp, authors (no training: the paper authors' "
          + "released optimizers, evaluated as released).")
  String profile;

  @Option(names = {"--params-file", "--params"}, paramLabel = "<file.yaml>",
      description = "YAML (or JSON) params file.")
  Path paramsFile;

  @Option(names = {"-p", "--param"}, paramLabel = "<key=value>",
      description = "Override one param (repeatable). Lists are comma-separated: "
          + "-p eval_problems=mlp-orig,mlp-relu")
  List<String> assignments = new ArrayList<>();
}
