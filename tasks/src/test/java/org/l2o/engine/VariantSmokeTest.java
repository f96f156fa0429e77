package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.engine.curriculum.CurriculumHistory;
import org.l2o.engine.curriculum.Decision;
import org.l2o.engine.curriculum.StageRecord;

/**
 * Every curriculum and imitation variant end to end on MLP-orig with SYNTHETIC MNIST-like data
 * (not MNIST), with tiny settings: it trains, validates, decides, counts, and writes a history.
 * Imitation ratios are raised above the paper's so that a few episodes surely imitate.
 */
@Tag("slow")
class VariantSmokeTest {

  @ParameterizedTest
  @ValueSource(strings = {"dm-cl", "rnnprop-cl", "dm-il", "dm-cl-il", "rnnprop-cl-il"})
  void variantTrainsEndToEndOnMlpOrig(String variant, @TempDir Path dir) {
    MetaTrainConfig.Builder b = PaperPresets.of(variant)
        .problem(ProblemName.MLP_ORIG)
        .epochs(8)
        .unroll(10)
        .validEvery(2)
        .validEpisodes(2)
        .seed(31);
    if (variant.contains("cl")) {
      b.clSchedule(List.of(10, 20, 30)).clMinValidations(1);
    } else {
      b.nTrain(20).nValid(20);
    }
    if (variant.endsWith("il")) {
      if (variant.contains("cl")) {
        b.ilRatios(List.of(0.5, 1.0));
      } else {
        b.ilRatio(0.5);
      }
    }
    MetaTrainConfig cfg = b.build();
    MetaTrainerTest.Recorder rec = new MetaTrainerTest.Recorder();
    TrainingResult r = new MetaTrainer(cfg, MetaTrainerTest.SYNTHETIC, rec).train();
    CurriculumHistory h = r.history();
    System.out.printf("%s on MLP-orig (synthetic data): %d episodes (%d imitating), stages %s, "
            + "decisions %s, outcome %s, train steps %d (imitation %d), valid steps %d, best %.4g "
            + "at episode %d%n", variant, r.episodes(), r.imitationEpisodes(),
        h.stages().stream().map(StageRecord::nTrain).toList(),
        h.decisions().stream().filter(d -> d.kind() != Decision.Kind.CONTINUE)
            .map(d -> d.kind().label() + "@" + d.epoch()).toList(),
        h.outcome(), r.trainSteps(), r.imitationSteps(), r.validSteps(), r.bestScore(),
        r.bestEpisode());

    assertThat(r.trainSteps()).isPositive();
    assertThat(r.validSteps()).isPositive();
    assertThat(r.bestScore()).isFinite();
    for (float w : r.best().weights()) {
      assertThat(w).isFinite();
    }
    assertThat(h.outcome()).isNotNull();
    assertThat(rec.count("valid_score")).isPositive();
    if (cfg.imitation()) {
      assertThat(r.imitationEpisodes()).isPositive();
      assertThat(rec.count("imitation_loss")).isEqualTo(r.imitationIterations());
    }
    if (cfg.curriculum()) {
      assertThat(rec.count("curriculum_stage")).isEqualTo(h.validations().size());
    }
    Path file = dir.resolve(CurriculumHistory.FILE_NAME);
    h.writeJson(file);
    assertThat(CurriculumHistory.readJson(file)).isEqualTo(h);
  }
}
