package org.l2o.engine.curriculum;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round-robin teacher picker, the episode-kind sampler and teacher specs. */
class ImitationSamplingTest {

  @Test
  void teachersAreTakenInTurn() {
    TeacherRoundRobin picker = new TeacherRoundRobin(TeacherSpec.SEED_TEACHERS);
    List<String> order = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      order.add(picker.next().toString());
    }
    assertThat(order).containsExactly(
        "adam:0.01", "sgd:0.01", "adagrad:0.01", "adam:0.01", "sgd:0.01", "adagrad:0.01",
        "adam:0.01");
    assertThat(picker.picked()).isEqualTo(7);
  }

  @Test
  void roundRobinNeedsATeacher() {
    assertThatThrownBy(() -> new TeacherRoundRobin(List.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no teachers");
  }

  @Test
  void ratioZeroNeverAndRatioOneAlwaysImitates() {
    EpisodeKindSampler sampler = new EpisodeKindSampler(7);
    for (int i = 0; i < 1000; i++) {
      assertThat(sampler.next(0.0)).isEqualTo(EpisodeKind.META_LOSS);
      assertThat(sampler.next(1.0)).isEqualTo(EpisodeKind.IMITATION);
    }
    assertThat(sampler.drawn()).isEqualTo(2000);
  }

  @Test
  void imitationShareMatchesTheRatio() {
    EpisodeKindSampler sampler = new EpisodeKindSampler(42);
    int n = 20_000;
    int imitation = 0;
    for (int i = 0; i < n; i++) {
      if (sampler.next(0.3) == EpisodeKind.IMITATION) {
        imitation++;
      }
    }
    // binomial(n, 0.3): 4 standard deviations
    double tolerance = 4 * Math.sqrt(0.3 * 0.7 / n);
    assertThat(imitation / (double) n).isCloseTo(0.3, within(tolerance));
  }

  @Test
  void sameSeedGivesTheSameEpisodesAndAnotherSeedDiffers() {
    assertThat(kinds(11, 0.5)).isEqualTo(kinds(11, 0.5)).isNotEqualTo(kinds(12, 0.5));
  }

  @Test
  void ratioOutsideTheUnitIntervalIsRejected() {
    EpisodeKindSampler sampler = new EpisodeKindSampler(1);
    assertThatThrownBy(() -> sampler.next(1.2))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.2");
    assertThatThrownBy(() -> sampler.next(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  @Test
  void teacherSpecsParseTheParamForm() {
    assertThat(TeacherSpec.parseAll(List.of("adam:0.01", "sgd:0.01", "adagrad:0.01")))
        .isEqualTo(TeacherSpec.SEED_TEACHERS);
    assertThat(TeacherSpec.parse("RMSProp:1e-3"))
        .isEqualTo(new TeacherSpec(TeacherKind.RMSPROP, 1e-3));
    assertThat(TeacherSpec.parse("nag:0.5").toString()).isEqualTo("nag:0.5");
    assertThatThrownBy(() -> TeacherSpec.parse("adam"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name:lr");
    assertThatThrownBy(() -> TeacherSpec.parse("adam:fast"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'fast'");
    assertThatThrownBy(() -> TeacherSpec.parse("lbfgs:0.1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lbfgs");
    assertThatThrownBy(() -> TeacherSpec.parse("sgd:-1"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1.0");
  }

  private static List<EpisodeKind> kinds(long seed, double ratio) {
    EpisodeKindSampler sampler = new EpisodeKindSampler(seed);
    List<EpisodeKind> out = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      out.add(sampler.next(ratio));
    }
    return out;
  }
}
