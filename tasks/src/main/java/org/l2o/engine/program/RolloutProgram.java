package org.l2o.engine.program;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.problem.ProblemInputs;
import org.l2o.engine.rule.CoordinateLayout;
import org.l2o.engine.rule.StateSlot;
import org.l2o.engine.rule.StepFunction;
import org.l2o.engine.rule.Update;
import org.l2o.engine.rule.UpdateRule;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * K optimizee steps of S parallel runs, unrolled in one graph so that one {@code session.run}
 * does them all (the While op has no gradient, and per-step calls would cost a Java-native round
 * trip each).
 *
 * <p>Step k: loss L_k = f(x_k; batch k), g_k = stopGradient(dL_k/dx_k), (delta, state) =
 * rule(g_k, state, t0+k), x_{k+1} = x_k + delta. With {@code metaGradient}, the program also
 * returns d(sum_{k=1..K} sum_s L_k)/d(params): truncated BPTT through the updates, with second
 * derivatives dropped by the stop-gradient, as L2O-DM trains.
 */
public final class RolloutProgram {

  /**
   * Coordinates per block of the rule's work, when it is blocked (see {@link
   * #MIN_COORDINATES_TO_BLOCK}). The LSTM optimizers keep ~10 live floats per coordinate and
   * hidden unit; in blocks of this size each block's gates ({@code [80, 4096]} floats, 1.3 MB)
   * stay in the 1 MB L2 / 32 MB L3 of the machine the engine was tuned on, where one batch of
   * 10 seeds of MLP-orig unblocked ({@code [80, 159200]}, 51 MB) streams through DRAM on every
   * op. Measured (issue 9, 1 thread, 10 seeds): 51.5 -> 45.0 ms per batched step.
   */
  public static final int BLOCK_COORDINATES_DEFAULT = 4096;

  /**
   * Fewer coordinates than this run unblocked: one seed of MLP-orig (15,920) fits the caches
   * whole, and there the extra ops of blocking cost more than they save (1 seed, 2 threads:
   * 3.3 ms unblocked vs 3.9 ms in blocks of 4096).
   */
  public static final int MIN_COORDINATES_TO_BLOCK = 65_536;

  /** Blocks are widened past this count, which bounds graph size for large seed batches. */
  public static final int MAX_BLOCKS = 64;

  /**
   * Rules whose per-coordinate state is at most this many rows (the analytical optimizers) do
   * too little per coordinate for blocking to pay for its extra ops.
   */
  static final int MIN_STATE_ROWS_TO_BLOCK = 4;

  private final Optimizee problem;
  private final UpdateRule rule;
  private final List<StateSlot> slots;
  private final int seeds;
  private final int steps;
  private final int params;
  private final int coords;
  private final int padded;
  private final int[] blocks;
  private final CoordinateLayout layout;

  private final Placeholder<TFloat32> paramsIn;
  private final Placeholder<TFloat32> thetaIn;
  private final List<Placeholder<TFloat32>> stateIn = new ArrayList<>();
  private final Placeholder<TFloat32> t0In;
  private final Placeholder<TInt32> batchesIn;
  private final Placeholder<TFloat32> instanceIn;
  private final MetaObjective objective;
  private final Placeholder<TInt32> objectiveExamplesIn;
  private final Placeholder<TFloat32> f0In;

  private final Operand<TFloat32> lossesOut;
  private final Operand<TFloat32> thetaOut;
  private final List<Operand<TFloat32>> stateOut;
  private final Operand<TFloat32> metaGradOut;
  private final Operand<TFloat32> gradsOut;
  private final Operand<TFloat32> deltasOut;
  private final Operand<TFloat32> metaLossOut;
  private final Operand<TFloat32> objectiveOut;

  /**
   * Builds the rollout into the graph of {@code tf}. {@code rule} fixes the structure; its
   * parameters are fed per call.
   */
  public RolloutProgram(
      Ops tf, ProblemGraph graph, UpdateRule rule, int seeds, int steps, boolean metaGradient) {
    this(tf, graph, rule, seeds, steps, metaGradient, false);
  }

  /**
   * As above; with {@code trace} the program also returns every step's gradient and update
   * ({@code [K, S, P]} each): the teacher trajectories of imitation learning.
   */
  public RolloutProgram(
      Ops tf,
      ProblemGraph graph,
      UpdateRule rule,
      int seeds,
      int steps,
      boolean metaGradient,
      boolean trace) {
    this(
        tf, graph, rule, seeds, steps, metaGradient, trace,
        defaultBlock(rule, pad(Math.multiplyExact(seeds, graph.problem().paramCount()))));
  }

