package org.l2o.tracking.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StepSamplingTest {

  private static List<Long> steps(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }

  @Test
  void shortHistoriesComeBackWhole() {
    assertThat(StepSampling.sample(List.of(List.of(3L, 1L, 2L)), null, null, 10)).containsExactly(1L, 2L, 3L);
    assertThat(StepSampling.sample(List.of(), null, null, 10)).isEmpty();
  }

  @Test
  void longHistoriesAreThinnedEvenlyKeepingTheEnds() {
    List<Long> s = StepSampling.sample(List.of(steps(0, 999)), null, null, 10);
    // ten evenly spaced steps (0, 100, ..., 900) plus the last one
    assertThat(s).containsExactly(0L, 100L, 200L, 300L, 400L, 500L, 600L, 700L, 800L, 900L, 999L);
  }

  @Test
  void eachRunKeepsItsFirstAndLastStepInRange() {
    List<Long> s = StepSampling.sample(List.of(steps(0, 999), List.of(7L, 555L)), null, null, 4);
    assertThat(s).contains(0L, 999L, 7L, 555L).hasSizeLessThanOrEqualTo(4 + 1 + 4);
  }

  @Test
  void rangeLimitsTheSteps() {
    assertThat(StepSampling.sample(List.of(steps(0, 99)), 10L, 14L, 100)).containsExactly(10L, 11L, 12L, 13L, 14L);
    // Without a range, negative steps fall outside MLflow's default [0, last].
    assertThat(StepSampling.sample(List.of(List.of(-5L, 0L, 5L)), null, null, 100)).containsExactly(0L, 5L);
  }
}
