package org.l2o.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.TeacherSpec;
import org.l2o.params.ParamSchema;

/**
 * Everything meta-training needs, validated on construction. Build one with {@link #builder()} or
 * {@link #preset(String)}; code that uses the builder keeps compiling when fields are added.
 *
 * <p>Curriculum learning is on when {@code clSchedule} is not empty: training then follows that
 * N_train schedule (validating at the next stage's length) and {@code nTrain}/{@code nValid} are
 * not used. Imitation learning is on when any of {@code ilRatios} is above 0: each episode is an
 * imitation episode with probability r of its stage (one value without a curriculum).
 *
 * @param optimizer the learned optimizer's architecture
 * @param problem the optimizee trained on (the paper: MLP-orig only)
 * @param epochs the overall budget of training episodes (the paper: 5000)
 * @param unroll optimizee steps per truncated-BPTT segment and meta-step (20)
 * @param nTrain optimizee steps per training episode (without a curriculum)
 * @param nValid optimizee steps per validation episode (without a curriculum)
 * @param validEvery validate after every this many episodes (T_period = 100)
 * @param validEpisodes fresh episodes per validation (20)
 * @param metaLr the meta-optimizer's (Adam's) learning rate (1e-3)
 * @param batchSize optimizee minibatch size (128; the quadratic's rows)
 * @param seed fixes the initial weights, every episode and every validation
 * @param threads TF intra/inter-op threads; 1 makes training bitwise repeatable, 0 = TF default
 * @param device "" for default placement, or e.g. "/device:GPU:0"
 * @param clSchedule the curriculum's N_train per stage ({@code cl_schedule}); empty = none
 * @param clMinValidations N_period: validations a curriculum stage lasts at least
 * @param ilTeachers the imitation teachers, taken in turn ({@code il_teachers})
 * @param ilRatios r, the probability that an episode imitates: one value per curriculum stage,
 *     the last repeating ({@code il_ratio_schedule}), or a single value ({@code il_ratio})
 * @param ilWeight omega_t, the weight of every step's imitation term ({@code il_weight}, 1)
 * @param ilLr the learning rate of the imitation loss's own Adam ({@code il_lr}, 1e-3)
 * @param recipe the episode treatment: L2O-DM's (the default) or L2O-Scale's ({@link
 *     TrainingRecipe})
 */