  /**
   * As above, with the rule applied in blocks of about {@code blockCoordinates} coordinates
   * (rounded to multiples of 16, at most {@link #MAX_BLOCKS} blocks); {@code <= 0} applies it to
   * all coordinates at once, as the engine did before blocking. Blocking changes how the work is
   * cut, not what is computed: every coordinate's update is the same function of its own
   * gradient and state.
   */
  public RolloutProgram(
      Ops tf,
      ProblemGraph graph,
      UpdateRule rule,
      int seeds,
      int steps,
      boolean metaGradient,
      boolean trace,
      int blockCoordinates) {
    this(tf, graph, rule, seeds, steps, metaGradient, trace, blockCoordinates,
        MetaObjective.SUMMED_LOSSES);
  }

  /** A meta-loss unroll (or, without {@code metaGradient}, a forward one) for {@code objective}. */
  public RolloutProgram(
      Ops tf,
      ProblemGraph graph,
      UpdateRule rule,
      int seeds,
      int steps,
      boolean metaGradient,
      MetaObjective objective) {
    this(tf, graph, rule, seeds, steps, metaGradient, false,
        defaultBlock(rule, pad(Math.multiplyExact(seeds, graph.problem().paramCount()))),
        objective);
  }

  /**
   * The general form: as above, differentiating {@code objective}, which only matters with {@code
   * metaGradient} (a {@link MetaObjective.LogRatio} one also returns F per step).
   */
  public RolloutProgram(
      Ops tf,
      ProblemGraph graph,
      UpdateRule rule,
      int seeds,
      int steps,
      boolean metaGradient,
      boolean trace,
      int blockCoordinates,
      MetaObjective objective) {
    if (seeds < 1 || steps < 1) {
      throw new IllegalArgumentException(
          "a rollout needs seeds >= 1 and steps >= 1, got seeds=" + seeds + ", steps=" + steps);
    }
    this.problem = graph.problem();
    this.rule = rule;
    this.slots = rule.stateSlots();
    this.seeds = seeds;
    this.steps = steps;
    this.params = problem.paramCount();
    this.coords = Math.multiplyExact(seeds, params);
    // Rules with per-tensor state cut the coordinates at tensor boundaries themselves: they get
    // them unpadded and unblocked.
    boolean tensorAware = rule.tensorAware();
    this.padded = tensorAware ? coords : pad(coords);
    this.blocks = blockSizes(padded, tensorAware ? 0 : blockCoordinates);
    this.layout = new CoordinateLayout(seeds, problem.tensorSizes(), padded);
    // The program lives in its caller's scope, its ops told apart by name prefixes rather than
    // sub-scopes: every withSubScope walks every op of the graph (TF Java's NameScope imports the
    // used names), which made adding programs to a graph that already holds others quadratic
    // (measured: 0.45 s per sub-scope at 80k ops, 18 s for a small teacher rollout added after
    // L2O-Scale's programs).
    Ops in = tf;
    int nParams = rule.parameters().length;
    paramsIn =
        in.withName("in_params").placeholder(TFloat32.class, Placeholder.shape(Shape.of(nParams)));
    thetaIn =
        in.withName("in_theta").placeholder(TFloat32.class, Placeholder.shape(Shape.of(seeds, params)));
    for (StateSlot s : slots) {
      stateIn.add(
          in.withName("in_state_" + s.name())
              .placeholder(
                  TFloat32.class, Placeholder.shape(Shape.of(s.width(), layout.columns(s.scope())))));
    }
    t0In = in.withName("in_t0").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    int b = problem.batchSize();
    batchesIn =
        problem.data() == null
            ? null
            : in.withName("in_batches")
                .placeholder(TInt32.class, Placeholder.shape(Shape.of(steps + 1, seeds, b)));
    instanceIn =
        problem.instanceSize() == 0
            ? null
            : in.withName("in_instance")
                .placeholder(
                    TFloat32.class, Placeholder.shape(Shape.of(seeds, problem.instanceSize())));

    this.objective = objective;
    // A forward program has no objective to differentiate, and computes none.
    boolean logRatio = metaGradient && objective instanceof MetaObjective.LogRatio;
    int examples = logRatio ? ((MetaObjective.LogRatio) objective).examples() : 0;
    boolean objectiveSet = logRatio && examples > 0 && problem.data() != null;
    objectiveExamplesIn =
        objectiveSet
            ? in.withName("in_objective_examples")
                .placeholder(TInt32.class, Placeholder.shape(Shape.of(seeds, examples)))
            : null;
    f0In =
        logRatio
            ? in.withName("in_f0").placeholder(TFloat32.class, Placeholder.shape(Shape.of(seeds)))
            : null;
    // The objective's examples are gathered once per call and shared by every step.
    ProblemInputs<TFloat32> objectiveInputs =
        objectiveSet
            ? graph.inputs(tf.withName("objective_set"), seeds, objectiveExamplesIn, null,
                TFloat32.class)
            : null;
    List<Operand<TFloat32>> objectiveValues = new ArrayList<>();

    StepFunction fn = rule.bind(tf, paramsIn, layout);
    List<Operand<TInt32>> batch = new ArrayList<>();
    if (batchesIn != null) {
      tf.unstack(batchesIn, (long) steps + 1).forEach(batch::add);
    }
    Operand<TFloat32> x = thetaIn;
    List<List<Operand<TFloat32>>> blockState = splitState(tf);
    List<Operand<TFloat32>> losses = new ArrayList<>();
    List<Operand<TFloat32>> grads = new ArrayList<>();
    List<Operand<TFloat32>> deltas = new ArrayList<>();
    Ops stepScope = tf;
    for (int k = 0; k <= steps; k++) {
      Ops st = stepScope;
      Operand<TFloat32> loss =
          graph.losses(
              st, x, seeds, batch.isEmpty() ? null : batch.get(k), instanceIn, TFloat32.class);
      losses.add(loss);
      if (k == steps) {
        break;
      }
      if (logRatio) {
        objectiveValues.add(
            objectiveSet ? graph.losses(st, x, objectiveInputs, TFloat32.class) : loss);
      }
      Operand<TFloat32> total = st.reduceSum(loss, st.constant(0));
      Operand<TFloat32> g = st.gradients(total, List.of(x)).dy(0);
      Operand<TFloat32> flat = st.stopGradient(st.reshape(g, st.constant(new long[] {coords})));
      if (padded > coords) {
        flat = st.concat(List.of(flat, st.constant(new float[padded - coords])), st.constant(0));
      }
      Operand<TFloat32> t = st.math.add(t0In, st.constant((float) k));
      Operand<TFloat32> delta;
      if (blocks.length == 1) {
        Update u = fn.step(st, flat, blockState.get(0), t);
        delta = u.delta();
        blockState.set(0, u.state());
      } else {
        List<Operand<TFloat32>> gradParts = new ArrayList<>();
        st.splitV(flat, st.constant(blocks), st.constant(0), (long) blocks.length)
            .forEach(gradParts::add);
        List<Operand<TFloat32>> deltaParts = new ArrayList<>();
        // All blocks share the step's scope: a sub-scope per block would cost a walk over every
        // op of the graph each (TF Java's NameScope imports used names), quadratic in size.
        for (int c = 0; c < blocks.length; c++) {
          Update u = fn.step(st, gradParts.get(c), blockState.get(c), t);
          deltaParts.add(u.delta());
          blockState.set(c, u.state());
        }
        delta = st.concat(deltaParts, st.constant(0));
      }
      if (padded > coords) {
        delta = st.slice(delta, st.constant(new int[] {0}), st.constant(new int[] {coords}));
      }
      Operand<TFloat32> step = st.reshape(delta, st.constant(new long[] {seeds, params}));
      x = st.math.add(x, step);
      grads.add(g);
      deltas.add(step);
    }
    Ops out = tf;
    List<Operand<TFloat32>> state = joinState(out, blockState);
    lossesOut = out.withName("out_losses").stack(losses);
    thetaOut = out.withName("out_theta").identity(x);
    stateOut = new ArrayList<>();
    for (int i = 0; i < state.size(); i++) {
      stateOut.add(out.withName("out_state_" + slots.get(i).name()).identity(state.get(i)));
    }
    if (trace) {
      gradsOut = out.withName("out_gradients").stack(grads);
      deltasOut = out.withName("out_deltas").stack(deltas);
    } else {
      gradsOut = null;
      deltasOut = null;
    }
    objectiveOut = logRatio ? out.withName("out_objective").stack(objectiveValues) : null;
    if (metaGradient) {
      Operand<TFloat32> meta =
          logRatio
              ? logRatioLoss(out, objectiveValues)
              : out.withName("out_meta_loss")
                  .reduceSum(
                      out.stack(losses.subList(1, losses.size())), out.constant(new int[] {0, 1}));
      metaLossOut = meta;
      metaGradOut = out.gradients(meta, List.of(paramsIn)).dy(0);
    } else {
      metaLossOut = null;
      metaGradOut = null;
    }
  }

