package org.l2o.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.params.ResolvedParams;
import org.l2o.runner.ProfileParams;
import org.l2o.stages.StageException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's scheduling, cache and resume semantics, with a launcher that stands in for the
 * stage processes (this is a unit test of the runner; the end-to-end tests run real stages).
 */
class PipelineRunnerTest {

  @TempDir Path dir;

  private final FakeLauncher launcher = new FakeLauncher();
  private final ByteArrayOutputStream console = new ByteArrayOutputStream();
  private ResolvedParams params;

  @BeforeEach
  void smokeParams() throws IOException {
    params = ProfileParams.resolve("smoke", null, List.of());
  }

  private PipelineRunner.RunResult run(ResolvedParams p, boolean resume, Set<String> only, String from)
      throws Exception {
    RunOptions opts = new RunOptions(dir, resume, only, from, 2, false, "test");
    return new PipelineRunner(opts, launcher, RunTracking.NONE, new PrintStream(console, true), "test-1")
        .run(p);
  }

  @Test
  void firstRunCompletesEveryTaskAndPublishesResults() throws Exception {
    PipelineRunner.RunResult r = run(params, false, Set.of(), null);

    assertThat(r.status()).isEqualTo(TaskStatus.COMPLETED);
    // smoke: fetch, train-baseline(dm), evaluate(dm, adam on mlp-orig), plot
    assertThat(r.records()).extracting(rec -> rec.task().name()).containsExactlyInAnyOrder(
        "fetch (data)", "train-baseline (dm)", "evaluate (dm/mlp-orig)",
        "evaluate (adam/mlp-orig)", "plot (figures)");
    assertThat(r.count(TaskStatus.COMPLETED)).isEqualTo(5);
    assertThat(dir.resolve("results/evaluate/adam_mlp-orig/result.txt")).exists();
    assertThat(dir.resolve("results/plot/result.txt")).exists();
  }

  @Test
  void resumeReusesEveryFinishedTask() throws Exception {
    run(params, false, Set.of(), null);
    launcher.launched.clear();

    PipelineRunner.RunResult r = run(params, true, Set.of(), null);

    assertThat(r.count(TaskStatus.CACHED)).isEqualTo(5);
    assertThat(launcher.launched).isEmpty();
  }

  @Test
  void withoutResumeEveryTaskRunsAgain() throws Exception {
    run(params, false, Set.of(), null);
    launcher.launched.clear();

    PipelineRunner.RunResult r = run(params, false, Set.of(), null);

    assertThat(r.count(TaskStatus.COMPLETED)).isEqualTo(5);
    assertThat(launcher.launched).hasSize(5);
  }

  @Test
  void changingAnEvaluationParamRerunsOnlyEvaluateAndPlot() throws Exception {
    run(params, false, Set.of(), null);
    launcher.launched.clear();

    run(params.mergeAssignments(List.of("eval_steps=123"), false), true, Set.of(), null);

    assertThat(launcher.launched).containsExactlyInAnyOrder(
        "evaluate (dm/mlp-orig)", "evaluate (adam/mlp-orig)", "plot (figures)");
  }

  @Test
  void changingOneBaselineLearningRateRerunsOnlyItsEvaluationAndPlot() throws Exception {
    run(params, false, Set.of(), null);
    launcher.launched.clear();

    run(params.mergeAssignments(List.of("lr_adam=0.005", "lr_sgd=0.5"), false), true, Set.of(), null);

    assertThat(launcher.launched).containsExactlyInAnyOrder("evaluate (adam/mlp-orig)", "plot (figures)");
  }

  @Test
  void aFailedTaskStopsTheRunLeavesNoCompleteOutputAndResumeRedoesOnlyIt() throws Exception {
    launcher.failing.add("train-baseline (dm)");

    PipelineRunner.RunResult failed = run(params, false, Set.of(), null);

    assertThat(failed.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(failed.failure()).contains("train-baseline (dm)").contains("exit 1").contains("boom");
    TaskRecord rec = failed.records().stream()
        .filter(x -> x.status() == TaskStatus.FAILED).findFirst().orElseThrow();
    assertThat(new WorkFolder(dir.resolve("work"), rec.key()).complete()).isFalse();
    assertThat(launcher.launched).doesNotContain("evaluate (dm/mlp-orig)", "plot (figures)");

    launcher.failing.clear();
    launcher.launched.clear();
    PipelineRunner.RunResult resumed = run(params, true, Set.of(), null);

    assertThat(resumed.status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(launcher.launched).contains("train-baseline (dm)").doesNotContain("fetch (data)");
  }

  @Test
  void onlyRerunsTheStageAndTakesUpstreamFromTheCache() throws Exception {
    run(params, false, Set.of(), null);
    launcher.launched.clear();

    PipelineRunner.RunResult r = run(params, false, Set.of("evaluate"), null);

    assertThat(launcher.launched).containsExactlyInAnyOrder("evaluate (dm/mlp-orig)", "evaluate (adam/mlp-orig)");
    assertThat(r.records()).extracting(x -> x.task().stage()).doesNotContain("plot");
  }

  @Test
  void onlyWithoutCachedUpstreamFailsNamingTheMissingTask() throws Exception {
    PipelineRunner.RunResult r = run(params, false, Set.of("plot"), null);

    assertThat(r.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(r.failure()).contains("has no cached result").contains("fetch (data)");
    assertThat(launcher.launched).isEmpty();
  }

  @Test
  void fromRerunsTheStageAndEverythingDownstream() throws Exception {
    run(params, false, Set.of(), null);
    launcher.launched.clear();

    run(params, false, Set.of(), "evaluate");

    assertThat(launcher.launched).containsExactlyInAnyOrder(
        "evaluate (dm/mlp-orig)", "evaluate (adam/mlp-orig)", "plot (figures)");
  }

  @Test
  void traceUsesNextflowColumnsAndHistoryListsTheRun() throws Exception {
    PipelineRunner.RunResult r = run(params, false, Set.of(), null);

    List<String> lines = Files.readAllLines(r.trace());
    assertThat(lines.get(0).split("\t")).startsWith("task_id", "hash", "native_id", "name", "status", "exit");
    assertThat(lines).hasSize(6);
    assertThat(new RunHistory(dir).read()).singleElement()
        .satisfies(e -> assertThat(e.status()).isEqualTo("OK"));
  }

  @Test
  void unknownStageInOnlyIsAnError() {
    assertThatThrownBy(() -> run(params, false, Set.of("evalute"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("evalute").hasMessageContaining("evaluate");
  }

  /** Writes a small output per task, recording what it launched; fails tasks on request. */
  static final class FakeLauncher implements TaskLauncher {
    final List<String> launched = Collections.synchronizedList(new ArrayList<>());
    final Set<String> failing = Collections.synchronizedSet(new HashSet<>());

    @Override
    public Result launch(TaskPlan task, WorkFolder work, Map<String, List<Path>> inputs,
        Map<String, String> env, Listener listener) {
      launched.add(task.name());
      if (failing.contains(task.name())) {
        return new Result(1, 42, -1, -1, "Error: " + task.stage() + ": boom");
      }
      try {
        for (List<Path> dirs : inputs.values()) {
          for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
              throw new StageException("input missing: " + d);
            }
          }
        }
        Files.createDirectories(work.out());
        Files.writeString(work.out().resolve("result.txt"), task.name() + " " + task.params());
      } catch (IOException e) {
        return new Result(1, 42, -1, -1, e.getMessage());
      }
      return new Result(0, 42, 1 << 20, 1_500, "");
    }

    @Override
    public void abortAll() {}
  }
}
