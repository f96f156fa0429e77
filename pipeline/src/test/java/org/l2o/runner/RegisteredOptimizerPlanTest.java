package org.l2o.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.l2o.params.ParamException;
import org.l2o.params.StageNames;

/** Planning with {@code -p trained=models:/...}: which evaluate task takes the registered optimizer. */
class RegisteredOptimizerPlanTest {

  private static PlannedTasks plan(String... assignments) throws Exception {
    return PipelineDeclaration.plan(ProfileParams.resolve("smoke", null, List.of(assignments)));
  }

  @Test
  void anUntrainedLearnedOptimizerIsEvaluatedFromTheRegistry() throws Exception {
    PlannedTasks p = plan("baseline_variants=", "eval_optimizers=dm,adam", "trained=models:/l2o-dm/3");
    assertThat(p.of(StageNames.TRAIN_BASELINE)).isEmpty();
    TaskPlan dm = p.of(StageNames.EVALUATE).stream().filter(t -> t.params().getString("optimizer").equals("dm"))
        .findFirst().orElseThrow();
    assertThat(dm.params().getString("trained")).isEqualTo("models:/l2o-dm/3");
    assertThat(dm.inputs()).containsOnlyKeys("data");
    TaskPlan adam = p.of(StageNames.EVALUATE).stream().filter(t -> t.params().getString("optimizer").equals("adam"))
        .findFirst().orElseThrow();
    assertThat(adam.params().has("trained")).as("only the task that uses it hashes it").isFalse();
  }

  @Test
  void trainedOptimizersOfTheRunStillComeFromTheirTrainingTask() throws Exception {
    PlannedTasks p = plan("trained=models:/l2o-dm/3");
    TaskPlan dm = p.of(StageNames.EVALUATE).stream().filter(t -> t.params().getString("optimizer").equals("dm"))
        .findFirst().orElseThrow();
    assertThat(dm.params().has("trained")).isFalse();
    assertThat(dm.inputs()).containsKey("trained");
  }

  @Test
  void withoutTheParamOrWithTwoUntrainedOptimizersPlanningFailsNamingTheParam() {
    assertThatThrownBy(() -> plan("baseline_variants=", "eval_optimizers=dm,adam"))
        .isInstanceOf(ParamException.class).hasMessageContaining("-p trained=models:/");
    assertThatThrownBy(() -> plan("baseline_variants=", "eval_optimizers=dm,dm-cl", "trained=models:/m/1"))
        .isInstanceOf(ParamException.class).hasMessageContaining("supplies one optimizer");
    assertThatThrownBy(() -> plan("trained=models:/m@champion")).isInstanceOf(ParamException.class)
        .hasMessageContaining("param 'trained'");
    assertThatThrownBy(() -> plan("trained=runs:/abc/optimizer")).isInstanceOf(ParamException.class);
  }
}
