package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.l2o.engine.EngineListener;
import org.l2o.engine.MetricKeys;

/**
 * The curriculum state machine the meta-trainer drives: it says which N_train to train at and
 * when to validate at which N_valid, and turns each validation score into a {@link Decision}.
 * It touches no model; the trainer saves and restores snapshots as decisions tell it.
 *
 * <h3>Driving it</h3>
 *
 * <pre>{@code
 * CurriculumController cl = new CurriculumController(schedule, listener);
 * long epoch = 0;
 * while (!cl.finished() && epoch < numEpochs) {
 *   epoch++;                                    // epochs are numbered from 1
 *   trainOneEpisode(cl.nTrain(), cl.imitationRatio());
 *   cl.addTrainSteps(cl.nTrain());
 *   if (cl.validationDue(epoch)) {
 *     double score = validate(cl.nValid());       // e.g. 20 episodes, forward only
 *     cl.addValidSteps(20L * cl.nValid());
 *     Decision d = cl.reportValidation(epoch, score);
 *     switch (d.kind()) {
 *       case NEW_BEST -> saveBest();
 *       case ADVANCE -> {
 *         restoreBest();
 *         double baseline = validate(cl.nValid());   // at the new stage's N_valid
 *         cl.addValidSteps(20L * cl.nValid());
 *         cl.reportBaseline(epoch, baseline);
 *       }
 *       case STOP, EXHAUSTED -> { if (d.restoreBest()) restoreBest(); }
 *       default -> { }
 *     }
 *   }
 * }
 * if (!cl.finished()) { if (cl.budgetSpent(epoch).restoreBest()) restoreBest(); }
 * cl.writeJson(out.resolve(CurriculumHistory.FILE_NAME));
 * }</pre>
 *
 * <h3>The rule (seed A1.2, the authors' code for details)</h3>
 *
 * <ul>
 *   <li><b>Score</b>: the sum of the final optimizee losses of the validation episodes; lower is
 *       better.
 *   <li><b>Improve</b> means strictly lower than the stage's best so far: {@code score < best}.
 *       A NaN or infinite score never improves, and an equal score does not either. The stage's
 *       best starts at its baseline: +infinity for the first stage (nothing was validated yet),
 *       else the restored best model's score at the new N_valid (a non-finite baseline counts
 *       as +infinity, so any finite score beats it).
 *   <li><b>N_period</b>: the first {@code minValidations - 1} periodic validations of a stage
 *       never end it. From validation number {@code minValidations} on, the first validation
 *       that does not improve ends the stage; the baseline re-validation does not count.
 *   <li><b>End of a stage</b>: if any validation of the stage improved, {@link
 *       Decision.Kind#ADVANCE} to the next stage from the stage's best, or {@link
 *       Decision.Kind#EXHAUSTED} when it was the last listed stage (the authors' code crashes
 *       there; we end cleanly). If none improved, the optimizer is saturated: {@link
 *       Decision.Kind#STOP}, keeping the best model, which is the previous stage's best.
 *   <li>In {@link CurriculumSchedule.Mode#KEEP_BEST} mode no validation ends training; only
 *       {@link Decision.Kind#CONTINUE} and {@link Decision.Kind#NEW_BEST} are returned until
 *       {@link #budgetSpent}.
 * </ul>
 *
 * <h3>Iteration accounting</h3>
 *
 * The trainer reports the optimizee steps it ran, because only it knows them (imitation
 * episodes, aborted episodes): {@link #addTrainSteps} after each training episode (meta-loss and
 * imitation alike, as the paper counts epochs x N_train) and {@link #addValidSteps} for
 * validation episodes. Each is attributed to the current stage; {@code train_steps} is the
 * figure the report compares with AUG's 5,000 x 1,000.
 *
 * <h3>Listener</h3>
 *
 * The controller reports to the {@link EngineListener} it is given: metric {@value
 * #METRIC_VALIDATION_SCORE} for each periodic validation, {@value #METRIC_BASELINE_SCORE} for
 * each baseline, {@value #METRIC_STAGE} at each validation (all with the epoch as step), and
 * one event per decision other than {@code continue}, named by {@link Decision.Kind#label()}.
 * The trainer need not report these itself. In keep-best mode the stage metric is not emitted
 * (it is always 0 there).
 *
 * <p>Not thread-safe; one trainer drives one controller.
 */
