package org.l2o.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.params.ResolvedParams;
import org.l2o.runner.PipelineDeclaration;
import org.l2o.runner.PipelineRunner;
import org.l2o.runner.ProfileParams;
import org.l2o.runner.RunOptions;
import org.l2o.runner.RunTracking;
import org.l2o.runner.SubprocessLauncher;
import org.l2o.runner.TaskStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o run}: the whole pipeline, or a part of it, with cache and resume. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    header = "Run the pipeline: fetch, train-baseline, train-curriculum, train-imitation, evaluate, plot.",
    description = {
      "",
      "Params resolve in order: built-in defaults (the paper's settings), --profile, --params-file,",
      "then each -p key=value. Every param is validated before anything runs; a bad one exits 2.",
      "Each task runs as `l2o stage ...` in work/<key>/; results are published to results/<stage>/,",
      "the trace to results/pipeline_info/. Without MLFLOW_TRACKING_URI, an embedded MLflow-",
      "compatible server stores runs in <outdir>/mlruns and its URL is printed.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  l2o run --profile smoke",
      "  l2o run --profile smoke --resume                   # every task cached: seconds",
      "  l2o run --profile smoke --resume -p eval_steps=500 # reruns only evaluate and plot",
      "  l2o run --profile quick --only evaluate --only plot",
      "  l2o run --profile paper --from train-curriculum --outdir /scratch/l2o",
      "  l2o run --profile authors --resume                 # the authors' own models, evaluated",
      "  L2O_DATA_MIRRORS=file:///data/mnist/ l2o run --profile smoke",
      "",
      "Params (see pipeline/nextflow_schema.json or the README for every one):",
      "  seed, device, threads, workers, datasets, data_mirrors, data_verify, data_cache, offline,",
      "  baseline_variants, fig_a1_settings, curriculum_variants, imitation_variants, meta_epochs,",
      "  meta_lr, unroll, n_train, n_valid, aug_n_train, aug_n_valid, valid_every, valid_episodes,",
      "  train_problem, batch_size, preproc_k, lstm_layers, lstm_hidden, output_scale, cl_schedule,",
      "  cl_min_validations, il_teachers, il_ratio, il_ratio_schedule, il_weight, il_lr,",
      "  eval_optimizers, eval_problems, eval_steps, eval_seeds, eval_seeds_a1, lr_adam, lr_sgd,",
      "  lr_rmsprop, lr_adagrad, lr_nag"
    })
public final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--profile", paramLabel = "<smoke|quick|paper|authors>",
      description = "Built-in params profile: smoke (~3 min on 2 cores), quick (~1 h), paper (GPU), "
          + "authors (no training: the paper authors' released optimizers, evaluated as released).")
  String profile;

  @Option(names = "--params-file", paramLabel = "<file.yaml>",
      description = "YAML (or JSON) params file, as Nextflow's -params-file reads it.")
  Path paramsFile;

  @Option(names = {"-p", "--param"}, paramLabel = "<key=value>",
      description = "Override one param (repeatable). Lists are comma-separated: -p eval_problems=mlp-orig,mlp-relu")
  List<String> assignments = new ArrayList<>();

  @Option(names = "--resume", description = "Reuse finished tasks whose cache key matches.")
  boolean resume;

  @Option(names = "--only", paramLabel = "<stage>",
      description = "Run only this stage (repeatable); upstream results must be cached.")
  List<String> only = new ArrayList<>();

  @Option(names = "--from", paramLabel = "<stage>",
      description = "Rerun this stage and everything downstream; upstream results must be cached.")
  String from;

  @Option(names = "--outdir", paramLabel = "<dir>", defaultValue = ".",
      description = "Where work/, results/, mlruns/ and .l2o/ go (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--no-tracking", description = "Do not log to MLflow.")
  boolean noTracking;

  @Option(names = {"-v", "--verbose"}, description = "Echo everything the stage processes print.")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    PrintStream out = new PrintStream(System.out, true);
    ResolvedParams params = ProfileParams.resolve(profile, paramsFile, assignments);
    for (String s : only) {
      PipelineDeclaration.stage(s);
    }
    PipelineDeclaration.plan(params);
    Path abs = outDir.toAbsolutePath().normalize();
    RunOptions opts = new RunOptions(abs, resume, new LinkedHashSet<>(only), from,
        params.getInt("workers"), verbose, commandLine());
    try (RunTracking tracking = noTracking ? RunTracking.NONE : Tracking.open(abs, params, opts.commandLine(), out)) {
      PipelineRunner runner = new PipelineRunner(opts, new SubprocessLauncher(), tracking, out);
      PipelineRunner.RunResult r = runner.run(params);
      return r.status() == TaskStatus.COMPLETED ? 0 : r.status() == TaskStatus.ABORTED ? 130 : 1;
    }
  }

  private String commandLine() {
    // picocli keeps the whole command line, subcommand included, in every level's parse result.
    List<String> args = new ArrayList<>(List.of("l2o"));
    args.addAll(spec.commandLine().getParseResult().originalArgs());
    return String.join(" ", args);
  }
}
