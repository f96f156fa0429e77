package org.l2o.tracking.server;

import java.util.ArrayList;
import java.util.List;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.tracking.MlflowClient;

/** A separate process for {@link ServerConcurrencyTest}: logs one writer's share of metrics. */
public final class MetricWriterMain {
  private MetricWriterMain() {}

  public static void main(String[] args) {
    String uri = args[0];
    String runId = args[1];
    int writer = Integer.parseInt(args[2]);
    int count = Integer.parseInt(args[3]);
    try (MlflowClient client = new MlflowClient(uri)) {
      for (int start = 0; start < count; start += 100) {
        List<Metric> batch = new ArrayList<>();
        for (int i = start; i < Math.min(count, start + 100); i++) {
          long step = (long) writer * count + i;
          batch.add(Metric.newBuilder().setKey("shared").setValue(step).setTimestamp(step).setStep(step).build());
        }
        client.logBatch(runId, batch, List.of(), List.of());
      }
    }
  }
}
