package org.l2o.engine.training;

import org.l2o.engine.EngineListener;
import org.l2o.engine.TrainingRecipe;
import org.l2o.engine.problem.RunSeeds;
import org.l2o.engine.program.ForwardLoop;
import org.l2o.engine.program.MetaObjective;
import org.l2o.engine.program.ObjectiveProgram;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.program.SeededRuns;

/**
 * Scores the current weights: {@code episodes} fresh episodes of N_valid steps, forward only and
 * batched in one graph; the score is the sum of their final losses, +Infinity if any diverged
 * (so a diverging model never "improves").
 *
 * <p>Each validation draws its own episodes (seeds from the run seed and the validation's index),
 * as the authors' code samples fresh problems for every validation.
 *
 * <p>With L2O-Scale's recipe the episodes start N(0, 1) from the carried optimizer state (when
 * there is one), and the score is the <b>mean</b> over episodes of the objective F at the final
 * parameters, on the last training unroll's subset (the authors' code scores F(theta_{N-1}) of
 * the last unroll; ours is one step later, F(theta_N), so it needs one forward pass over the
 * subset per episode instead of one per step).
 */
public final class Validator {

  /**
   * A validation's score, how many of its episodes diverged, and where the updates went
   * ({@link UpdateStats}; empty when every episode diverged).
   */
  public record Score(double score, int diverged, java.util.Map<String, Double> updates) {

    public Score {
      updates = java.util.Map.copyOf(updates);
    }

    public Score(double score, int diverged) {
      this(score, diverged, java.util.Map.of());
    }
  }

  private final TrainingPrograms programs;
  private final int episodes;
  private final long seed;
  private int count;

  public Validator(TrainingPrograms programs, int episodes, long seed) {
    if (episodes < 1) {
      throw new IllegalArgumentException("validation needs >= 1 episode, got " + episodes);
    }
    this.programs = programs;
    this.episodes = episodes;
    this.seed = seed;
  }

  /** Validates {@code weights} at episodes of {@code nValid} steps. */
  public Score validate(float[] weights, int nValid) {
    return validate(weights, nValid, null, null);
  }

  /**
   * As above, the episodes starting from {@code carried} (one run's optimizer state, copied to
   * every episode; null for a fresh state) and, with an objective program, scored by F on the
   * examples {@code objectiveExamples} (null: by the final minibatch losses).
   */
  public Score validate(
      float[] weights, int nValid, float[][] carried, int[] objectiveExamples) {
    long[] seeds = new long[episodes];
    long base = RunSeeds.mix(seed, -1L - count);
    count++;
    for (int s = 0; s < seeds.length; s++) {
      seeds[s] = RunSeeds.mix(base, s);
    }
    RolloutProgram program = programs.valid(nValid);
    TrainingRecipe recipe = programs.recipe();
    SeededRuns runs = new SeededRuns(programs.problem(), seeds, recipe.trainInitStddev());
    float[] theta0 = runs.initialTheta();
    ForwardLoop.Curves c = ForwardLoop.run(programs.session(), program, weights, runs, nValid,
        EngineListener.NONE, "validation", carried == null ? null : program.replicate(carried));
    boolean mean = recipe.objective() instanceof MetaObjective.LogRatio;
    ObjectiveProgram objective = objectiveExamples == null ? null : programs.objective();
    int p = programs.problem().paramCount();
    double score = 0;
    int div = 0;
    for (int s = 0; s < seeds.length; s++) {
      if (c.divergedAtStep()[s] >= 0) {
        div++;
        continue;
      }
      score += objective == null
          ? c.losses()[s][nValid]
          : objective.loss(programs.session(),
              java.util.Arrays.copyOfRange(c.theta(), s * p, (s + 1) * p), objectiveExamples);
    }
    if (mean) {
      score /= seeds.length;
    }
    return new Score(div > 0 || !Double.isFinite(score) ? Double.POSITIVE_INFINITY : score, div,
        UpdateStats.of(programs.problem(), theta0, c.theta(), c.divergedAtStep()));
  }

  /** Optimizee steps one validation at {@code nValid} costs. */
  public long cost(int nValid) {
    return (long) episodes * nValid;
  }

  /** Validations run so far; each draws its episodes from its own index. */
  public int count() {
    return count;
  }

  /** Continues a resumed run: the next validation is number {@code count}. */
  public void resumeAt(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("validation count must be >= 0, got " + count);
    }
    this.count = count;
  }

  @Override
  public String toString() {
    return "Validator[episodes=" + episodes + ", seed=" + seed + ", run=" + count + "]";
  }
}
