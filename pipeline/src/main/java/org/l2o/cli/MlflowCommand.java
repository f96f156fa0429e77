package org.l2o.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.l2o.tracking.MlflowSync;
import org.l2o.tracking.TrackingSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o mlflow sync}: replay tracking data that was spooled while the server was down. */
@Command(
    name = "mlflow",
    mixinStandardHelpOptions = true,
    header = "MLflow maintenance: replay spooled tracking data.",
    subcommands = {MlflowCommand.Sync.class})
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
      String uri = trackingUri != null ? trackingUri : System.getenv(TrackingSession.ENV_TRACKING_URI);
      if (uri == null || uri.isBlank()) {
        throw new org.l2o.params.ParamException("--tracking-uri",
            "no tracking server: pass --tracking-uri or set MLFLOW_TRACKING_URI (start one with `l2o mlflow-server`)");
      }
      int n = MlflowSync.replay(URI.create(uri.trim()), dir);
      spec.commandLine().getOut().println("replayed " + n + " spooled item(s) from " + dir + " to " + uri);
      return 0;
    }
  }
}
