package org.l2o.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.l2o.env.EnvironmentCapture;
import org.l2o.env.EnvironmentInfo;
import org.l2o.params.ParamException;
import org.l2o.params.ResolvedParams;
import org.l2o.params.TaskParams;
import org.l2o.runner.ProfileParams;
import org.l2o.stages.Stage;
import org.l2o.stages.StageException;
import org.l2o.stages.StageExecutor;
import org.l2o.stages.Stages;
import org.l2o.tracking.Tracker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import org.l2o.protocol.StageProtocol;

/**
 * {@code l2o stage <name>}: the single-stage contract that the Java runner and every Nextflow
 * process call. Reads only its declared inputs, writes only under {@code --out}, exits non-zero
 * with a one-line cause on failure.
 */
@Command(
    name = "stage",
    mixinStandardHelpOptions = true,
    header = "Run one stage once: the contract the runner and Nextflow processes call.",
    description = {
      "",
      "Stages: fetch, train-baseline, train-curriculum, train-imitation, evaluate, plot.",
      "The stage writes into a temporary folder beside --out and renames it to --out only on",
      "success, so a failed or killed stage never leaves an output that looks complete.",
      "Per-task params (variant, optimizer, problem) are given with -p. Given --params-file (the",
      "task's params.yaml, as the runner and Nextflow pass it), the stage reads only what the file",
      "holds: a param its task reads that the file lacks exits 2. Without it, a hand run starts",
      "from the defaults (and --profile).",
      "With MLFLOW_TRACKING_URI set, the stage logs an MLflow run (a child run when",
      "L2O_MLFLOW_PARENT_RUN_ID is set).",
      ""
    },
    footer = {
      "",
      "Input roles: train-* read data=<fetch out>; evaluate reads data=<fetch out> and, for a",
      "learned optimizer, trained=<train-* out> (or, instead, -p trained=models:/<name>/<version>: a",
      "registered optimizer fetched through MLFLOW_TRACKING_URI); the authors' released models",
      "(authors-dm-cl-il, ...) need no trained input (or take trained=<import-authors out>); plot",
      "reads evaluations=<evaluate out> (repeatable) and trained=<train-* out> (repeatable).",
      "",
      "Examples:",
      "  l2o stage fetch --profile smoke --out data",
      "  l2o stage train-baseline --profile smoke -p variant=dm --input data=data --out trained-dm",
      "  l2o stage evaluate --profile smoke -p optimizer=dm -p problem=mlp-orig \\",
      "      --input data=data --input trained=trained-dm --out eval-dm",
      "  l2o stage evaluate -p optimizer=authors-dm-cl-il -p problem=mlp-orig --input data=data \\",
      "      --out eval-authors-dm-cl-il"
    })
public final class StageCommand implements Callable<Integer> {

  /** Test hook: a stage whose task name or stage name equals this value fails on purpose. */
  static final String FAULT_ENV = StageProtocol.FAIL_STAGE_ENV;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<stage>", description = "The stage to run.")
  String stageName;

  /**
   * --params-file (alias --params): the task's params file, read alone (fail closed); --profile:
   * a hand run from the defaults and the profile; -p overrides either.
   */
  @CommandLine.Mixin ParamsOptions paramsOptions = new ParamsOptions();

  @Option(names = "--input", paramLabel = "<role=dir>", description = "An input folder for a role (repeatable).")
  List<String> inputs = new ArrayList<>();

  @Option(names = "--out", required = true, paramLabel = "<dir>", description = "The output folder to create.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Stage stage = Stages.byName(stageName);
    String taskName = System.getenv().getOrDefault(StageProtocol.TASK_NAME_ENV, stageName);
    Path paramsFile = paramsOptions.paramsFile;
    String profile = paramsOptions.profile;
    ResolvedParams given;
    if (paramsFile != null) {
      if (profile != null) {
        throw new ParamException("--profile", "give --params (a task's params file) or --profile "
            + "(a hand run from the defaults), not both");
      }
      given = ResolvedParams.empty().mergeFile(paramsFile, true);
    } else {
      given = ResolvedParams.defaults();
      if (profile != null) {
        given = given.merge(ProfileParams.profile(profile), "profile " + profile, false);
      }
    }
    given = given.mergeAssignments(paramsOptions.assignments, true);
    // A stage sees, records and logs only the params its task reads, whatever else the file holds;
    // given a params file, it reads nothing the file lacks.
    ResolvedParams taskParams = TaskParams.select(stage.name(), taskName, given,
        paramsFile == null ? null : "params file " + paramsFile + " (and -p)");
    Map<String, List<Path>> in = new LinkedHashMap<>();
    for (String a : inputs) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new ParamException("--input", "--input expects role=dir, got '" + a + "'");
      }
      in.computeIfAbsent(a.substring(0, eq), k -> new ArrayList<>()).add(Path.of(a.substring(eq + 1)));
    }
    String fault = System.getenv(FAULT_ENV);
    if (fault != null && (fault.equals(stageName) || fault.equals(taskName))) {
      throw new StageException(stageName + ": failing on purpose (" + FAULT_ENV + "=" + fault + ")");
    }
    // Plot must stay free of TF; training and evaluation load it anyway, so record its devices.
    boolean usesTf = !stageName.equals("plot") && !stageName.equals("fetch");
    EnvironmentInfo env = EnvironmentCapture.capture(Installation.gitDir(), usesTf);
    Tracker tracker = StageTracking.open(stageName, taskName, out, env);
    StageExecutor.execute(stage, taskName, taskParams, in, out, tracker, env.asMap(),
        spec.commandLine().getErr());
    return 0;
  }
}
