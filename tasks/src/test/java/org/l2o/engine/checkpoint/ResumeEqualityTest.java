package org.l2o.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.l2o.engine.EngineListener;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.MetaTrainer;
import org.l2o.engine.PaperPresets;
import org.l2o.engine.ProblemName;
import org.l2o.engine.TrainingResult;
import org.l2o.engine.curriculum.TeacherSpec;

/**
 * A run resumed from any episode boundary's checkpoint, written to disk and read back, ends
 * exactly where the uninterrupted run ends: the same weights bit for bit, validations, history,
 * cost counts, and the same metrics from the resumed episode on. The quadratic keeps it fast.
 */
@org.junit.jupiter.api.Tag("slow")
class ResumeEqualityTest {

  @TempDir Path tmp;

  /** Records metrics as "key@step=value" and every state handed to it. */
  static final class Recorder implements EngineListener, TrainingCheckpoints {
    final List<String> metrics = new ArrayList<>();
    final List<TrainerState> states = new ArrayList<>();
    final TrainerState from;

    Recorder(TrainerState from) {
      this.from = from;
    }

    @Override
    public void onMetric(String key, double value, long step) {
      metrics.add(key + "@" + step + "=" + Double.doubleToRawLongBits(value));
    }

    @Override
    public Optional<TrainerState> resume() {
      return Optional.ofNullable(from);
    }

    @Override
    public void episodeDone(TrainerState state) {
      states.add(state);
    }
  }

  /** The first index where the two differ (bits of floats), -1 if none; keeps failures short. */
  static int firstDifference(float[] a, float[] b) {
    int n = Math.min(a.length, b.length);
    for (int i = 0; i < n; i++) {
      if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
        return i;
      }
    }
    return a.length == b.length ? -1 : n;
  }

  static int firstDifference(List<String> a, List<String> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      if (!a.get(i).equals(b.get(i))) {
        System.out.println("first different metric at " + i + ": " + a.get(i) + " vs " + b.get(i));
        return i;
      }
    }
    return a.size() == b.size() ? -1 : n;
  }

  static MetaTrainConfig config(String variant) {
    MetaTrainConfig.Builder b = MetaTrainConfig.builder()
        .problem(ProblemName.QUADRATIC)
        .unroll(10)
        .validEpisodes(3)
        .seed(17)
        .threads(1);
    return switch (variant) {
      case "dm" -> b.epochs(12).nTrain(20).nValid(20).validEvery(3).build();
      case "dm-cl-il" -> b.epochs(40).clSchedule(List.of(10, 20, 40)).validEvery(2)
          .clMinValidations(2).ilTeachers(List.of(TeacherSpec.parse("adam:0.01"),
              TeacherSpec.parse("sgd:0.1"))).ilRatios(List.of(0.5)).build();
      // L2O-Scale's recipe: its state carried from episode to episode must survive the disk.
      case "scale-cl-il" -> PaperPresets.of("scale-cl-il").problem(ProblemName.QUADRATIC)
          .unroll(10).validEpisodes(2).seed(17).threads(1).epochs(16).metaLr(1e-3)
          .clSchedule(List.of(10, 20, 40)).clMinValidations(2).ilRatios(List.of(0.5)).build();
      default -> throw new IllegalArgumentException(variant);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"dm", "dm-cl-il", "scale-cl-il"})
  void resumingFromEveryFewEpisodesEndsBitForBitWhereTheUninterruptedRunEnds(String variant) {
    MetaTrainConfig cfg = config(variant);
    Recorder whole = new Recorder(null);
    TrainingResult full = new MetaTrainer(cfg, null, whole, whole).train();
    assertThat(whole.states).hasSize(full.episodes());

    int n = whole.states.size();
    for (int k : new int[] {1, n / 3, n / 2, n - 1}) {
      TrainerState saved = whole.states.get(k - 1);
      CheckpointStore store = new CheckpointStore(tmp.resolve(variant + "-" + k));
      store.save(saved, Map.of("variant", variant));
      TrainerState read = store.load().orElseThrow().state();

      Recorder resumed = new Recorder(read);
      TrainingResult r = new MetaTrainer(cfg, null, resumed, resumed).train();

      String at = variant + " resumed after episode " + k;
      // The resumed run logs exactly the uninterrupted run's metrics after the checkpoint.
      List<String> tail = whole.metrics.subList(
          whole.metrics.size() - resumed.metrics.size(), whole.metrics.size());
      assertThat(firstDifference(resumed.metrics, tail)).as(at).isEqualTo(-1);
      assertThat(resumed.metrics).isNotEmpty();
      assertThat(firstDifference(r.last().weights(), full.last().weights())).as(at).isEqualTo(-1);
      assertThat(firstDifference(r.best().weights(), full.best().weights())).as(at).isEqualTo(-1);
      assertThat(r.best().training()).as(at).isEqualTo(full.best().training());
      assertThat(r.validations()).as(at).isEqualTo(full.validations());
      assertThat(r.history()).as(at).isEqualTo(full.history());
      assertThat(r.trainSteps()).as(at).isEqualTo(full.trainSteps());
      assertThat(r.validSteps()).as(at).isEqualTo(full.validSteps());
      assertThat(r.metaIterations()).as(at).isEqualTo(full.metaIterations());
      assertThat(r.imitationEpisodes()).as(at).isEqualTo(full.imitationEpisodes());
      assertThat(r.imitationIterations()).as(at).isEqualTo(full.imitationIterations());
      assertThat(r.episodes()).as(at).isEqualTo(full.episodes());
    }
    if (variant.equals("scale-cl-il")) {
      assertThat(whole.states).allMatch(st -> st.carriedState() != null);
    }
    if (variant.equals("dm-cl-il")) {
      assertThat(full.imitationEpisodes()).as("the CL-IL run imitates").isPositive();
      assertThat(full.history().stages()).as("and advances").hasSizeGreaterThan(1);
    }
  }
}
