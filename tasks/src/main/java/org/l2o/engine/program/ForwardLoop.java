package org.l2o.engine.program;

import java.util.Arrays;
import org.l2o.engine.EngineListener;
import org.tensorflow.Session;

/**
 * Runs S seeds of one optimizer for a number of steps with a forward {@link RolloutProgram},
 * recording every seed's loss curve and stopping a seed cleanly when it diverges.
 *
 * <p>A diverged seed keeps running inside the batch (the graph's shape is fixed) but from zeroed
 * parameters and a fresh state, so its NaNs cannot slow or poison anything; its curve is NaN from the
 * first non-finite loss on.
 *
 * <p>The rule state stays in native tensors from call to call ({@link StateCarry}); it visits
 * Java only to reset diverged seeds.
 */
public final class ForwardLoop {

  /**
   * Curves {@code [S][steps+1]}, the first non-finite step of each seed (-1 = none) and the
   * parameters {@code [S, P]} after the last call (zeroed for diverged seeds).
   */
  public record Curves(float[][] losses, int[] divergedAtStep, float[] theta) {}

  private ForwardLoop() {}

  public static Curves run(
      Session session,
      RolloutProgram program,
      float[] params,
      SeededRuns runs,
      int steps,
      EngineListener listener,
      String label) {
    return run(session, program, params, runs, steps, listener, label, null);
  }

  /**
   * As above, starting from {@code initial} (one array per slot for all S runs; null for the
   * rule's fresh state). A diverged seed restarts from the fresh state either way.
   */
  public static Curves run(
      Session session,
      RolloutProgram program,
      float[] params,
      SeededRuns runs,
      int steps,
      EngineListener listener,
      String label,
      float[][] initial) {
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    int n = runs.count();
    if (n != program.seeds()) {
      throw new IllegalArgumentException(
          "program built for " + program.seeds() + " seeds, got " + n);
    }
    int k = program.steps();
    float[][] curves = new float[n][steps + 1];
    int[] diverged = new int[n];
    Arrays.fill(diverged, -1);
    float[] theta = runs.initialTheta();
    int p = theta.length / n;
    float[] instance = runs.instances();
    float[][] fresh = program.initialState(runs.seeds());
    try (StateCarry state = StateCarry.of(program, initial == null ? fresh : initial)) {
      int done = 0;
      do {
        Rollout r =
            program.run(
                session,
                new RolloutInput(params, theta, null, done + 1, runs.nextBatches(k), instance),
                state);
        record(r, done, steps, curves, diverged, listener, label);
        theta = r.theta();
        if (Arrays.stream(diverged).anyMatch(d -> d >= 0)) {
          restart(program, state, fresh, theta, diverged, p);
        }
        done += k;
        listener.onProgress(Math.min(done, steps), steps, label);
      } while (done < steps);
    }
    return new Curves(curves, diverged, theta);
  }

  /** Copies the losses of one call into the curves and marks seeds whose loss turned non-finite. */
  private static void record(
      Rollout r,
      int done,
      int steps,
      float[][] curves,
      int[] diverged,
      EngineListener listener,
      String label) {
    int n = diverged.length;
    int k = r.losses().length / n - 1;
    for (int row = 0; row <= k && done + row <= steps; row++) {
      int step = done + row;
      for (int s = 0; s < n; s++) {
        if (diverged[s] >= 0) {
          curves[s][step] = Float.NaN;
          continue;
        }
        float loss = r.loss(row, s, n);
        curves[s][step] = loss;
        if (!Float.isFinite(loss)) {
          diverged[s] = step;
          curves[s][step] = Float.NaN;
          listener.onEvent(
              "diverged", java.util.Map.of("optimizer", label, "seed_index", s, "step", step));
        }
      }
    }
  }

  /**
   * Zeroes the parameters and resets the state of every diverged seed to its part of {@code
   * fresh}, the initial state. The state makes a round trip through Java only here, once some
   * seed has diverged.
   */
  private static void restart(
      RolloutProgram program, StateCarry carry, float[][] fresh, float[] theta, int[] diverged,
      int p) {
    float[][] state = carry.toArrays();
    for (int s = 0; s < diverged.length; s++) {
      if (diverged[s] < 0) {
        continue;
      }
      Arrays.fill(theta, s * p, (s + 1) * p, 0f);
      for (int i = 0; i < state.length; i++) {
        int cols = program.columns(i);
        int own = program.layout().columnsPerRun(program.slots().get(i).scope());
        for (int row = 0; row < program.slots().get(i).width(); row++) {
          int from = row * cols + s * own;
          System.arraycopy(fresh[i], from, state[i], from, own);
        }
      }
    }
    carry.replace(state);
  }
}