public final class CurriculumController {

  /** Metric key of periodic validation scores (the name the baseline trainer always used). */
  public static final String METRIC_VALIDATION_SCORE = MetricKeys.VALID_SCORE;

  /** Metric key of a stage's baseline score (the restored best at the new N_valid). */
  public static final String METRIC_BASELINE_SCORE = MetricKeys.BASELINE_SCORE;

  /** Metric key of the current stage index. */
  public static final String METRIC_STAGE = MetricKeys.CURRICULUM_STAGE;

  private final CurriculumSchedule schedule;
  private final EngineListener listener;

  private final List<ValidationRecord> validations = new ArrayList<>();
  private final List<Decision> decisions = new ArrayList<>();
  private final List<StageTally> tallies = new ArrayList<>();

  private int stage;
  private double stageBest = Double.POSITIVE_INFINITY;
  private boolean awaitingBaseline;
  private Decision.Kind outcome;
  private BestModel best;
  private long lastEpoch;
  private long trainSteps;
  private long validSteps;

  /** A controller that reports to nobody. */
  public CurriculumController(CurriculumSchedule schedule) {
    this(schedule, EngineListener.NONE);
  }

  public CurriculumController(CurriculumSchedule schedule, EngineListener listener) {
    this.schedule = Objects.requireNonNull(schedule, "schedule");
    this.listener = Objects.requireNonNull(listener, "listener");
    tallies.add(new StageTally());
  }

  /** The schedule followed. */
  public CurriculumSchedule schedule() {
    return schedule;
  }

  /** The current stage index (0-based). */
  public int stage() {
    return stage;
  }

  /** N_train of the current stage: the length of the next training episode. */
  public int nTrain() {
    return schedule.nTrain(stage);
  }

  /** N_valid of the current stage: the length of validation (and baseline) episodes. */
  public int nValid() {
    return schedule.nValid(stage);
  }

  /** r of the current stage: the probability that a training episode is an imitation one. */
  public double imitationRatio() {
    return schedule.imitationRatio(stage);
  }

  /** Whether a decision ended training (stop, exhausted or budget spent). */
  public boolean finished() {
    return outcome != null;
  }

  /** How training ended, or null while it runs. */
  public Decision.Kind outcome() {
    return outcome;
  }

  /** Whether an advance is waiting for {@link #reportBaseline}. */
  public boolean awaitingBaseline() {
    return awaitingBaseline;
  }

  /**
   * Whether a periodic validation is due after training epoch {@code epoch} (1-based): every
   * T_period-th epoch while training runs and no baseline is pending.
   */
  public boolean validationDue(long epoch) {
    return !finished() && !awaitingBaseline && epoch >= 1
        && epoch % schedule.validationPeriod() == 0;
  }

  /** The kept model so far, or null when no validation has scored finite. */
  public BestModel best() {
    return best;
  }

  /** Optimizee steps of training episodes reported so far. */
  public long trainSteps() {
    return trainSteps;
  }

  /** Optimizee steps of validation episodes reported so far. */
  public long validSteps() {
    return validSteps;
  }

  /** Adds optimizee steps of training episodes run in the current stage. */
  public void addTrainSteps(long steps) {
    checkSteps("addTrainSteps", steps);
    trainSteps += steps;
    tallies.get(stage).trainSteps += steps;
  }

  /** Adds optimizee steps of validation episodes run for the current stage. */
  public void addValidSteps(long steps) {
    checkSteps("addValidSteps", steps);
    validSteps += steps;
    tallies.get(stage).validSteps += steps;
  }

