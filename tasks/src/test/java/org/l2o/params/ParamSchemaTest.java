package org.l2o.params;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.variants.Variants;

/** What each task reads, as the one declaration says, and how a task's params are cut from it. */
class ParamSchemaTest {

  @Test
  void aTrainingTaskReadsItsOwnRecipeAndEpisodesOnly() {
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_BASELINE, Variants.DM))
        .contains("meta_epochs", "n_train", "n_valid", "lstm_hidden", "checkpoint_every")
        .doesNotContain("aug_n_train", "scale_meta_lr", "baseline_variants", "variant");
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_BASELINE, Variants.DM_AUG))
        .contains("aug_n_train", "aug_n_valid").doesNotContain("n_train");
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_BASELINE, Variants.SCALE))
        .contains("scale_meta_lr", "scale_n_train", "unroll", "checkpoint_dir")
        .doesNotContain("meta_lr", "lstm_hidden", "n_train", "scale_cl_schedule");
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_BASELINE, Variants.of("dm-a1-100-200")))
        .doesNotContain("n_train", "n_valid", "aug_n_train");
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_IMITATION, Variants.DM_IL))
        .contains("il_ratio", "n_train").doesNotContain("il_ratio_schedule", "cl_schedule");
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_IMITATION, Variants.DM_CL_IL))
        .contains("il_ratio_schedule", "cl_schedule", "cl_min_validations").doesNotContain("il_ratio");
    assertThat(ParamSchema.requiredFor(StageNames.TRAIN_IMITATION, Variants.SCALE_CL_IL))
        .contains("scale_cl_schedule", "scale_il_teachers", "cl_min_validations")
        .doesNotContain("cl_schedule", "il_teachers");
  }

  @Test
  void anEvaluationReadsItsOptimizersParamsOnly() {
    assertThat(ParamSchema.requiredFor(StageNames.EVALUATE, Variants.SGD))
        .contains("lr_sgd", "eval_seeds", "eval_steps").doesNotContain("lr_adam", "lstm_hidden");
    assertThat(ParamSchema.requiredFor(StageNames.EVALUATE, Variants.DM_UNTRAINED))
        .contains("lstm_hidden", "preproc_k").doesNotContain("lr_sgd");
    assertThat(ParamSchema.requiredFor(StageNames.EVALUATE, Variants.of("authors-dm")))
        .doesNotContain("lstm_hidden", "trained");
    assertThat(ParamSchema.requiredFor(StageNames.EVALUATE, Variants.of("dm-a1-100-200")))
        .contains("eval_seeds_a1").doesNotContain("eval_seeds");
    // A trained optimizer may be registered instead of trained by the run: the runner decides.
    assertThat(ParamSchema.forTask(StageNames.EVALUATE, Variants.DM_CL))
        .filteredOn(ParamSpec::optional).extracting(ParamSpec::name).containsExactly("trained");
    assertThat(ParamSchema.requiredFor(StageNames.PLOT, null)).containsExactly("profile", "reference");
  }

  @Test
  void everyParamOfAStageIsReadBySomeTaskOrOnlyByTheFanOut() {
    List<String> fanOut = List.of("baseline_variants", "fig_a1_settings", "curriculum_variants",
        "imitation_variants", "eval_optimizers", "eval_problems");
    for (ParamSpec s : ParamSchema.all()) {
      boolean read = StageNames.ALL.stream().anyMatch(stage -> s.usedBy(stage)
          && (stage.equals(StageNames.FETCH) || stage.equals(StageNames.PLOT)
              ? s.readBy(stage, null)
              : Variants.all().stream().anyMatch(v -> s.readBy(stage, v))
                  || s.readBy(stage, Variants.of("dm-a1-100-100"))));
      boolean anyStage = StageNames.ALL.stream().anyMatch(s::usedBy);
      assertThat(read || !anyStage || fanOut.contains(s.name())).as(s.name()).isTrue();
    }
  }

  @Test
  void aTaskParamsFileMustHoldEveryParamTheTaskReads() {
    ResolvedParams file = ResolvedParams.defaults().only(
        ParamSchema.requiredFor(StageNames.EVALUATE, Variants.ADAM))
        .mergeAssignments(List.of("optimizer=adam", "problem=mlp-orig"), true);
    assertThat(TaskParams.select(StageNames.EVALUATE, "evaluate (adam/mlp-orig)", file, "f").asMap())
        .containsKeys("lr_adam", "optimizer", "problem").doesNotContainKey("lr_sgd");

    ResolvedParams sgd = file.mergeAssignments(List.of("optimizer=sgd"), true);
    assertThatThrownBy(() -> TaskParams.select(StageNames.EVALUATE, "evaluate (sgd/mlp-orig)", sgd, "f"))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining("evaluate (sgd/mlp-orig): param 'lr_sgd' is missing from f");
    assertThatThrownBy(() -> TaskParams.select(StageNames.EVALUATE, "t",
        ResolvedParams.empty().mergeAssignments(List.of("optimizer=dm-cl-lI"), true), "f"))
        .isInstanceOf(ParamException.class).hasMessageContaining("dm-cl-lI");
  }
}
