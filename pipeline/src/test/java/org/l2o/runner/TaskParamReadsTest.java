package org.l2o.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.params.ParamException;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.params.TaskParams;
import org.l2o.stages.Stages;

/**
 * What a task reads is what it was given and what its cache key hashes: every profile is planned,
 * and every task's stage reads its params ({@link org.l2o.stages.Stage#settings}, the first thing
 * a stage's run does) through a recording {@link ResolvedParams}.
 */
class TaskParamReadsTest {

  /**
   * Read only when the task's problem trains on MNIST: the schema refines what a task reads by
   * its variant or optimizer, not by its problem, so a Conv-CIFAR evaluation is given it too.
   */
  private static final Set<String> READ_BY_PROBLEM = Set.of("mnist_source");

  /** Every profile, L2O-Scale's overlay, and a run that evaluates a registered optimizer. */
  private static List<PlannedRun> everyProfile() throws Exception {
    List<PlannedRun> runs = new ArrayList<>();
    for (String profile : ProfileParams.PROFILES) {
      runs.add(new PlannedRun(profile, ProfileParams.resolve(profile, null, List.of())));
    }
    runs.add(new PlannedRun("quick + quick-scale.yaml",
        ProfileParams.resolve("quick", Path.of("profiles/quick-scale.yaml"), List.of())));
    runs.add(new PlannedRun("registered", ProfileParams.resolve("smoke", null, List.of(
        "eval_optimizers=dm-cl-il,dm-untrained,authors-dm,sgd", "trained=models:/l2o/1"))));
    return runs;
  }

  private record PlannedRun(String name, ResolvedParams params) {
    PlannedTasks plan() {
      return PipelineDeclaration.plan(params);
    }
  }

  @Test
  void everyParamATaskReadsIsOneItWasGivenAndOneItsCacheKeyHashes() throws Exception {
    Set<String> stagesSeen = new LinkedHashSet<>();
    int tasks = 0;
    for (PlannedRun run : everyProfile()) {
      for (TaskPlan t : run.plan().all()) {
        Set<String> reads = new LinkedHashSet<>();
        Stages.byName(t.stage()).settings(t.params().recording(reads::add));
        String where = run.name() + ": " + t.name();
        assertThat(reads).as(where + " reads nothing").isNotEmpty();
        for (String key : reads) {
          ParamSpec spec = ParamSchema.find(key).orElseThrow(() -> new AssertionError(where + " reads undeclared " + key));
          if (!spec.optional()) {
            assertThat(t.params().has(key)).as(where + " reads '" + key + "' but was not given it").isTrue();
          }
          if (t.params().has(key) && spec.hashed()) {
            assertThat(keyWithout(t, key)).as(where + ": '" + key + "' must enter the cache key")
                .isNotEqualTo(TaskKey.of(t, Map.of(), "tool"));
          }
        }
        Set<String> unread = new LinkedHashSet<>(t.params().asMap().keySet());
        unread.removeAll(reads);
        unread.removeAll(READ_BY_PROBLEM);
        assertThat(unread).as(where + " is given only what it reads").isEmpty();
        stagesSeen.add(t.stage());
        tasks++;
      }
    }
    assertThat(stagesSeen).containsExactlyInAnyOrderElementsOf(StageNames.ALL);
    assertThat(tasks).isGreaterThan(100);
  }

  @Test
  void everyPlannedTaskRunsFromItsParamsFileAlone(@TempDir Path dir) throws Exception {
    for (PlannedRun run : everyProfile()) {
      for (TaskPlan t : run.plan().all()) {
        Path file = dir.resolve("params.yaml");
        t.params().writeYaml(file);
        ResolvedParams read = ResolvedParams.empty().mergeFile(file, true);
        assertThat(TaskParams.select(t.stage(), t.name(), read, "params file " + file))
            .as(run.name() + ": " + t.name()).isEqualTo(t.params());
      }
    }
  }

  @Test
  void aParamsFileLackingADeclaredParamFailsNamingTheParamAndTheTask() throws Exception {
    TaskPlan task = PipelineDeclaration.plan(ProfileParams.resolve("smoke", null, List.of()))
        .of(StageNames.TRAIN_BASELINE).get(0);
    Map<String, Object> without = new java.util.LinkedHashMap<>(task.params().asMap());
    without.remove("unroll");
    ResolvedParams given = ResolvedParams.empty().merge(without, "test", true);

    assertThatThrownBy(() -> TaskParams.select(task.stage(), task.name(), given, "params file p.yaml"))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("'unroll'")
        .hasMessageContaining(task.name())
        .hasMessageContaining("p.yaml");
    // A hand run without a params file starts from the defaults, so nothing can be missing.
    assertThat(TaskParams.select(task.stage(), task.name(),
        ResolvedParams.defaults().merge(Map.of("variant", "dm"), "-p", true), null).getInt("unroll"))
        .isEqualTo(ParamSchema.find("unroll").orElseThrow().defaultValue());
  }

  /** The cache key of {@code t} had it not been given {@code key}. */
  private static String keyWithout(TaskPlan t, String key) {
    List<String> others = t.params().asMap().keySet().stream().filter(k -> !k.equals(key)).toList();
    return TaskKey.of(new TaskPlan(t.stage(), t.id(), t.params().only(others), t.inputs(), t.label()),
        Map.of(), "tool");
  }
}
