package org.l2o.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.l2o.tracking.MlflowSync;
import org.l2o.tracking.ModelRegistry;
import org.l2o.tracking.Tags;
import org.l2o.tracking.TrackingCredentials;
import org.l2o.tracking.TrackingOptions;
import org.l2o.tracking.TrackingSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2o mlflow sync}: replay tracking data that was spooled while the server was down;
 * {@code l2o mlflow register}: register a run's trained optimizer in the model registry.
 */
@Command(
    name = "mlflow",
    mixinStandardHelpOptions = true,
    header = "MLflow: replay spooled tracking data; register trained optimizers.",
    subcommands = {MlflowCommand.Sync.class, MlflowCommand.Register.class})
public final class MlflowCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code l2o mlflow sync <dir>}. */
  @Command(
      name = "sync",
      mixinStandardHelpOptions = true,
      header = "Send spooled params, metrics, tags, artifacts and statuses to the tracking server.",
      description = {
        "",
        "When the server was unreachable, tasks spooled what they could not send (work/<key>/spool,",
        "and .l2o/spool for the pipeline's own run). This replays every spool under <dir>, exactly",
        "once: replaying twice sends nothing new.",
        ""
      },
      footer = {"", "Examples:", "  l2o mlflow sync work --tracking-uri http://127.0.0.1:5000",
          "  MLFLOW_TRACKING_URI=https://mlflow.example.org l2o mlflow sync ."})
  public static final class Sync implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dir>", description = "A folder holding spools (searched recursively).")
    Path dir;

    @Option(names = "--tracking-uri", paramLabel = "<url>",
        description = "The server; default: $MLFLOW_TRACKING_URI.")
    String trackingUri;

    @Override
    public Integer call() {
      String uri = trackingUri(trackingUri);
      int n = MlflowSync.replay(URI.create(uri), dir);
      spec.commandLine().getOut().println("replayed " + n + " spooled item(s) from " + dir + " to " + uri);
      return 0;
    }
  }

  /** {@code l2o mlflow register <run> --name <name>}. */
  @Command(
      name = "register",
      mixinStandardHelpOptions = true,
      header = "Register a run's trained optimizer as a new version of a registered model.",
      description = {
        "",
        "Which optimizer <run> stands for:",
        "  - a train-* task's run: the MLflow Model it logged at optimizer/ (weights.f32, config.json,",
        "    saved_model/ and MLmodel);",
        "  - a cache-hit task run (tag l2o.cached_from_run): the run that computed it;",
        "  - an `l2o run` pipeline run: the best optimizer it trained, i.e. the variant whose",
        "    evaluate runs report the lowest --metric (default final_log_loss/mlp-orig, lower is",
        "    better); without such evaluations the lowest best_valid_score of the training; a run",
        "    that trained one optimizer registers it.",
        "The registered model is created if missing; each call adds a version (1, 2, ...), whose",
        "source is the run's optimizer/ folder. It prints the models:/<name>/<version> URI, which",
        "evaluate takes as -p trained=models:/<name>/<version>.",
        ""
      },
      footer = {"", "Examples:",
          "  bin/l2o mlflow-server --store results/mlruns --port 5000 &",
          "  export MLFLOW_TRACKING_URI=http://127.0.0.1:5000",
          "  l2o mlflow register 4f2c...e1 --name l2o-dm-cl-il          # a pipeline run: its best optimizer",
          "  l2o stage evaluate --profile smoke -p optimizer=dm-cl-il -p problem=mlp-relu \\",
          "      -p trained=models:/l2o-dm-cl-il/1 --input data=data --out eval-registered"})
  public static final class Register implements Callable<Integer> {

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<run_id>", description = "A train-* task run or an `l2o run` pipeline run.")
    String runId;

    @Option(names = "--name", required = true, paramLabel = "<name>",
        description = "The registered model, e.g. l2o-dm-cl-il (created if missing).")
    String name;

    @Option(names = "--metric", paramLabel = "<key>", defaultValue = TrainedOptimizerChoice.METRIC_DEFAULT,
        description = "For a pipeline run: the evaluation metric to minimise (default: ${DEFAULT-VALUE}).")
    String metric;

    @Option(names = "--description", paramLabel = "<text>", description = "The version's description.")
    String description;

    @Option(names = "--tracking-uri", paramLabel = "<url>",
        description = "The server; default: $MLFLOW_TRACKING_URI.")
    String trackingUri;

    @Override
    public Integer call() {
      ModelRegistry registry = ModelRegistry.connect(URI.create(trackingUri(trackingUri)),
          TrackingCredentials.fromEnvironment(System.getenv()), TrackingOptions.defaults());
      TrainedOptimizerChoice choice = TrainedOptimizerChoice.of(registry, runId, metric);
      Map<String, String> tags = new LinkedHashMap<>();
      tags.put(Tags.VARIANT, choice.variant());
      tags.put(Tags.REGISTERED_FROM_RUN, runId);
      tags.put(Tags.CHOSEN_BECAUSE, abbreviate(choice.reason()));
      String text = description != null ? description
          : choice.variant() + " trained in run " + choice.run().runId() + "; " + choice.reason();
      ModelRegistry.VersionRef v = registry.register(name, choice.run(), choice.artifactPath(), tags, text);
      var out = spec.commandLine().getOut();
      out.println("registered " + v.uri() + ": " + choice.variant() + " from run " + choice.run().runId()
          + " (" + choice.reason() + ")");
      out.println("files: " + v.downloadUri());
      out.println("evaluate it with: l2o stage evaluate -p optimizer=" + choice.variant() + " -p problem=<problem>"
          + " -p trained=" + v.uri() + " --input data=<fetch out> --out <dir>");
      return 0;
    }

    private static String abbreviate(String s) {
      return s.length() <= 500 ? s : s.substring(0, 497) + "...";
    }
  }

  /** --tracking-uri, else $MLFLOW_TRACKING_URI; a usage error naming both when neither is set. */
  static String trackingUri(String option) {
    String uri = option != null ? option : System.getenv(TrackingSession.ENV_TRACKING_URI);
    if (uri == null || uri.isBlank()) {
      throw new org.l2o.params.ParamException("--tracking-uri",
          "no tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI (start one with `l2o mlflow-server"
              + " --store <outdir>/mlruns`)");
    }
    return uri.trim();
  }
}
