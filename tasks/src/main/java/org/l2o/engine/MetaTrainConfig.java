package org.l2o.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.l2o.engine.curriculum.CurriculumSchedule;
import org.l2o.engine.curriculum.TeacherSpec;

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

  public static final int EPOCHS_DEFAULT = 5000;
  public static final int UNROLL_DEFAULT = 20;
  public static final int N_TRAIN_DEFAULT = 100;
  public static final int N_VALID_DEFAULT = 100;
  public static final int VALID_EVERY_DEFAULT = 100;
  public static final int VALID_EPISODES_DEFAULT = 20;
  public static final double META_LR_DEFAULT = 1e-3;
  public static final int BATCH_SIZE_DEFAULT = 128;
  public static final int THREADS_DEFAULT = 1;
  public static final int CL_MIN_VALIDATIONS_DEFAULT = CurriculumSchedule.MIN_VALIDATIONS_DEFAULT;
  /** The seed's multi-task ratio r (A1.3). */
  public static final double IL_RATIO_DEFAULT = 0.3;
  /** The seed's omega_t (A1.3). */
  public static final double IL_WEIGHT_DEFAULT = 1.0;
  /** The authors' code: the imitation loss has its own Adam at 1e-3. */
  public static final double IL_LR_DEFAULT = 1e-3;

  /** L2O-Scale's meta-iterations in the authors' README ({@code --num_meta_iterations=100}). */
  public static final int SCALE_EPOCHS_DEFAULT = 100;
  /** L2O-Scale's curriculum ({@code metaopt.py}): 12 stages up to 5,000 steps. */
  public static final List<Integer> SCALE_CL_SCHEDULE_DEFAULT =
      List.of(100, 200, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000);
  /** L2O-Scale validates after every meta-iteration ({@code --evaluation_period=1}). */
  public static final int SCALE_VALID_EVERY_DEFAULT = 1;
  /** ... with 5 episodes ({@code --evaluation_epochs=5}). */
  public static final int SCALE_VALID_EPISODES_DEFAULT = 5;
  /** L2O-Scale's imitation ratio, constant over stages ({@code --mt_ratio=0.1}). */
  public static final double SCALE_IL_RATIO_DEFAULT = 0.1;
  /** L2O-Scale's teacher ({@code mt_utils.py}): Adam at 0.01. */
  public static final List<TeacherSpec> SCALE_IL_TEACHERS_DEFAULT =
      List.of(new TeacherSpec(org.l2o.engine.curriculum.TeacherKind.ADAM, 0.01));
  /** L2O-Scale's imitation step weight: the objective weight 1/T of a 20-step unroll. */
  public static final double SCALE_IL_WEIGHT_DEFAULT = 1.0 / UNROLL_DEFAULT;

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

  /**
   * The paper's variants: {@code dm} (N_train = N_valid = 100), {@code dm-aug} (1000 / 1500),
   * {@code rnnprop} (100 / 100 with the RNNprop architecture), {@code dm-cl} and {@code
   * rnnprop-cl} (the seed's curriculum), {@code dm-il} (100 / 100, r = 0.3, the seed's teachers)
   * and {@code dm-cl-il}, {@code rnnprop-cl-il} (curriculum, r per stage 0, 0.1, 0.3, ...). Any
   * other setting is a builder away.
   */
  public static Builder preset(String variant) {
    String v = variant == null ? "" : variant.trim().toLowerCase(Locale.ROOT);
    List<Integer> cl = CurriculumSchedule.N_TRAIN_DEFAULT;
    List<Double> clIl = CurriculumSchedule.IMITATION_RATIOS_CL_IL_DEFAULT;
    return switch (v) {
      case "dm" -> builder();
      case "dm-aug" -> builder().nTrain(1000).nValid(1500);
      case "rnnprop" -> builder().optimizer(LearnedOptimizerConfig.rnnprop());
      case "dm-cl" -> builder().clSchedule(cl);
      case "rnnprop-cl" -> builder().optimizer(LearnedOptimizerConfig.rnnprop()).clSchedule(cl);
      case "dm-il" -> builder().ilRatio(IL_RATIO_DEFAULT);
      case "dm-cl-il" -> builder().clSchedule(cl).ilRatios(clIl);
      case "rnnprop-cl-il" ->
          builder().optimizer(LearnedOptimizerConfig.rnnprop()).clSchedule(cl).ilRatios(clIl);
      case "scale" -> scaleBuilder();
      case "scale-cl-il" ->
          scaleBuilder()
              .clSchedule(SCALE_CL_SCHEDULE_DEFAULT)
              .ilRatios(List.of(SCALE_IL_RATIO_DEFAULT))
              .ilTeachers(SCALE_IL_TEACHERS_DEFAULT)
              .ilWeight(SCALE_IL_WEIGHT_DEFAULT);
      default ->
          throw new IllegalArgumentException(
              "unknown meta-training variant '" + variant + "'; expected dm, dm-aug, rnnprop, "
                  + "dm-cl, rnnprop-cl, dm-il, dm-cl-il, rnnprop-cl-il, scale or scale-cl-il");
    };
  }

  /**
   * L2O-Scale as the authors' code trains it, without curriculum or imitation: their recipe,
   * RMSProp at 1e-6, 100 meta-iterations of 100 steps, validated after each with 5 episodes (the
   * command of the plain baseline is not in their README; this is their CL-IL command with both
   * off).
   */
  private static Builder scaleBuilder() {
    return builder()
        .optimizer(LearnedOptimizerConfig.scale())
        .recipe(TrainingRecipe.scale())
        .metaLr(MetaRmsProp.LR_DEFAULT)
        .epochs(SCALE_EPOCHS_DEFAULT)
        .validEvery(SCALE_VALID_EVERY_DEFAULT)
        .validEpisodes(SCALE_VALID_EPISODES_DEFAULT);
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
