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
      "Exit codes: 0 ok, 1 a task failed, 2 bad params or usage, 130 interrupted (Ctrl-C).",
      "",
      "Params (see pipeline/nextflow_schema.json or the README for every one):",
      "@PARAMS@"
    })
public final class RunCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** --profile, --params-file (params over the profile, as Nextflow's -params-file), -p. */
  @CommandLine.Mixin ParamsOptions paramsOptions = new ParamsOptions();

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
    ResolvedParams params = ProfileParams.resolve(
        paramsOptions.profile, paramsOptions.paramsFile, paramsOptions.assignments);
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
