package org.l2o.engine.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.l2o.engine.ProblemName;
import org.l2o.data.SyntheticImages;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.Optimizees;
import org.junit.jupiter.api.Test;

/** L2O-Scale's episode data: fresh subsets per unroll, minibatches as epochs within them. */
class ObjectiveSubsetsTest {

  private static final Optimizee MLP =
      Optimizees.create(ProblemName.MLP_ORIG, SyntheticImages.images("synthetic-t", 300, 2, 2, 1, 3, 1), 8);

  @Test
  void eachUnrollHasAFreshSubsetOfDistinctExamplesAndBatchesFromIt() {
    ObjectiveSubsets s = new ObjectiveSubsets(MLP, 50, new Random(3));
    ObjectiveSubsets.Unroll a = s.next(5);
    ObjectiveSubsets.Unroll b = s.next(5);
    for (ObjectiveSubsets.Unroll u : new ObjectiveSubsets.Unroll[] {a, b}) {
      Set<Integer> subset = new HashSet<>();
      for (int i : u.examples()) {
        assertThat(i).isBetween(0, 299);
        subset.add(i);
      }
      assertThat(subset).as("without replacement").hasSize(50);
      assertThat(u.batches()).hasSize(6 * 8);
      for (int i : u.batches()) {
        assertThat(subset).contains(i);
      }
    }
    assertThat(a.examples()).isNotEqualTo(b.examples());
  }

  @Test
  void minibatchesAreShuffledEpochsOfSubsetPositionsAcrossUnrolls() {
    // 50 examples, batch 8: 6 batches per pass (48 of the 50 positions), then a reshuffle. The
    // batches index positions in each unroll's own subset, and the position stream runs on
    // across unrolls; with subsets of all 50 examples every example maps back to its position.
    Optimizee small =
        Optimizees.create(ProblemName.MLP_ORIG, SyntheticImages.images("synthetic-t", 50, 2, 2, 1, 3, 1), 8);
    ObjectiveSubsets s = new ObjectiveSubsets(small, 50, new Random(4));
    ObjectiveSubsets.Unroll u1 = s.next(4);
    ObjectiveSubsets.Unroll u2 = s.next(4);
    int[] p1 = positions(u1);
    int[] p2 = positions(u2);
    Set<Integer> pass = new HashSet<>();
    for (int i = 0; i < 4 * 8; i++) {
      assertThat(pass.add(p1[i])).isTrue();
    }
    for (int i = 0; i < 2 * 8; i++) {
      assertThat(pass.add(p2[i])).as("no position twice within a pass").isTrue();
    }
    assertThat(pass).hasSize(48);
    // The extra final batch of unroll 1 is the stream's next one, not consumed.
    assertThat(java.util.Arrays.copyOfRange(p1, 32, 40))
        .isEqualTo(java.util.Arrays.copyOfRange(p2, 0, 8));
  }

  private static int[] positions(ObjectiveSubsets.Unroll u) {
    java.util.Map<Integer, Integer> where = new java.util.HashMap<>();
    for (int i = 0; i < u.examples().length; i++) {
      where.put(u.examples()[i], i);
    }
    return java.util.Arrays.stream(u.batches()).map(where::get).toArray();
  }

  @Test
  void sameSeedSameData() {
    ObjectiveSubsets a = new ObjectiveSubsets(MLP, 40, new Random(9));
    ObjectiveSubsets b = new ObjectiveSubsets(MLP, 40, new Random(9));
    assertThat(a.next(3).batches()).isEqualTo(b.next(3).batches());
  }
}