  /**
   * Reports a periodic validation of the current model at {@link #nValid()} and returns what to
   * do; see the class comment for the rule.
   *
   * @throws IllegalStateException if training is over or a baseline is pending
   * @throws IllegalArgumentException if {@code epoch} is below 1 or before an earlier report
   */
  public Decision reportValidation(long epoch, double score) {
    checkRunning("reportValidation", epoch);
    if (awaitingBaseline) {
      throw new IllegalStateException(
          "reportValidation at epoch " + epoch + ": stage " + stage + " is waiting for its "
              + "baseline; call reportBaseline with the restored best model's score at n_valid = "
              + nValid() + " first");
    }
    lastEpoch = epoch;
    StageTally tally = tallies.get(stage);
    tally.validations++;
    double previousBest = stageBest;
    boolean improved = improves(score, stageBest);
    if (improved) {
      stageBest = score;
      tally.improved = true;
      best = new BestModel(epoch, stage, nTrain(), nValid(), score);
    }
    validations.add(
        new ValidationRecord(epoch, stage, nTrain(), nValid(), score, improved, false));
    listener.onMetric(METRIC_VALIDATION_SCORE, score, epoch);
    if (schedule.isCurriculum()) {
      listener.onMetric(METRIC_STAGE, stage, epoch);
    }

    if (improved) {
      return decide(epoch, Decision.Kind.NEW_BEST, stage,
          "score " + score + " improves the stage's best " + previousBest + "; save a snapshot",
          false);
    }
    String why = Double.isFinite(score)
        ? "score " + score + " does not improve the stage's best " + stageBest
        : "score " + score + " is not finite";
    if (!schedule.isCurriculum() || tally.validations < schedule.minValidations()) {
      String wait = schedule.isCurriculum()
          ? "; validation " + tally.validations + " of at least " + schedule.minValidations()
          : "; keep-best mode never ends early";
      return decide(epoch, Decision.Kind.CONTINUE, stage, why + wait, false);
    }
    if (!tally.improved) {
      return finish(epoch, Decision.Kind.STOP,
          why + "; stage " + stage + " (n_train " + nTrain() + ") never improved in "
              + tally.validations + " validations: saturated");
    }
    if (stage + 1 >= schedule.stages()) {
      return finish(epoch, Decision.Kind.EXHAUSTED,
          why + "; stage " + stage + " (n_train " + nTrain() + ") was the last listed stage");
    }
    int from = stage;
    stage++;
    stageBest = Double.POSITIVE_INFINITY;
    awaitingBaseline = true;
    tallies.add(new StageTally());
    return decide(epoch, Decision.Kind.ADVANCE, from,
        why + "; stage " + from + " improved, advance to n_train " + nTrain()
            + " from its best (epoch " + best.epoch() + ")", true);
  }

  /**
   * Reports the baseline of the stage just entered: the restored best model's score at the new
   * {@link #nValid()}. It becomes the stage's best to beat and does not count towards N_period.
   */
  public void reportBaseline(long epoch, double score) {
    checkRunning("reportBaseline", epoch);
    if (!awaitingBaseline) {
      throw new IllegalStateException(
          "reportBaseline at epoch " + epoch + ": no advance is pending in stage " + stage
              + "; report a baseline only right after an ADVANCE decision");
    }
    lastEpoch = epoch;
    awaitingBaseline = false;
    stageBest = Double.isFinite(score) ? score : Double.POSITIVE_INFINITY;
    validations.add(new ValidationRecord(epoch, stage, nTrain(), nValid(), score, false, true));
    listener.onMetric(METRIC_BASELINE_SCORE, score, epoch);
    listener.onMetric(METRIC_STAGE, stage, epoch);
  }

  /**
   * Ends training because the epoch budget ran out while the schedule still ran. If an advance
   * is pending its baseline, the restored model is simply kept.
   */
  public Decision budgetSpent(long epoch) {
    checkRunning("budgetSpent", epoch);
    lastEpoch = epoch;
    awaitingBaseline = false;
    return finish(epoch, Decision.Kind.BUDGET_SPENT,
        "epoch budget spent at epoch " + epoch + " in stage " + stage + " (n_train "
            + nTrain() + ")");
  }

  /** A snapshot of everything recorded so far, as written to {@code history.json}. */
  public CurriculumHistory history() {
    List<StageRecord> stages = new ArrayList<>(tallies.size());
    for (int s = 0; s < tallies.size(); s++) {
      StageTally t = tallies.get(s);
      stages.add(new StageRecord(s, schedule.nTrain(s), schedule.nValid(s),
          schedule.imitationRatio(s), t.validations, t.improved, t.trainSteps, t.validSteps));
    }
    return new CurriculumHistory(
        schedule, validations, decisions, stages, trainSteps, validSteps, best, outcome);
  }

