package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.l2o.data.Dataset;
import org.l2o.data.SyntheticImages;
import org.junit.jupiter.api.Test;

class MetaTrainerTest {

  static final Dataset SYNTHETIC = SyntheticImages.mnistLike(1000, 1);

  /** Collects metrics and events. */
  static final class Recorder implements EngineListener {
    final List<String> metrics = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final List<Long> progress = new ArrayList<>();

    @Override
    public void onMetric(String key, double value, long step) {
      metrics.add(key);
    }

    @Override
    public void onEvent(String kind, java.util.Map<String, Object> details) {
      events.add(kind);
    }

    @Override
    public void onProgress(long done, long total, String message) {
      progress.add(done);
    }

    long count(String key) {
      return metrics.stream().filter(key::equals).count();
    }
  }

  @Test
  void trainOnMlpOrigCountsStepsAndReportsMetricsPerUnrollAndValidation() {
    MetaTrainConfig cfg =
        MetaTrainConfig.builder()
            .epochs(3)
            .nTrain(40)
            .nValid(30)
            .validEvery(2)
            .validEpisodes(2)
            .seed(3)
            .build();
    Recorder rec = new Recorder();
    TrainingResult r = new MetaTrainer(cfg, SYNTHETIC, rec).train();

    assertThat(r.episodes()).isEqualTo(3);
    assertThat(r.trainSteps()).isEqualTo(3 * 40);
    assertThat(r.metaIterations()).isEqualTo(3 * 2);
    // Validations after episode 2 and after the last episode (3).
    assertThat(r.validations()).extracting(ValidationRecord::episode).containsExactly(2, 3);
    assertThat(r.validSteps()).isEqualTo(2L * 2 * 30);
    assertThat(rec.count("meta_loss")).isEqualTo(6);
    assertThat(rec.count("valid_score")).isEqualTo(2);
    assertThat(rec.count("diverged_episodes")).isEqualTo(1);
    assertThat(rec.progress).containsExactly(1L, 2L, 3L);
    assertThat(r.validations().get(0).score()).isFinite().isPositive();
    assertThat(r.best().weights()).isNotEqualTo(TrainedOptimizer.untrained(cfg.optimizer(), 3).weights());
    assertThat(r.best().training()).containsEntry("n_train", 40).containsKey("best_episode");
  }
}
