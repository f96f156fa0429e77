package org.l2o.engine.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.MomentState;
import org.l2o.engine.ValidationRecord;
import org.l2o.engine.curriculum.CurriculumController;
import org.l2o.engine.curriculum.CurriculumSchedule;

/** The checkpoint file set: exact round trip, atomic replacement, damage detected. No TF. */
class CheckpointStoreTest {

  @TempDir Path tmp;

  static TrainerState state(long episode, float seed) {
    float[] w = {seed, -0.0f, Float.MIN_VALUE, 1e-30f, 3.5f};
    CurriculumController c = new CurriculumController(
        CurriculumSchedule.curriculum(List.of(10, 20), 2, 2, List.of(0.0, 0.3)));
    c.addTrainSteps(10 * episode);
    if (episode >= 2) {
      c.reportValidation(2, Double.POSITIVE_INFINITY); // non-finite scores must survive JSON
    }
    return new TrainerState(episode, w, new float[] {1, 2, 3, 4, 5}, null,
        new MomentState(7, Map.of("m", new double[] {0.1, 1e-300, -2, 0, Math.PI},
            "v", new double[] {1, 2, 3, 4, 5})),
        null, 7, 0, 1, episode, 0, c.state(),
        List.of(new ValidationRecord(2, Double.POSITIVE_INFINITY, 1, false)), 1, 0, 0,
        Map.of("adam:0.01", 2), Double.NaN, 0.25);
  }

  @Test
  void aCheckpointReadsBackExactlyWithTheCallersRecord() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("ckpt"));
    TrainerState s = state(3, 0.1f);

    store.save(s, Map.of("fingerprint", "abc", "journal_lines", 12));
    CheckpointStore.Loaded l = store.load().orElseThrow();

    TrainerState r = l.state();
    assertThat(r.episode()).isEqualTo(3);
    assertThat(r.weights()).isEqualTo(s.weights());
    assertThat(Float.floatToRawIntBits(r.weights()[1])).isEqualTo(Float.floatToRawIntBits(-0.0f));
    assertThat(r.best()).isEqualTo(s.best());
    assertThat(r.stoppedAt()).isNull();
    assertThat(r.metaOptimizer().steps()).isEqualTo(7);
    assertThat(r.metaOptimizer().slot("m", 5)).isEqualTo(s.metaOptimizer().slot("m", 5));
    assertThat(r.metaOptimizer().slot("v", 5)).isEqualTo(s.metaOptimizer().slot("v", 5));
    assertThat(r.imitationOptimizer()).isNull();
    assertThat(r.curriculum()).isEqualTo(s.curriculum());
    assertThat(r.validations()).isEqualTo(s.validations());
    assertThat(r.teacherEpisodes()).isEqualTo(Map.of("adam:0.01", 2));
    assertThat(r.lastEpisodeLoss()).isNaN();
    assertThat(r.lastValid()).isEqualTo(0.25);
    assertThat(r.episodeKindsDrawn()).isEqualTo(3);
    assertThat(l.task()).containsEntry("fingerprint", "abc").containsEntry("journal_lines", 12);
  }

  @Test
  void l2oScalesCarriedStateAndObjectiveSubsetReadBackExactly() {
    TrainerState base = state(4, 0.2f);
    float[][] carried = {{1f, -0.0f, Float.NaN}, {2.5f}, {3f, 4f}};
    int[] examples = {54_999, 0, 17};
    TrainerState s = new TrainerState(base.episode(), base.weights(), base.best(), null,
        base.metaOptimizer(), base.metaOptimizer(), 7, 3, 1, 4, 0, base.curriculum(),
        base.validations(), 0, 1, 20, Map.of(), 1.5, 0.25, carried, examples);
    CheckpointStore store = new CheckpointStore(tmp.resolve("scale"));
    store.save(s, Map.of());
    TrainerState r = store.load().orElseThrow().state();
    assertThat(r.carriedState().length).isEqualTo(3);
    for (int i = 0; i < carried.length; i++) {
      int[] want = new int[carried[i].length];
      int[] got = new int[r.carriedState()[i].length];
      for (int j = 0; j < want.length; j++) {
        want[j] = Float.floatToRawIntBits(carried[i][j]);
        got[j] = Float.floatToRawIntBits(r.carriedState()[i][j]);
      }
      assertThat(got).as("slot %d", i).containsExactly(want);
    }
    assertThat(r.objectiveExamples()).containsExactly(examples);
    assertThat(state(1, 0f).carriedState()).isNull();
  }

  @Test
  void aNewerCheckpointReplacesTheOlderOnlyOnceComplete() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore store = new CheckpointStore(dir);
    store.save(state(2, 0.1f), Map.of());
    // A writer killed mid-way leaves a temporary folder, never a LATEST that names it.
    Files.createDirectories(dir.resolve(".tmp-dead"));
    Files.writeString(dir.resolve(".tmp-dead/weights.f32"), "half");

    assertThat(store.load().orElseThrow().state().episode()).isEqualTo(2);

    store.save(state(4, 0.2f), Map.of());
    assertThat(store.load().orElseThrow().state().episode()).isEqualTo(4);
    try (var s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("LATEST", "episode-0000004");
    }
  }

  @Test
  void aDamagedArrayIsNamedWithTheWayOut() throws IOException {
    Path dir = tmp.resolve("ckpt");
    CheckpointStore store = new CheckpointStore(dir);
    Path folder = store.save(state(2, 0.1f), Map.of());
    byte[] w = Files.readAllBytes(folder.resolve("weights.f32"));
    w[0] ^= 1;
    Files.write(folder.resolve("weights.f32"), w);

    assertThatThrownBy(store::load)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(folder.resolve("weights.f32").toString())
        .hasMessageContaining("sha256 differs")
        .hasMessageContaining("delete " + dir);
  }

  @Test
  void noCheckpointIsEmptyAndClearRemovesEverything() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("none"));
    assertThat(store.load()).isEmpty();
    assertThat(store.exists()).isFalse();
    store.save(state(1, 0.3f), Map.of());
    assertThat(store.exists()).isTrue();
    store.clear();
    assertThat(tmp.resolve("none")).doesNotExist();
  }
}
