package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The same config and seed with one thread gives bitwise identical training. */
class DeterminismTest {

  private static TrainingResult train(String arch, long seed, List<Double> metaLosses) {
    MetaTrainConfig cfg =
        MetaTrainConfig.builder()
            .optimizer(arch.equals("dm") ? LearnedOptimizerConfig.dm() : LearnedOptimizerConfig.rnnprop())
            .epochs(2)
            .nTrain(20)
            .nValid(10)
            .validEvery(1)
            .validEpisodes(2)
            .seed(seed)
            .threads(1)
            .build();
    return new MetaTrainer(
            cfg,
            MetaTrainerTest.SYNTHETIC,
            new EngineListener() {
              @Override
              public void onMetric(String key, double value, long step) {
                if (key.equals("meta_loss")) {
                  metaLosses.add(value);
                }
              }
            })
        .train();
  }

  @ParameterizedTest
  @ValueSource(strings = {"dm", "rnnprop"})
  void sameSeedOneThreadGivesIdenticalWeights(String arch) {
    List<Double> m1 = new ArrayList<>();
    List<Double> m2 = new ArrayList<>();
    List<Double> m3 = new ArrayList<>();
    TrainingResult a = train(arch, 5, m1);
    TrainingResult b = train(arch, 5, m2);
    TrainingResult c = train(arch, 6, m3);

    assertThat(TrainedOptimizerTest.bits(b.last().weights()))
        .containsExactly(TrainedOptimizerTest.bits(a.last().weights()));
    assertThat(TrainedOptimizerTest.bits(b.best().weights()))
        .containsExactly(TrainedOptimizerTest.bits(a.best().weights()));
    assertThat(m2).containsExactlyElementsOf(m1);
    assertThat(b.validations()).isEqualTo(a.validations());
    // A different seed really changes things (the test could fail).
    assertThat(m3).isNotEqualTo(m1);
    assertThat(a.last().weights()).isNotEqualTo(TrainedOptimizer.untrained(a.last().config(), 5).weights());
  }
}
