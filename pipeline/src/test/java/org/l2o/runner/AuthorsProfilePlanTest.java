package org.l2o.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.authors.AuthorsModel;
import org.l2o.params.ParamException;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;

/** How the runner plans the paper authors' released models: evaluation only, no trainer. */
class AuthorsProfilePlanTest {

  @Test
  void authorsProfileTrainsNothingAndEvaluatesAllSevenAndTheAnalyticalOnesOnFourProblems()
      throws Exception {
    PlannedTasks planned = PipelineDeclaration.plan(ProfileParams.resolve("authors", null, List.of()));

    for (String s : List.of(StageNames.TRAIN_BASELINE, StageNames.TRAIN_CURRICULUM,
        StageNames.TRAIN_IMITATION)) {
      assertThat(planned.of(s)).as(s).isEmpty();
    }
    List<TaskPlan> eval = planned.of(StageNames.EVALUATE);
    assertThat(eval).hasSize((7 + 5) * 4);
    for (AuthorsModel m : AuthorsModel.values()) {
      for (String problem : List.of("mlp-orig", "mlp-relu", "mlp-deeper", "conv-mnist")) {
        TaskPlan t = eval.stream().filter(x -> x.id().equals(m.variant() + "/" + problem))
            .findFirst().orElseThrow(() -> new AssertionError(m.variant() + "/" + problem));
        assertThat(t.inputs()).as(t.name()).containsOnlyKeys("data");
        assertThat(t.params().getInt("eval_steps")).isEqualTo(10_000);
        assertThat(t.params().getInt("eval_seeds")).isEqualTo(10);
        // Their settings are pinned in code, so no network param may change (or re-key) them.
        assertThat(t.params().asMap()).doesNotContainKeys("preproc_k", "output_scale", "lstm_hidden");
      }
    }
  }

  @Test
  void authorsModelsNeedNoTrainerBesideOurs() {
    ResolvedParams p = ResolvedParams.defaults().mergeAssignments(List.of(
        "baseline_variants=dm", "fig_a1_settings=", "curriculum_variants=", "imitation_variants=",
        "eval_optimizers=dm,authors-dm,authors-rnnprop-cl-il", "eval_problems=mlp-orig",
        "datasets=mnist"), false);
    PlannedTasks planned = PipelineDeclaration.plan(p);
    assertThat(planned.of(StageNames.EVALUATE)).extracting(TaskPlan::id)
        .containsExactly("dm/mlp-orig", "authors-dm/mlp-orig", "authors-rnnprop-cl-il/mlp-orig");
    assertThat(planned.of(StageNames.EVALUATE).get(0).inputs()).containsKeys("data", "trained");
    assertThat(planned.of(StageNames.EVALUATE).get(1).inputs()).containsOnlyKeys("data");
  }

  @Test
  void anUnknownAuthorsNameIsABadParam() {
    assertThatThrownBy(() -> ResolvedParams.defaults()
        .mergeAssignments(List.of("eval_optimizers=authors-dm-aug-cl"), false))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("authors-dm-aug-cl");
  }
}
