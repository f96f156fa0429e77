package org.l2o.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.l2o.tracking.server.EmbeddedMlflowServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o mlflow-server}: the embedded MLflow-compatible tracking server, on its own. */
@Command(
    name = "mlflow-server",
    mixinStandardHelpOptions = true,
    header = "Serve an mlruns/ store over MLflow's REST API (the runs `l2o run` logged).",
    description = {
      "",
      "Speaks the REST subset the MLflow Java client and UI use, the model registry included, and",
      "the mlflow-artifacts proxy, over MLflow's FileStore layout. It has no web UI of its own:",
      "browse the store with `mlflow ui --backend-store-uri ./mlruns --artifacts-destination ./mlruns`",
      "(the destination must be the store: artifacts are kept in it), or query it:",
      "  curl -s -X POST localhost:5000/api/2.0/mlflow/runs/search -H 'Content-Type: application/json' \\",
      "       -d '{\"experiment_ids\": [\"1\"]}'",
      "It binds 127.0.0.1 by default and has no authentication: keep it on loopback.",
      ""
    },
    footer = {"", "Example:", "  l2o mlflow-server --store ./mlruns --port 5000"})
public final class MlflowServerCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--host", defaultValue = EmbeddedMlflowServer.HOST_DEFAULT,
      description = "Address to bind (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "" + EmbeddedMlflowServer.PORT_DEFAULT, description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--store", defaultValue = "./mlruns", description = "The mlruns/ folder (default: ${DEFAULT-VALUE}).")
  Path store;

  @Override
  public Integer call() throws Exception {
    EmbeddedMlflowServer server = EmbeddedMlflowServer.start(host, port, store);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "l2o-mlflow-server-stop"));
    spec.commandLine().getOut().println("MLflow-compatible tracking server at " + server.uri()
        + " (store " + server.store().toAbsolutePath() + "); Ctrl-C to stop");
    spec.commandLine().getOut().flush();
    stopped.await();
    return 0;
  }
}
