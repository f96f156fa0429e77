package org.l2o.engine.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import org.l2o.engine.AnalyticalSpec;
import org.l2o.engine.MetaTrainConfig;
import org.l2o.engine.TrainingRecipe;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.engine.graph.Devices;
import org.l2o.engine.graph.Sessions;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.ProblemGraph;
import org.l2o.engine.program.ImitationProgram;
import org.l2o.engine.program.MetaObjective;
import org.l2o.engine.program.ObjectiveProgram;
import org.l2o.engine.program.RolloutProgram;
import org.l2o.engine.rule.AnalyticalRule;
import org.l2o.engine.rule.LearnedRule;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * Every graph program one meta-training run needs, built into one graph before its session opens:
 * meta-loss unrolls, forward validation rollouts, traced teacher rollouts and imitation chunks,
 * each for every chunk length the schedule can ask for.
 *
 * <p>All lengths are known up front from the schedule, so nothing is added to the graph while
 * the session runs. An episode of N steps runs in chunks of {@code min(unroll, N)} steps and one
 * shorter rest chunk when N is not a multiple; validation runs whole chunks of {@code min(unroll,
 * N_valid)} and reads the loss at step N_valid.
 */
public final class TrainingPrograms implements AutoCloseable {

  private final Graph graph;
  private final Session session;
  private final Optimizee problem;
  private final Map<Integer, RolloutProgram> train = new HashMap<>();
  private final Map<Integer, RolloutProgram> valid = new HashMap<>();
  private final Map<String, Map<Integer, RolloutProgram>> teachers = new HashMap<>();
  private final Map<Integer, ImitationProgram> imitation = new HashMap<>();
  private final int unroll;
  private final TrainingRecipe recipe;
  private final int objectiveExamples;
  private final ObjectiveProgram objective;