  /**
   * (1/(K+1)) sum over runs and over [F_0, F_0, F_1, ..., F_{K-1}] of ln(F / (f0 + eps) + eps),
   * with f0 the fed one, or this unroll's F_0 where the fed one is NaN.
   */
  private Operand<TFloat32> logRatioLoss(Ops tf, List<Operand<TFloat32>> values) {
    Operand<TFloat32> eps = tf.constant(MetaObjective.LogRatio.EPS);
    Operand<TFloat32> f0 =
        tf.select(tf.math.isNan(f0In), tf.stopGradient(values.get(0)), f0In);
    List<Operand<TFloat32>> collected = new ArrayList<>();
    collected.add(values.get(0));
    collected.addAll(values);
    Operand<TFloat32> ratios =
        tf.math.log(tf.math.add(tf.math.div(tf.stack(collected), tf.math.add(f0, eps)), eps));
    return tf.math.mul(
        tf.reduceSum(ratios, tf.constant(new int[] {0, 1})),
        tf.constant(1f / collected.size()));
  }

  /** Per block, its columns of every state slot (the fed state cut once per call). */
  private List<List<Operand<TFloat32>>> splitState(Ops tf) {
    List<List<Operand<TFloat32>>> perBlock = new ArrayList<>();
    for (int c = 0; c < blocks.length; c++) {
      perBlock.add(new ArrayList<>());
    }
    for (Placeholder<TFloat32> slot : stateIn) {
      if (blocks.length == 1) {
        perBlock.get(0).add(slot);
        continue;
      }
      List<Operand<TFloat32>> parts = new ArrayList<>();
      tf.splitV(slot, tf.constant(blocks), tf.constant(1), (long) blocks.length)
          .forEach(parts::add);
      for (int c = 0; c < blocks.length; c++) {
        perBlock.get(c).add(parts.get(c));
      }
    }
    return perBlock;
  }