  /**
   * Everything a resumed run needs to continue this controller exactly: the history so far plus
   * the position inside the current stage.
   *
   * @param history what {@link #history()} returns
   * @param stage the current stage
   * @param stageBest the score the current stage must beat (+Infinity before its first finite one)
   * @param awaitingBaseline whether an advance waits for its baseline
   * @param lastEpoch the last epoch reported
   */
  public record State(
      @JsonProperty("history") CurriculumHistory history,
      @JsonProperty("stage") int stage,
      @JsonProperty("stage_best") double stageBest,
      @JsonProperty("awaiting_baseline") boolean awaitingBaseline,
      @JsonProperty("last_epoch") long lastEpoch) {}

  /** A snapshot of the controller, for a checkpoint. */
  public State state() {
    return new State(history(), stage, stageBest, awaitingBaseline, lastEpoch);
  }

  /**
   * Continues from a {@link #state()} of a controller with the same schedule.
   *
   * @throws IllegalArgumentException if the state was made under another schedule
   */
  public void restore(State s) {
    CurriculumHistory h = s.history();
    if (!schedule.equals(h.schedule())) {
      throw new IllegalArgumentException(
          "curriculum state was saved under schedule " + h.schedule() + ", not " + schedule);
    }
    if (h.stages().isEmpty() || s.stage() != h.stages().size() - 1) {
      throw new IllegalArgumentException(
          "curriculum state: stage " + s.stage() + " with " + h.stages().size() + " stage records");
    }
    validations.clear();
    validations.addAll(h.validations());
    decisions.clear();
    decisions.addAll(h.decisions());
    tallies.clear();
    for (StageRecord r : h.stages()) {
      StageTally t = new StageTally();
      t.validations = r.validations();
      t.improved = r.improved();
      t.trainSteps = r.trainSteps();
      t.validSteps = r.validSteps();
      tallies.add(t);
    }
    trainSteps = h.trainSteps();
    validSteps = h.validSteps();
    best = h.best();
    outcome = h.outcome();
    stage = s.stage();
    stageBest = s.stageBest();
    awaitingBaseline = s.awaitingBaseline();
    lastEpoch = s.lastEpoch();
  }

  /** Writes {@link #history()} to {@code file} as JSON. */
  public void writeJson(Path file) {
    history().writeJson(file);
  }

  /** Strictly lower and finite; see the class comment. */
  static boolean improves(double score, double best) {
    return Double.isFinite(score) && score < best;
  }

  private Decision finish(long epoch, Decision.Kind kind, String reason) {
    outcome = kind;
    String keep = best == null
        ? "; no validation scored finite, so there is no best snapshot: keep the current model"
        : "; restore the best (epoch " + best.epoch() + ", stage " + best.stage() + ")";
    return decide(epoch, kind, stage, reason + keep, best != null);
  }

  private Decision decide(
      long epoch, Decision.Kind kind, int from, String reason, boolean restore) {
    Decision d = new Decision(epoch, kind, from, stage, reason, restore);
    decisions.add(d);
    if (kind != Decision.Kind.CONTINUE) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("epoch", epoch);
      details.put("from_stage", from);
      details.put("to_stage", stage);
      details.put("n_train", nTrain());
      details.put("n_valid", nValid());
      details.put("restore_best", restore);
      details.put("reason", reason);
      listener.onEvent(kind.label(), details);
    }
    return d;
  }

  private void checkRunning(String call, long epoch) {
    if (finished()) {
      throw new IllegalStateException(
          call + " at epoch " + epoch + ": training already ended (" + outcome.label()
              + "); check finished() before validating");
    }
    if (epoch < 1 || epoch < lastEpoch) {
      throw new IllegalArgumentException(
          call + ": epoch " + epoch + " must be >= 1 and not before the last reported epoch "
              + lastEpoch);
    }
  }

  private static void checkSteps(String call, long steps) {
    if (steps < 0) {
      throw new IllegalArgumentException(
          call + ": steps must be >= 0 optimizee steps, got " + steps);
    }
  }

  @Override
  public String toString() {
    return "CurriculumController(" + schedule + ", stage=" + stage + ", outcome="
        + (outcome == null ? "running" : outcome.label()) + ")";
  }

  /** Mutable per-stage counters behind {@link StageRecord}. */
  private static final class StageTally {
    int validations;
    boolean improved;
    long trainSteps;
    long validSteps;
  }
}
