package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.data.SyntheticDatasets;
import org.l2o.tracking.server.EmbeddedMlflowServer;

/**
 * A training task killed mid-run (SIGKILL, or SIGTERM) and run again continues from its checkpoint
 * and ends bit for bit where an uninterrupted run ends: the same weights, history and cost
 * counts; its MLflow run holds every metric step once. Real {@code l2o stage} processes; the
 * curriculum-with-imitation variant on the quadratic exercises every part of the trainer's state.
 * The fetched data is SYNTHETIC (the quadratic does not read it; the stage contract requires it).
 */
@Tag("slow")
class TrainingResumeTest {

  @TempDir static Path dir;
  static Path data;
  static Path reference;

  static final String[] TASK = {
    "-p", "variant=dm-cl-il", "-p", "train_problem=quadratic", "-p", "meta_epochs=60",
    "-p", "cl_schedule=[20, 40, 80]", "-p", "valid_every=4", "-p", "valid_episodes=3",
    "-p", "cl_min_validations=2", "-p", "il_ratio_schedule=[0.3, 0.5]", "-p", "unroll=10",
    "-p", "seed=3", "-p", "threads=1", "-p", "device=cpu", "-p", "checkpoint_every=2"
  };

  @BeforeAll
  static void fetchAndTrainUninterrupted() throws Exception {
    String mirror = SyntheticDatasets.writeMnistLike(dir.resolve("mirror"), 600, 100, 3).toString();
    data = dir.resolve("data");
    CliProcess.Result f = CliProcess.run(dir, Map.of(), "stage", "fetch", "-p", "datasets=[mnist]",
        "-p", "data_mirrors=" + mirror, "-p", "data_verify=false",
        "-p", "data_cache=" + dir.resolve("cache"), "--out", data.toString());
    assertThat(f.exit()).isZero();
    reference = dir.resolve("reference");
    CliProcess.Result r = CliProcess.run(dir, Map.of(), train(reference));
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(reference.resolveSibling("reference.checkpoint")).as("removed after success")
        .doesNotExist();
  }

  static String[] train(Path out) {
    List<String> a = new ArrayList<>(List.of("stage", "train-imitation"));
    a.addAll(List.of(TASK));
    a.addAll(List.of("--input", "data=" + data, "--out", out.toString()));
    return a.toArray(String[]::new);
  }

  @Test
  void sigkillMidEpisodeThenRerunEndsBitForBitLikeTheUninterruptedRun() throws Exception {
    Path out = dir.resolve("killed");
    EmbeddedMlflowServer server = EmbeddedMlflowServer.start("127.0.0.1", 0, dir.resolve("mlruns"));
    try (server) {
      Map<String, String> env = Map.of("MLFLOW_TRACKING_URI", server.uri().toString());
      long killedAt = interrupt(out, env, true, 10);
      assertThat(out).as("a killed task leaves no output").doesNotExist();

      CliProcess.Result again = CliProcess.run(dir, env, train(out));

      assertThat(again.exit()).as(again.output()).isZero();
      assertThat(again.output()).containsPattern("resumed at episode [0-9]+ from the checkpoint");
      int resumedAt = resumedEpisode(again.output());
      assertThat(resumedAt).isPositive().isLessThanOrEqualTo((int) killedAt);
      assertSameTraining(out);
      assertMetricStepsOnce(dir.resolve("mlruns"), resumedAt);
    }
  }

  @Test
  void sigtermWritesACheckpointAtOnceAndTheRerunEndsBitForBit() throws Exception {
    Path out = dir.resolve("terminated");
    interrupt(out, Map.of(), false, 6);

    CliProcess.Result again = CliProcess.run(dir, Map.of(), train(out));

    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).containsPattern("resumed at episode [0-9]+ from the checkpoint");
    assertSameTraining(out);
  }

  /**
   * Starts the task, waits until its checkpoint reaches {@code minEpisode}, then kills it (SIGKILL)
   * or terminates it (SIGTERM, which must write a checkpoint and exit 143); returns the episode
   * of the checkpoint it left.
   */
  private static long interrupt(Path out, Map<String, String> env, boolean kill, int minEpisode)
      throws Exception {
    Path log = dir.resolve(out.getFileName() + "-first.log");
    Process p = CliProcess.start(dir, env, log, train(out));
    Path latest = out.resolveSibling(out.getFileName() + ".checkpoint").resolve("LATEST");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (checkpointEpisode(latest) < minEpisode) {
      assertThat(p.isAlive()).as("still training: " + Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("checkpoint reached in time").isLessThan(deadline);
      Thread.sleep(50);
    }
    Thread.sleep(150); // somewhere inside a later episode
    if (kill) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String first = Files.readString(log, StandardCharsets.UTF_8);
    if (kill) {
      assertThat(p.exitValue()).isEqualTo(137);
    } else {
      assertThat(p.exitValue()).as(first).isEqualTo(143);
      assertThat(first).contains("interrupted; checkpoint of episode");
    }
    return checkpointEpisode(latest);
  }

  private static long checkpointEpisode(Path latest) throws IOException {
    if (!Files.exists(latest)) {
      return -1;
    }
    String name = Files.readString(latest).trim();
    return name.isEmpty() ? -1 : Long.parseLong(name.substring(name.indexOf('-') + 1));
  }

  private static int resumedEpisode(String output) {
    var m = java.util.regex.Pattern.compile("resumed at episode ([0-9]+) from the checkpoint")
        .matcher(output);
    assertThat(m.find()).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static void assertSameTraining(Path out) throws IOException {
    assertThat(Files.mismatch(out.resolve("optimizer/weights.f32"),
        reference.resolve("optimizer/weights.f32"))).as("weights bit for bit").isEqualTo(-1L);
    assertThat(Files.readString(out.resolve("history.json")))
        .isEqualTo(Files.readString(reference.resolve("history.json")));
    assertThat(Files.readString(out.resolve("training.json")))
        .isEqualTo(Files.readString(reference.resolve("training.json")));
    assertThat(out.resolveSibling(out.getFileName() + ".checkpoint")).doesNotExist();
  }

  /** The finished run's meta_loss has each step once, from 0, including the resumed part. */
  private static void assertMetricStepsOnce(Path mlruns, int resumedAt) throws IOException {
    List<Path> metricFiles;
    try (Stream<Path> s = Files.walk(mlruns)) {
      metricFiles = s.filter(p -> p.endsWith(Path.of("metrics", "meta_loss"))).toList();
    }
    // The killed attempt's run and the finished one; the finished one is the longer.
    Path finished = null;
    for (Path f : metricFiles) {
      Path status = f.getParent().getParent().resolve("meta.yaml");
      if (Files.readString(status).contains("status: 3")) {
        finished = f;
      }
    }
    assertThat(finished).as("a FINISHED run with meta_loss among " + metricFiles).isNotNull();
    List<String> lines = Files.readAllLines(finished);
    Set<Long> steps = new HashSet<>();
    Map<Long, Integer> count = new HashMap<>();
    for (String l : lines) {
      long step = Long.parseLong(l.trim().split("\\s+")[2]);
      steps.add(step);
      count.merge(step, 1, Integer::sum);
    }
    assertThat(count.values()).as("no step twice").containsOnly(1);
    assertThat(steps).contains(0L).hasSize(lines.size());
    assertThat(steps.stream().mapToLong(Long::longValue).max().orElseThrow())
        .isEqualTo(lines.size() - 1L);
  }
}