  /** The inverse of {@link #splitState}: each slot's blocks side by side again. */
  private List<Operand<TFloat32>> joinState(Ops tf, List<List<Operand<TFloat32>>> perBlock) {
    List<Operand<TFloat32>> state = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      if (blocks.length == 1) {
        state.add(perBlock.get(0).get(i));
        continue;
      }
      List<Operand<TFloat32>> parts = new ArrayList<>();
      for (List<Operand<TFloat32>> block : perBlock) {
        parts.add(block.get(i));
      }
      state.add(tf.concat(parts, tf.constant(1)));
    }
    return state;
  }

  /** Runs the K steps; see {@link RolloutInput} for the layout of the inputs. */
  public Rollout run(Session session, RolloutInput input) {
    try (Feeds f = feed(session, input, null)) {
      try (Result r = f.run()) {
        return collect(r, true);
      }
    }
  }

  /**
   * Runs the K steps from the state in {@code carry} (ignoring {@code input.state()}, which may
   * be null) and leaves the new state there, as native tensors; the returned rollout's state is
   * null. For loops that only pass the state on, this saves two Java copies of it each way.
   */
  public Rollout run(Session session, RolloutInput input, StateCarry carry) {
    try (Feeds f = feed(session, input, carry)) {
      Result r = f.run();
      try {
        Rollout out = collect(r, false);
        carry.adopt(r, 2);
        return out;
      } catch (RuntimeException e) {
        r.close();
        throw e;
      }
    }
  }

  /**
   * Runs the K steps with a full trace and returns the time spent per op type (ms, summed over
   * ops; with {@code byNode}, per op), largest first: where the time of a rollout goes.
   */
  public Map<String, Double> profile(Session session, RolloutInput input, boolean byNode) {
    Map<String, String> typeOf = new HashMap<>();
    session.graph().operations().forEachRemaining(op -> typeOf.put(op.name(), op.type()));
    Map<String, Double> times = new HashMap<>();
    try (Feeds f = feed(session, input, null)) {
      f.options(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build());
      try (Result r = f.runWithMetadata()) {
        RunMetadata meta =
            r.getMetadata()
                .orElseThrow(() -> new IllegalStateException("TF returned no run metadata"));
        for (var dev : meta.getStepStats().getDevStatsList()) {
          for (var node : dev.getNodeStatsList()) {
            String type = typeOf.getOrDefault(node.getNodeName(), "?");
            String key = byNode ? type + " " + node.getNodeName() : type;
            times.merge(key, node.getAllEndRelMicros() / 1000.0, Double::sum);
          }
        }
      }
    }
    Map<String, Double> sorted = new LinkedHashMap<>();
    times.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private Feeds feed(Session session, RolloutInput input, StateCarry carry) {
    Feeds f = new Feeds(session);
    try {
      f.floats(paramsIn, input.params(), input.params().length);
      f.floats(thetaIn, input.theta(), seeds, params);
      for (int i = 0; i < slots.size(); i++) {
        if (carry == null) {
          f.floats(stateIn.get(i), input.state()[i], slots.get(i).width(), columns(i));
        } else {
          f.tensor(stateIn.get(i), carry.tensors().get(i));
        }
      }
      f.scalar(t0In, input.t0());
      if (batchesIn != null) {
        f.ints(batchesIn, input.batches(), steps + 1, seeds, problem.batchSize());
      }
      if (instanceIn != null) {
        f.floats(instanceIn, input.instance(), seeds, problem.instanceSize());
      }
      if (objectiveExamplesIn != null) {
        if (input.objectiveExamples() == null) {
          throw new IllegalArgumentException(
              "the " + objective + " objective needs the indices of its examples in the input");
        }
        f.ints(objectiveExamplesIn, input.objectiveExamples(), seeds,
            ((MetaObjective.LogRatio) objective).examples());
      }
      if (f0In != null) {
        float[] f0 = input.f0();
        if (f0 == null) {
          f0 = new float[seeds];
          java.util.Arrays.fill(f0, Float.NaN);
        }
        f.floats(f0In, f0, seeds);
      }
      f.fetch(lossesOut).fetch(thetaOut);
      stateOut.forEach(f::fetch);
      if (metaGradOut != null) {
        f.fetch(metaGradOut);
      }
      if (gradsOut != null) {
        f.fetch(gradsOut).fetch(deltasOut);
      }
      if (metaLossOut != null) {
        f.fetch(metaLossOut);
      }
      if (objectiveOut != null) {
        f.fetch(objectiveOut);
      }
      return f;
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  private Rollout collect(Result r, boolean withState) {
    float[] losses = Tensors.toFloats(r.get(0));
    float[] theta = Tensors.toFloats(r.get(1));
    float[][] state = null;
    if (withState) {
      state = new float[slots.size()][];
      for (int i = 0; i < state.length; i++) {
        state[i] = Tensors.toFloats(r.get(2 + i));
      }
    }
    int next = 2 + slots.size();
    float[] meta = metaGradOut == null ? null : Tensors.toFloats(r.get(next++));
    float[] grads = gradsOut == null ? null : Tensors.toFloats(r.get(next++));
    float[] deltas = gradsOut == null ? null : Tensors.toFloats(r.get(next++));
    float metaLoss = metaLossOut == null ? Float.NaN : Tensors.toFloats(r.get(next++))[0];
    float[] obj = objectiveOut == null ? null : Tensors.toFloats(r.get(next));
    return new Rollout(losses, theta, state, meta, grads, deltas, metaLoss, obj);
  }

  /** Fresh state arrays for S runs, each slot at its initial value (run seeds all 0). */
  public float[][] initialState() {
    return initialState(new long[seeds]);
  }

  /** Fresh state arrays for S runs whose random parts (if the rule has any) come from {@code runSeeds}. */
  public float[][] initialState(long[] runSeeds) {
    return rule.initialState(layout, runSeeds);
  }

  /** The columns of state slot {@code i}: {@code slots().get(i)} is {@code [width, columns(i)]}. */
  public int columns(int i) {
    return layout.columns(slots.get(i).scope());
  }

  /**
   * The state of this program's S runs, each a copy of {@code oneRun}: the state of one run of
   * the same problem and rule (its columns are one run's; padding columns get the slot's initial
   * value).
   */
  public float[][] replicate(float[][] oneRun) {
    if (oneRun.length != slots.size()) {
      throw new IllegalArgumentException(
          "the rule has " + slots.size() + " state slots, got " + oneRun.length + " arrays");
    }
    float[][] out = new float[slots.size()][];
    for (int i = 0; i < out.length; i++) {
      StateSlot slot = slots.get(i);
      int own = layout.columnsPerRun(slot.scope());
      int cols = columns(i);
      int width = slot.width();
      int srcCols = oneRun[i].length / width;
      if (srcCols < own || oneRun[i].length % width != 0) {
        throw new IllegalArgumentException(
            "state slot " + slot.name() + ": " + oneRun[i].length + " floats are not one run of "
                + width + " x " + own);
      }
      out[i] = new float[width * cols];
      java.util.Arrays.fill(out[i], slot.initial());
      for (int row = 0; row < width; row++) {
        for (int s = 0; s < seeds; s++) {
          System.arraycopy(oneRun[i], row * srcCols, out[i], row * cols + s * own, own);
        }
      }
    }
    return out;
  }

  /** How the rule sees the coordinates: S runs, the optimizee's tensors, the padding. */
  public CoordinateLayout layout() {
    return layout;
  }

  /**
   * Coordinates the rule sees: seeds x params rounded up to a multiple of 16, so that each state
   * row is 64-byte aligned and TF can split rows without copying. Padding coordinates get a zero
   * gradient and their updates are dropped.
   */
  public int coordinates() {
    return padded;
  }

  /**
   * The blocking the short constructors use: blocks of {@link #BLOCK_COORDINATES_DEFAULT} for
   * rules with a wide per-coordinate state on many coordinates, none otherwise.
   */
  public static int defaultBlock(UpdateRule rule, int coordinates) {
    if (rule.tensorAware()) {
      return 0;
    }
    int rows = 0;
    for (StateSlot s : rule.stateSlots()) {
      rows += s.width();
    }
    return rows > MIN_STATE_ROWS_TO_BLOCK && coordinates >= MIN_COORDINATES_TO_BLOCK
        ? BLOCK_COORDINATES_DEFAULT
        : 0;
  }

  /**
   * {@code padded} (a multiple of 16) cut into blocks of about {@code block} coordinates, each a
   * multiple of 16 so that TF splits the 1-D gradient and the feature-major gate rows of every
   * block without copying; the last block takes the remainder.
   */
  public static int[] blockSizes(int padded, int block) {
    if (block <= 0 || block >= padded) {
      return new int[] {padded};
    }
    int count = Math.min(MAX_BLOCKS, (padded + block - 1) / block);
    int base = Math.max(16, padded / count / 16 * 16);
    count = Math.min(count, padded / base);
    int[] sizes = new int[count];
    java.util.Arrays.fill(sizes, base);
    sizes[count - 1] = padded - base * (count - 1);
    return sizes;
  }

  /** The tensors {@link #run} fetches: what one call computes (for cost accounting). */
  public List<Operand<?>> outputs() {
    List<Operand<?>> out = new ArrayList<>(List.of(lossesOut, thetaOut));
    out.addAll(stateOut);
    if (metaGradOut != null) {
      out.add(metaGradOut);
    }
    if (gradsOut != null) {
      out.add(gradsOut);
      out.add(deltasOut);
    }
    if (metaLossOut != null) {
      out.add(metaLossOut);
    }
    if (objectiveOut != null) {
      out.add(objectiveOut);
    }
    return out;
  }

  /** How many blocks the rule's work is cut into (1 = unblocked). */
  public int blockCount() {
    return blocks.length;
  }

  static int pad(int n) {
    return (n + 15) / 16 * 16;
  }

  public int seeds() {
    return seeds;
  }

  public int steps() {
    return steps;
  }

  public List<StateSlot> slots() {
    return slots;
  }

  public UpdateRule rule() {
    return rule;
  }

  @Override
  public String toString() {
    return "RolloutProgram[" + problem.name() + ", " + rule.structureKey() + ", seeds=" + seeds
        + ", steps=" + steps + ", meta=" + (metaGradOut != null) + ", blocks=" + blocks.length
        + ", objective=" + objective + "]";
  }
}