  /**
   * Builds the programs of {@code cfg}'s schedule for {@code problem}; {@code structure} fixes the
   * learned optimizer's graph (its weights are fed per call).
   */
  public TrainingPrograms(MetaTrainConfig cfg, Optimizee problem, LearnedRule structure) {
    this.problem = problem;
    this.unroll = cfg.unroll();
    this.recipe = cfg.recipe();
    // The objective subset cannot be larger than the training split (small test data).
    this.objectiveExamples =
        problem.data() == null
            ? 0
            : Math.min(recipe.objectiveExamples(), problem.data().count());
    MetaObjective trainObjective =
        recipe.objective() instanceof MetaObjective.LogRatio
            ? new MetaObjective.LogRatio(objectiveExamples)
            : recipe.objective();
    CurriculumSchedule schedule = cfg.schedule();
    SortedSet<Integer> trainLengths = new TreeSet<>();
    SortedSet<Integer> imitationLengths = new TreeSet<>();
    SortedSet<Integer> validLengths = new TreeSet<>();
    for (int s = 0; s < schedule.stages(); s++) {
      List<Integer> chunks = chunkLengths(schedule.nTrain(s));
      trainLengths.addAll(chunks);
      if (schedule.imitationRatio(s) > 0) {
        imitationLengths.addAll(chunks);
      }
      validLengths.add(Math.min(unroll, schedule.nValid(s)));
    }
    graph = new Graph();
    try {
      Ops tf = Devices.place(Ops.create(graph), cfg.device());
      ProblemGraph pg = new ProblemGraph(tf, problem);
      for (int len : trainLengths) {
        train.put(len, new RolloutProgram(
            tf.withSubScope("train_" + len), pg, structure, 1, len, true, trainObjective));
      }
      objective =
          objectiveExamples > 0
              ? new ObjectiveProgram(tf.withSubScope("objective"), pg, objectiveExamples)
              : null;
      for (int len : validLengths) {
        valid.put(len, new RolloutProgram(
            tf.withSubScope("valid_" + len), pg, structure, cfg.validEpisodes(), len, false));
      }
      if (!imitationLengths.isEmpty()) {
        for (TeacherSpec t : cfg.ilTeachers()) {
          AnalyticalRule rule = teacherRule(t);
          Map<Integer, RolloutProgram> byLength =
              teachers.computeIfAbsent(rule.structureKey(), k -> new HashMap<>());
          for (int len : imitationLengths) {
            if (!byLength.containsKey(len)) {
              byLength.put(len, new RolloutProgram(
                  tf.withSubScope("teacher_" + t.kind().id() + "_" + len), pg, rule, 1, len,
                  false, true));
            }
          }
        }
        for (int len : imitationLengths) {
          imitation.put(len, new ImitationProgram(tf.withSubScope("imitation_" + len), structure,
              problem.tensorSizes(), len, (float) cfg.ilWeight()));
        }
      }
      session = Sessions.open(graph, cfg.threads());
      try {
        pg.load(session);
      } catch (RuntimeException e) {
        session.close();
        throw e;
      }
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** The analytical rule a teacher runs (TF 1's defaults besides its learning rate). */
  public static AnalyticalRule teacherRule(TeacherSpec t) {
    return new AnalyticalRule(AnalyticalSpec.of(t.kind().id(), t.learningRate()));
  }

  /** The chunk lengths of an episode of {@code steps} steps: full unrolls, then the rest. */
  public List<Integer> chunkLengths(int steps) {
    int u = Math.min(unroll, steps);
    List<Integer> out = new ArrayList<>(List.of(u));
    if (steps % u > 0) {
      out.add(steps % u);
    }
    return Collections.unmodifiableList(out);
  }

  /** The chunk length of an episode of {@code steps} steps (its last chunk may be shorter). */
  public int chunk(int steps) {
    return Math.min(unroll, steps);
  }

  public Session session() {
    return session;
  }

  /** How episodes are treated (L2O-DM's or L2O-Scale's way). */
  public TrainingRecipe recipe() {
    return recipe;
  }

  /**
   * Examples of the objective subset of each unroll (L2O-Scale's 10,000, at most the split's
   * size), 0 when the objective has none.
   */
  public int objectiveExamples() {
    return objectiveExamples;
  }

  /** F over an objective subset, for validation scores; null when there is no subset. */
  public ObjectiveProgram objective() {
    return objective;
  }

  public Optimizee problem() {
    return problem;
  }

  /** The meta-loss unroll of {@code len} steps. */
  public RolloutProgram train(int len) {
    return get(train, len, "meta-loss unroll");
  }

  /** The batched forward validation rollout for episodes of {@code nValid} steps. */
  public RolloutProgram valid(int nValid) {
    return get(valid, Math.min(unroll, nValid), "validation rollout");
  }

  /** The traced rollout of {@code teacher} over {@code len} steps. */
  public RolloutProgram teacher(TeacherSpec teacher, int len) {
    Map<Integer, RolloutProgram> byLength = teachers.get(teacherRule(teacher).structureKey());
    if (byLength == null) {
      throw new IllegalStateException(
          "no teacher rollout was built for " + teacher + "; built teachers: "
              + teachers.keySet() + " (is the imitation ratio 0 in every stage?)");
    }
    return get(byLength, len, "teacher rollout of " + teacher);
  }

  /** The imitation chunk of {@code len} teacher steps. */
  public ImitationProgram imitation(int len) {
    return get(imitation, len, "imitation chunk");
  }

  private static <T> T get(Map<Integer, T> built, int len, String what) {
    T p = built.get(len);
    if (p == null) {
      throw new IllegalStateException(
          "no " + what + " of " + len + " steps was built; built lengths: "
              + new TreeSet<>(built.keySet()) + " (the schedule decides which are built)");
    }
    return p;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }

  @Override
  public String toString() {
    return "TrainingPrograms[" + problem.name() + ", unroll=" + unroll + ", train="
        + new TreeSet<>(train.keySet()) + ", valid=" + new TreeSet<>(valid.keySet())
        + ", teachers=" + teachers.keySet() + ", imitation="
        + new TreeSet<>(imitation.keySet()) + "]";
  }
}
