package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow.api.proto.Service.Metric;
import org.mlflow.api.proto.Service.Param;
import org.mlflow.api.proto.Service.RunTag;
import org.mlflow.tracking.MlflowClient;

/** Many writers at once, in threads and in separate processes: nothing lost, no torn lines. */
class ServerConcurrencyTest {
  private static final Pattern LINE = Pattern.compile("^\\d+ -?\\d+\\.\\d+(E-?\\d+)? \\d+$");

  @TempDir Path store;

  @Test
  void threadsLoggingToOneRunLoseNothing() throws Exception {
    int threads = 8;
    int perThread = 400;
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient setup = new MlflowClient(server.uri().toString())) {
      String runId = setup.createRun().getRunId();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int writer = t;
        futures.add(pool.submit(() -> {
          try (MlflowClient client = new MlflowClient(server.uri().toString())) {
            for (int start = 0; start < perThread; start += 50) {
              List<Metric> batch = new ArrayList<>();
              for (int i = start; i < start + 50; i++) {
                long step = (long) writer * perThread + i;
                batch.add(Metric.newBuilder().setKey("shared").setValue(step * 0.5).setTimestamp(step).setStep(step).build());
                batch.add(Metric.newBuilder().setKey("own_" + writer).setValue(i).setTimestamp(i).setStep(i).build());
              }
              client.logBatch(runId, batch,
                  List.of(Param.newBuilder().setKey("writer_" + writer).setValue("w" + writer).build()),
                  List.of(RunTag.newBuilder().setKey("last").setValue("w" + writer).build()));
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
      pool.shutdown();

      List<Metric> shared = setup.getMetricHistory(runId, "shared");
      assertThat(shared).hasSize(threads * perThread);
      Set<Long> steps = new HashSet<>();
      for (Metric m : shared) {
        assertThat(m.getValue()).isEqualTo(m.getStep() * 0.5);
        steps.add(m.getStep());
      }
      assertThat(steps).hasSize(threads * perThread);
      for (int t = 0; t < threads; t++) {
        assertThat(setup.getMetricHistory(runId, "own_" + t)).hasSize(perThread);
      }
      assertThat(setup.getRun(runId).getData().getParamsCount()).isEqualTo(threads);
    }
    assertAllMetricLinesWhole(store);
  }

  /** Separate JVMs (as Nextflow tasks would be) logging to one run and one metric at once. */
  @Test
  @Tag("slow")
  void processesLoggingToOneRunLoseNothing() throws Exception {
    int processes = 3;
    int perProcess = 600;
    try (EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, store);
        MlflowClient client = new MlflowClient(server.uri().toString())) {
      String runId = client.createRun().getRunId();
      List<Process> running = new ArrayList<>();
      for (int p = 0; p < processes; p++) {
        running.add(new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
            MetricWriterMain.class.getName(), server.uri().toString(), runId, Integer.toString(p),
            Integer.toString(perProcess)).redirectErrorStream(true)
            .redirectOutput(store.resolve("writer-" + p + ".log").toFile()).start());
      }
      for (Process p : running) {
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
      List<Metric> shared = client.getMetricHistory(runId, "shared");
      assertThat(shared).hasSize(processes * perProcess);
      assertThat(shared.stream().map(Metric::getStep).distinct().count()).isEqualTo(processes * perProcess);
    }
    assertAllMetricLinesWhole(store);
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void assertAllMetricLinesWhole(Path root) throws IOException {
    try (var files = Files.walk(root)) {
      for (Path f : files.filter(p -> p.getParent().toString().contains("metrics") && Files.isRegularFile(p)).toList()) {
        String text = Files.readString(f);
        assertThat(text).endsWith("\n");
        for (String line : text.split("\n")) {
          assertThat(line).as(f.toString()).matches(LINE);
        }
      }
    }
  }
}