public record MetaTrainConfig(
    LearnedOptimizerConfig optimizer,
    ProblemName problem,
    int epochs,
    int unroll,
    int nTrain,
    int nValid,
    int validEvery,
    int validEpisodes,
    double metaLr,
    int batchSize,
    long seed,
    int threads,
    String device,
    List<Integer> clSchedule,
    int clMinValidations,
    List<TeacherSpec> ilTeachers,
    List<Double> ilRatios,
    double ilWeight,
    double ilLr,
    TrainingRecipe recipe) {

  // The paper's settings, as the params declare them (ParamSchema is the one place): a builder
  // starts from them, so a config built by hand trains as the pipeline does by default.
  public static final int EPOCHS_DEFAULT = ParamSchema.defaultInt("meta_epochs");
  public static final int UNROLL_DEFAULT = ParamSchema.defaultInt("unroll");
  public static final int N_TRAIN_DEFAULT = ParamSchema.defaultInt("n_train");
  public static final int N_VALID_DEFAULT = ParamSchema.defaultInt("n_valid");
  public static final int VALID_EVERY_DEFAULT = ParamSchema.defaultInt("valid_every");
  public static final int VALID_EPISODES_DEFAULT = ParamSchema.defaultInt("valid_episodes");
  public static final double META_LR_DEFAULT = ParamSchema.defaultDouble("meta_lr");
  public static final int BATCH_SIZE_DEFAULT = ParamSchema.defaultInt("batch_size");
  public static final int THREADS_DEFAULT = ParamSchema.defaultInt("threads");
  /** N_period (paper, section 3.1). */
  public static final int CL_MIN_VALIDATIONS_DEFAULT = ParamSchema.defaultInt("cl_min_validations");
  /** The multi-task ratio r (paper, appendix A). */
  public static final double IL_RATIO_DEFAULT = ParamSchema.defaultDouble("il_ratio");
  /** omega_t (paper, eq. 1). */
  public static final double IL_WEIGHT_DEFAULT = ParamSchema.defaultDouble("il_weight");
  /** The authors' code: the imitation loss has its own Adam at 1e-3. */
  public static final double IL_LR_DEFAULT = ParamSchema.defaultDouble("il_lr");

  public MetaTrainConfig {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(problem, "problem");
    device = device == null ? "" : device;
    positive("epochs", epochs);
    positive("unroll", unroll);
    positive("n_train", nTrain);
    positive("n_valid", nValid);
    positive("valid_every", validEvery);
    positive("valid_episodes", validEpisodes);
    positive("batch_size", batchSize);
    positive("cl_min_validations", clMinValidations);
    if (!(metaLr > 0) || !Double.isFinite(metaLr)) {
      throw new IllegalArgumentException("meta_lr must be a positive number, got " + metaLr);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = TF default), got " + threads);
    }
    clSchedule = List.copyOf(Objects.requireNonNull(clSchedule, "cl_schedule"));
    for (int n : clSchedule) {
      if (n < 1) {
        throw new IllegalArgumentException(
            "cl_schedule entries must be >= 1 optimizee step, got " + n + " in " + clSchedule);
      }
    }
    ilTeachers = List.copyOf(Objects.requireNonNull(ilTeachers, "il_teachers"));
    ilRatios = List.copyOf(Objects.requireNonNull(ilRatios, "il_ratio"));
    if (ilRatios.isEmpty()) {
      throw new IllegalArgumentException(
          "il_ratio must hold at least one r in [0, 1] (use [0.0] for no imitation), got []");
    }
    for (double r : ilRatios) {
      if (!(r >= 0 && r <= 1)) {
        throw new IllegalArgumentException(
            "imitation ratio r must be in [0, 1], got " + r + " in " + ilRatios);
      }
    }
    if (clSchedule.isEmpty() && ilRatios.size() != 1) {
      throw new IllegalArgumentException(
          "a per-stage imitation ratio schedule " + ilRatios + " needs a curriculum; set "
              + "cl_schedule, or give one il_ratio");
    }
    if (ilRatios.stream().anyMatch(r -> r > 0) && ilTeachers.isEmpty()) {
      throw new IllegalArgumentException(
          "imitation ratio " + ilRatios + " > 0 but il_teachers is empty; give at least one "
              + "teacher such as adam:0.01");
    }
    if (!(ilWeight >= 0) || !Double.isFinite(ilWeight)) {
      throw new IllegalArgumentException("il_weight must be a finite number >= 0, got " + ilWeight);
    }
    if (!(ilLr > 0) || !Double.isFinite(ilLr)) {
      throw new IllegalArgumentException("il_lr must be a positive number, got " + ilLr);
    }
    Objects.requireNonNull(recipe, "recipe");
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }
  }

  /** Whether training follows a curriculum of episode lengths. */
  public boolean curriculum() {
    return !clSchedule.isEmpty();
  }

  /** Whether any episode may be an imitation episode. */
  public boolean imitation() {
    return ilRatios.stream().anyMatch(r -> r > 0);
  }

  /**
   * The schedule the trainer follows: the curriculum over {@code clSchedule}, or one keep-best
   * stage of {@code nTrain}/{@code nValid}.
   */
  public CurriculumSchedule schedule() {
    return curriculum()
        ? CurriculumSchedule.curriculum(clSchedule, validEvery, clMinValidations, ilRatios)
        : CurriculumSchedule.fixed(nTrain, nValid, validEvery, ilRatios.get(0));
  }

  /** A builder with the paper's L2O-DM defaults on MLP-orig. */
  public static Builder builder() {
    return new Builder();
  }

  /** This config placed on {@code device} ("" for TF's default placement); nothing else changes. */
  public MetaTrainConfig withDevice(String device) {
    return new MetaTrainConfig(optimizer, problem, epochs, unroll, nTrain, nValid, validEvery,
        validEpisodes, metaLr, batchSize, seed, threads, device, clSchedule, clMinValidations,
        ilTeachers, ilRatios, ilWeight, ilLr, recipe);
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder()
        .optimizer(optimizer)
        .problem(problem)
        .epochs(epochs)
        .unroll(unroll)
        .nTrain(nTrain)
        .nValid(nValid)
        .validEvery(validEvery)
        .validEpisodes(validEpisodes)
        .metaLr(metaLr)
        .batchSize(batchSize)
        .seed(seed)
        .threads(threads)
        .device(device)
        .clSchedule(clSchedule)
        .clMinValidations(clMinValidations)
        .ilTeachers(ilTeachers)
        .ilRatios(ilRatios)
        .ilWeight(ilWeight)
        .ilLr(ilLr)
        .recipe(recipe);
  }

  /** Builds a {@link MetaTrainConfig}; every field starts at its default. */
  public static final class Builder {
    private LearnedOptimizerConfig optimizer = LearnedOptimizerConfig.dm();
    private ProblemName problem = ProblemName.MLP_ORIG;
    private int epochs = EPOCHS_DEFAULT;
    private int unroll = UNROLL_DEFAULT;
    private int nTrain = N_TRAIN_DEFAULT;
    private int nValid = N_VALID_DEFAULT;
    private int validEvery = VALID_EVERY_DEFAULT;
    private int validEpisodes = VALID_EPISODES_DEFAULT;
    private double metaLr = META_LR_DEFAULT;
    private int batchSize = BATCH_SIZE_DEFAULT;
    private long seed;
    private int threads = THREADS_DEFAULT;
    private String device = "";
    private List<Integer> clSchedule = List.of();
    private int clMinValidations = CL_MIN_VALIDATIONS_DEFAULT;
    private List<TeacherSpec> ilTeachers = TeacherSpec.SEED_TEACHERS;
    private List<Double> ilRatios = List.of(0.0);
    private double ilWeight = IL_WEIGHT_DEFAULT;
    private double ilLr = IL_LR_DEFAULT;
    private TrainingRecipe recipe = TrainingRecipe.DM;

    public Builder optimizer(LearnedOptimizerConfig v) {
      optimizer = v;
      return this;
    }

    public Builder problem(ProblemName v) {
      problem = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder unroll(int v) {
      unroll = v;
      return this;
    }

    public Builder nTrain(int v) {
      nTrain = v;
      return this;
    }

    public Builder nValid(int v) {
      nValid = v;
      return this;
    }

    public Builder validEvery(int v) {
      validEvery = v;
      return this;
    }

    public Builder validEpisodes(int v) {
      validEpisodes = v;
      return this;
    }

    public Builder metaLr(double v) {
      metaLr = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder device(String v) {
      device = v;
      return this;
    }

    /** The curriculum's N_train per stage; empty (the default) trains without a curriculum. */
    public Builder clSchedule(List<Integer> v) {
      clSchedule = v == null ? List.of() : new ArrayList<>(v);
      return this;
    }

    public Builder clMinValidations(int v) {
      clMinValidations = v;
      return this;
    }

    public Builder ilTeachers(List<TeacherSpec> v) {
      ilTeachers = v;
      return this;
    }

    /** Parses {@code name:lr} teachers such as {@code adam:0.01}. */
    public Builder ilTeacherNames(List<String> v) {
      ilTeachers = TeacherSpec.parseAll(v);
      return this;
    }

    /** r per curriculum stage, the last repeating. */
    public Builder ilRatios(List<Double> v) {
      ilRatios = v;
      return this;
    }

    /** One r for every episode. */
    public Builder ilRatio(double v) {
      ilRatios = List.of(v);
      return this;
    }

    public Builder ilWeight(double v) {
      ilWeight = v;
      return this;
    }

    public Builder ilLr(double v) {
      ilLr = v;
      return this;
    }

    /** L2O-DM's episode treatment (the default) or L2O-Scale's. */
    public Builder recipe(TrainingRecipe v) {
      recipe = v;
      return this;
    }

    public MetaTrainConfig build() {
      return new MetaTrainConfig(
          optimizer, problem, epochs, unroll, nTrain, nValid, validEvery, validEpisodes, metaLr,
          batchSize, seed, threads, device, clSchedule, clMinValidations, ilTeachers, ilRatios,
          ilWeight, ilLr, recipe);
    }
  }
}
