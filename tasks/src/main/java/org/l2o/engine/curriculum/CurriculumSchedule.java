package org.l2o.engine.curriculum;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The meta-training schedule: which episode length N_train each stage trains at, at which length
 * N_valid it validates, how often (T_period) and how long a stage lasts at least (N_period), and
 * the per-stage imitation ratio r.
 *
 * <p>Two modes share one trainer code path:
 *
 * <ul>
 *   <li>{@link Mode#CURRICULUM} (L2O-DM-CL, the paper's appendix A1.2): N_valid of a stage is N_train of
 *       the next stage. The last listed stage has no next one, so it validates at its own
 *       N_train; the authors' code indexes past the end of its list there and crashes, we end
 *       cleanly instead (see {@link CurriculumController}).
 *   <li>{@link Mode#KEEP_BEST} (plain L2O-DM, -AUG, -IL): one stage with a fixed N_train and
 *       N_valid that never ends early; validation only decides which model is kept. {@code
 *       minValidations} is ignored in this mode.
 * </ul>
 *
 * @param mode curriculum or keep-best
 * @param nTrain N_train per stage, optimizee steps of one training episode
 * @param nValid N_valid per stage, optimizee steps of one validation episode
 * @param validationPeriod T_period: a validation runs at every epoch that is a multiple of it
 * @param minValidations N_period: periodic validations a curriculum stage lasts at least
 * @param imitationRatios r per stage (share of imitation episodes); the last value repeats for
 *     later stages
 */
public record CurriculumSchedule(
    @JsonProperty("mode") Mode mode,
    @JsonProperty("n_train") List<Integer> nTrain,
    @JsonProperty("n_valid") List<Integer> nValid,
    @JsonProperty("validation_period") int validationPeriod,
    @JsonProperty("min_validations") int minValidations,
    @JsonProperty("imitation_ratios") List<Double> imitationRatios) {

  /** The paper's N_train schedule (appendix A1.2); "..." there continues in steps of 500. */
  public static final List<Integer> N_TRAIN_DEFAULT =
      List.of(100, 200, 500, 1000, 1500, 2000, 2500, 3000);

  /** T_period: epochs between validations. */
  public static final int VALIDATION_PERIOD_DEFAULT = 100;

  /** N_period: validations a curriculum stage lasts at least. */
  public static final int MIN_VALIDATIONS_DEFAULT = 3;

  /** r per curriculum stage in the authors' CL-IL code; the last value repeats. */
  public static final List<Double> IMITATION_RATIOS_CL_IL_DEFAULT = List.of(0.0, 0.1, 0.3);

  /** Whether validation can end a stage (curriculum) or only chooses the kept model. */
  public enum Mode {
    @JsonProperty("curriculum")
    CURRICULUM,
    @JsonProperty("keep_best")
    KEEP_BEST
  }

  /** Validates and freezes the lists; every message names the offending value. */
  public CurriculumSchedule {
    Objects.requireNonNull(mode, "mode");
    nTrain = positiveCopy("n_train", nTrain);
    nValid = positiveCopy("n_valid", nValid);
    if (nValid.size() != nTrain.size()) {
      throw new IllegalArgumentException(
          "curriculum schedule: n_valid has " + nValid.size() + " entries " + nValid
              + " but n_train has " + nTrain.size() + " " + nTrain + ", expected one per stage");
    }
    if (mode == Mode.KEEP_BEST && nTrain.size() != 1) {
      throw new IllegalArgumentException(
          "curriculum schedule: keep-best mode has exactly one stage, got n_train = " + nTrain
              + "; use mode CURRICULUM for a schedule of lengths");
    }
    if (validationPeriod < 1) {
      throw new IllegalArgumentException(
          "curriculum schedule: validation_period (T_period) must be >= 1 epoch, got "
              + validationPeriod);
    }
    if (minValidations < 1) {
      throw new IllegalArgumentException(
          "curriculum schedule: min_validations (N_period) must be >= 1, got " + minValidations);
    }
    Objects.requireNonNull(imitationRatios, "imitation_ratios");
    if (imitationRatios.isEmpty()) {
      throw new IllegalArgumentException(
          "curriculum schedule: imitation_ratios is empty, expected at least one r in [0, 1] "
              + "(use [0.0] for no imitation)");
    }
    for (Double r : imitationRatios) {
      if (r == null || !(r >= 0.0 && r <= 1.0)) {
        throw new IllegalArgumentException(
            "curriculum schedule: imitation ratio " + r + " in " + imitationRatios
                + " is outside [0, 1]");
      }
    }
    imitationRatios = List.copyOf(imitationRatios);
  }

  /**
   * A curriculum over {@code nTrain}, each stage validating at the next stage's length and the
   * last at its own.
   */
  public static CurriculumSchedule curriculum(
      List<Integer> nTrain, int validationPeriod, int minValidations,
      List<Double> imitationRatios) {
    List<Integer> train = positiveCopy("n_train", nTrain);
    List<Integer> valid = new ArrayList<>(train.size());
    for (int s = 0; s < train.size(); s++) {
      valid.add(train.get(Math.min(s + 1, train.size() - 1)));
    }
    return new CurriculumSchedule(
        Mode.CURRICULUM, train, valid, validationPeriod, minValidations, imitationRatios);
  }

  /** The paper's L2O-DM-CL schedule (appendix A1.2): the default N_train list, T_period 100, N_period 3, r = 0. */
  public static CurriculumSchedule paperCurriculum() {
    return curriculum(
        N_TRAIN_DEFAULT, VALIDATION_PERIOD_DEFAULT, MIN_VALIDATIONS_DEFAULT, List.of(0.0));
  }

  /**
   * A non-curriculum run, such as L2O-DM (100/100), -AUG (1000/1500) or -IL (100/100, r 0.3):
   * one stage that validates every {@code validationPeriod} epochs and only keeps the best.
   */
  public static CurriculumSchedule fixed(
      int nTrain, int nValid, int validationPeriod, double imitationRatio) {
    return new CurriculumSchedule(
        Mode.KEEP_BEST, List.of(nTrain), List.of(nValid), validationPeriod,
        MIN_VALIDATIONS_DEFAULT, List.of(imitationRatio));
  }

  /** Number of stages. */
  public int stages() {
    return nTrain.size();
  }

  /** N_train of {@code stage}: optimizee steps per training episode. */
  public int nTrain(int stage) {
    return nTrain.get(checkStage(stage));
  }

  /** N_valid of {@code stage}: optimizee steps per validation episode. */
  public int nValid(int stage) {
    return nValid.get(checkStage(stage));
  }

  /** r of {@code stage}; stages past the end of the ratio list reuse its last value. */
  public double imitationRatio(int stage) {
    checkStage(stage);
    return imitationRatios.get(Math.min(stage, imitationRatios.size() - 1));
  }

  /** Whether validation may end a stage (true) or only picks the kept model (false). */
  @JsonIgnore
  public boolean isCurriculum() {
    return mode == Mode.CURRICULUM;
  }

  private int checkStage(int stage) {
    if (stage < 0 || stage >= nTrain.size()) {
      throw new IllegalArgumentException(
          "curriculum stage " + stage + " out of range, expected 0.." + (nTrain.size() - 1)
              + " for n_train = " + nTrain);
    }
    return stage;
  }

  private static List<Integer> positiveCopy(String name, List<Integer> lengths) {
    Objects.requireNonNull(lengths, name);
    if (lengths.isEmpty()) {
      throw new IllegalArgumentException(
          "curriculum schedule: " + name + " is empty, expected at least one episode length");
    }
    for (Integer n : lengths) {
      if (n == null || n < 1) {
        throw new IllegalArgumentException(
            "curriculum schedule: " + name + " entry " + n + " in " + lengths
                + " must be >= 1 optimizee step");
      }
    }
    return List.copyOf(lengths);
  }

  @Override
  public String toString() {
    return "CurriculumSchedule(mode=" + mode.name().toLowerCase(java.util.Locale.ROOT)
        + ", n_train=" + nTrain + ", n_valid=" + nValid + ", T_period=" + validationPeriod
        + ", N_period=" + minValidations + ", r=" + imitationRatios + ")";
  }
}
