package org.l2o.params;

import static org.l2o.params.StageNames.EVALUATE;
import static org.l2o.params.StageNames.FETCH;
import static org.l2o.params.StageNames.PLOT;
import static org.l2o.params.StageNames.TRAIN_BASELINE;
import static org.l2o.params.StageNames.TRAIN_CURRICULUM;
import static org.l2o.params.StageNames.TRAIN_IMITATION;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.params.ParamSpec.TaskFilter;
import org.l2o.variants.FigA1Setting;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * Every param of the pipeline, declared once. The Java runner validates against it, stages read
 * through it, and {@code nextflow_schema.json} is generated from it.
 *
 * <p>Defaults are the paper's settings (its appendix A); the smoke and quick profiles shrink the
 * work.
 */
public final class ParamSchema {

  /** What param {@code trained} accepts: a registered model version (versions never change). */
  public static final String REGISTERED_MODEL_URI = "models:/[^/@\\s]+/[1-9][0-9]*";

  public static final List<String> PROBLEMS =
      List.of("mlp-orig", "mlp-relu", "mlp-deeper", "conv-mnist", "conv-cifar", "quadratic");

  private static final String[] TRAIN = {TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION};
  private static final String[] TRAIN_EVAL = {
    TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION, EVALUATE
  };

  // ---- which tasks of a param's stages read it (before ALL: static fields initialise in order) ----

  /** Read by the fan-out to plan a stage's tasks, by no task. */
  private static final TaskFilter FAN_OUT = (stage, v) -> false;
  private static final TaskFilter DM_RECIPE = (stage, v) -> !v.scaleRecipe();
  private static final TaskFilter SCALE_RECIPE = (stage, v) -> v.scaleRecipe();
  /** The network shape params: training an L2O-DM or RNNprop, or evaluating the untrained one. */
  private static final TaskFilter NETWORK = (stage, v) -> stage.equals(EVALUATE)
      ? v.kind() == Variant.Kind.UNTRAINED : !v.scaleRecipe();
  private static final TaskFilter CURRICULUM = (stage, v) -> v.curriculum();
  private static final TaskFilter DM_CURRICULUM = (stage, v) -> v.curriculum() && !v.scaleRecipe();
  private static final TaskFilter DM_FIXED_EPISODES =
      (stage, v) -> !v.curriculum() && !v.scaleRecipe();
  private static final TaskFilter FIG_A1 = (stage, v) -> v.figA1Setting().isPresent();
  private static final TaskFilter NOT_FIG_A1 = (stage, v) -> v.figA1Setting().isEmpty();
  private static final TaskFilter NEEDS_TRAINING = (stage, v) -> v.needsTraining();

  /** Read by the variants whose episode lengths param {@code name} holds. */
  private static TaskFilter episodes(String name) {
    return (stage, v) -> v.episodes().params().contains(name);
  }

  /** Read by the evaluation of {@code optimizer} only. */
  private static TaskFilter only(Variant optimizer) {
    return (stage, v) -> v.equals(optimizer);
  }

  private static final List<ParamSpec> ALL = build();

  private static final Map<String, ParamSpec> BY_NAME = index(ALL);

  private ParamSchema() {}

  /** Every param, in declaration (and documentation) order. */
  public static List<ParamSpec> all() {
    return ALL;
  }

  public static Optional<ParamSpec> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The built-in default of {@code name}: the paper's setting. */
  public static Object defaultOf(String name) {
    ParamSpec s = find(name).orElseThrow(() -> new IllegalArgumentException("undeclared param: " + name));
    if (s.defaultValue() == null) {
      throw new IllegalArgumentException("param " + name + " has no default (it is set per task)");
    }
    return s.defaultValue();
  }

  public static int defaultInt(String name) {
    return (Integer) defaultOf(name);
  }

  public static double defaultDouble(String name) {
    return (Double) defaultOf(name);
  }

  /**
   * What one task reads: the params of stage {@code stage} that its {@code element} (the variant
   * a training task makes, the optimizer an evaluation task runs; null for fetch and plot) reads,
   * per-task params and {@link ParamSpec#optional() optional} ones included. The runner gives a
   * task exactly these (an optional one only when it decides so), hashes them into its cache key,
   * and the stage reads nothing else.
   */
  public static List<ParamSpec> forTask(String stage, Variant element) {
    return ALL.stream().filter(p -> p.readBy(stage, element)).toList();
  }

  /** The names of {@link #forTask}, without the per-task and optional ones: what a task must be given. */
  public static List<String> requiredFor(String stage, Variant element) {
    return forTask(stage, element).stream()
        .filter(p -> !p.perTask() && !p.optional()).map(ParamSpec::name).toList();
  }

  private static Map<String, ParamSpec> index(List<ParamSpec> specs) {
    Map<String, ParamSpec> m = new LinkedHashMap<>();
    for (ParamSpec s : specs) {
      if (m.put(s.name(), s) != null) {
        throw new IllegalStateException("param declared twice: " + s.name());
      }
    }
    return Map.copyOf(m);
  }

  private static ParamSpec.Builder p(String name, ParamType type) {
    return ParamSpec.builder(name, type);
  }

  /** The names of the variants {@code stage} trains, the Fig A1 settings aside. */
  private static List<String> trainedBy(String stage) {
    return Variants.names(Variants.trainedBy(stage));
  }

  private static String[] array(List<String> names) {
    return names.toArray(String[]::new);
  }

  /** {@code name:lr} of an analytical optimizer, as the imitation teachers are written. */
  private static String teacherPattern() {
    return "(" + String.join("|", Variants.names(Variants.analytical())) + "):[0-9.eE+-]+";
  }

  private static List<ParamSpec> build() {
    double inf = Double.MAX_VALUE;
    return List.of(
        // ---- run ----
        p("profile", ParamType.STRING).group("run").defaultValue("paper").stages(PLOT)
            .description("Name of the profile these params came from; shown in the report.")
            .build(),
        p("reference", ParamType.STRING).group("run").defaultValue("auto").stages(PLOT)
            .description("A finished run set beside this one in the report's table: auto (the "
                + "committed reference/<profile>/ run, when this build has one), none, or a run's "
                + "output folder or its table.csv.")
            .build(),
        p("seed", ParamType.INT).group("run").defaultValue(0).range(0.0, 2147483647.0)
            .stages(TRAIN_EVAL)
            .description("Base random seed. Training seeds and evaluation seeds derive from it.")
            .build(),
        p("device", ParamType.STRING).group("run").defaultValue("auto").allowed("auto", "cpu", "gpu")
            .stages(TRAIN_EVAL).notHashed()
            .description("Compute device: auto (GPU if usable, else CPU, logged once), cpu, or gpu "
                + "(fails fast without a usable GPU).")
            .build(),
        p("threads", ParamType.INT).group("run").defaultValue(1).range(1.0, 256.0).stages(TRAIN_EVAL)
            .description("TensorFlow intra-op threads per task. 1 gives bitwise-repeatable results.")
            .build(),
        p("workers", ParamType.INT).group("run").defaultValue(2).range(1.0, 256.0).notHashed()
            .description("Tasks the Java runner runs at once (Nextflow ignores it).")
            .build(),
        // ---- data ----
        p("datasets", ParamType.STRING_LIST).group("data").defaultValue(List.of("mnist", "cifar10"))
            .allowed("mnist", "cifar10", "fashion-mnist").stages(FETCH)
            .description("Datasets to fetch. cifar10 is needed only by conv-cifar.")
            .build(),
        p("data_mirrors", ParamType.STRING).group("data").defaultValue("").stages(FETCH)
            .description("Comma-separated http(s):// or file:// base URLs tried in order before "
                + "giving up; blank = $L2O_DATA_MIRRORS, else the official sources.")
            .build(),
        p("data_verify", ParamType.BOOL).group("data").defaultValue(true).stages(FETCH)
            .description("Check official SHA-256s. false accepts other files (test data, subsets) "
                + "with a loud warning, and marks every result as unverified.")
            .build(),
        p("data_cache", ParamType.STRING).group("data").defaultValue("").stages(FETCH).notHashed()
            .description("Shared download cache; blank = $L2O_DATA_CACHE, else ~/.cache/l2o/data.")
            .build(),
        p("mnist_source", ParamType.STRING).group("data").defaultValue("mnist")
            .allowed("mnist", "fashion-mnist").stages(TRAIN_EVAL)
            .description("Dataset the MNIST problems (MLP-*, Conv-MNIST) train on. fashion-mnist "
                + "substitutes real Fashion-MNIST (same format, e.g. Debian's dataset-fashion-mnist) "
                + "where MNIST cannot be had; every result then says so.")
            .build(),
        p("offline", ParamType.BOOL).group("data").defaultValue(false).stages(FETCH).notHashed()
            .description("Use the data cache only; fail naming what is missing.")
            .build(),
        // ---- which optimizers to train ----
        p("baseline_variants", ParamType.STRING_LIST).readBy(FAN_OUT).group("variants")
            .defaultValue(trainedBy(TRAIN_BASELINE)).allowed(array(trainedBy(TRAIN_BASELINE)))
            .stages(TRAIN_BASELINE)
            .description("train-baseline tasks: dm (N_train=N_valid=100), dm-aug (1000/1500), rnnprop, "
                + "scale (L2O-Scale with its authors' recipe, the scale_* params).")
            .build(),
        p("fig_a1_settings", ParamType.STRING_LIST).readBy(FAN_OUT).group("variants")
            .defaultValue(List.of("100:100", "100:200", "200:200", "200:500", "500:500", "500:1000",
                "1000:1000", "1000:1500"))
            .pattern(FigA1Setting.PARAM_PATTERN).stages(TRAIN_BASELINE)
            .description("Fig A1 grid of N_train:N_valid settings, each trained as dm-a1-<n>-<v>.")
            .build(),
        p("curriculum_variants", ParamType.STRING_LIST).readBy(FAN_OUT).group("variants")
            .defaultValue(List.of(Variants.DM_CL.name()))
            .allowed(array(trainedBy(TRAIN_CURRICULUM)))
            .stages(TRAIN_CURRICULUM)
            .description("train-curriculum tasks.")
            .build(),
        p("imitation_variants", ParamType.STRING_LIST).readBy(FAN_OUT).group("variants")
            .defaultValue(trainedBy(TRAIN_IMITATION)).allowed(array(trainedBy(TRAIN_IMITATION)))
            .stages(TRAIN_IMITATION)
            .description("train-imitation tasks.")
            .build(),
        // ---- meta-training ----
        p("meta_epochs", ParamType.INT).readBy(DM_RECIPE).group("training").defaultValue(5000).range(1.0, 1e7)
            .stages(TRAIN)
            .description("Training episodes per learned optimizer (the paper's appendix: 5000; the authors' "
                + "README: 10000 for L2O-DM).")
            .build(),
        p("meta_lr", ParamType.FLOAT).readBy(DM_RECIPE).group("training").defaultValue(1e-3).range(1e-9, 1.0)
            .stages(TRAIN).description("Adam learning rate of the meta-optimizer.").build(),
        p("unroll", ParamType.INT).group("training").defaultValue(20).range(1.0, 1000.0)
            .stages(TRAIN).description("Truncated-BPTT unroll length (optimizee steps).").build(),
        p("n_train", ParamType.INT).readBy(episodes("n_train")).group("training").defaultValue(100).range(1.0, 1e6)
            .stages(TRAIN).description("Episode length N_train of dm, rnnprop and the IL variants.")
            .build(),
        p("n_valid", ParamType.INT).readBy(episodes("n_valid")).group("training").defaultValue(100).range(1.0, 1e6)
            .stages(TRAIN).description("Validation episode length N_valid of dm, rnnprop and dm-il.")
            .build(),
        p("aug_n_train", ParamType.INT).readBy(episodes("aug_n_train")).group("training").defaultValue(1000).range(1.0, 1e6)
            .stages(TRAIN_BASELINE).description("N_train of dm-aug.").build(),
        p("aug_n_valid", ParamType.INT).readBy(episodes("aug_n_valid")).group("training").defaultValue(1500).range(1.0, 1e6)
            .stages(TRAIN_BASELINE).description("N_valid of dm-aug.").build(),
        p("valid_every", ParamType.INT).readBy(DM_RECIPE).group("training").defaultValue(100).range(1.0, 1e7)
            .stages(TRAIN).description("T_period: episodes between validations.").build(),
        p("valid_episodes", ParamType.INT).readBy(DM_RECIPE).group("training").defaultValue(20).range(1.0, 1e4)
            .stages(TRAIN)
            .description("Fresh episodes per validation; the score is the sum of their final losses.")
            .build(),
        p("train_problem", ParamType.STRING).group("training").defaultValue("mlp-orig")
            .allowed("mlp-orig", "quadratic").stages(TRAIN)
            .description("Optimizee used for meta-training (the paper: MLP-orig only).")
            .build(),
        p("batch_size", ParamType.INT).group("training").defaultValue(128).range(1.0, 65536.0)
            .stages(TRAIN_EVAL).description("Optimizee minibatch size, drawn with replacement.")
            .build(),
        // ---- checkpoints ----
        p("checkpoint_every", ParamType.INT).group("checkpoints").defaultValue(50)
            .range(1.0, 1e7).stages(TRAIN).notHashed()
            .description("A training task saves a checkpoint every this many episodes (sooner "
                + "when checkpoint_minutes pass, and on SIGTERM/SIGINT); rerunning the same task "
                + "resumes from it, bit for bit with threads = 1.")
            .build(),
        p("checkpoint_minutes", ParamType.FLOAT).group("checkpoints").defaultValue(5.0)
            .range(0.01, 1e6).stages(TRAIN).notHashed()
            .description("Longest time between two checkpoints of a training task, in minutes.")
            .build(),
        p("checkpoint_dir", ParamType.STRING).group("checkpoints").defaultValue("")
            .stages(TRAIN).notHashed()
            .description("Where training checkpoints live. Blank: beside the task's output "
                + "(<out>.checkpoint). A folder: <folder>/<task fingerprint>/, which a Nextflow "
                + "retry in a new work folder finds.")
            .build(),
        p("preproc_k", ParamType.FLOAT).readBy(NETWORK).group("optimizer").defaultValue(5.0).range(0.1, 100.0)
            .stages(TRAIN_EVAL)
            .description("L2O-DM gradient preprocessing k (authors' code: 5; original paper: 10).")
            .build(),
        p("lstm_layers", ParamType.INT).readBy(NETWORK).group("optimizer").defaultValue(2).range(1.0, 8.0)
            .stages(TRAIN_EVAL).description("LSTM layers of the learned optimizers.").build(),
        p("lstm_hidden", ParamType.INT).readBy(NETWORK).group("optimizer").defaultValue(20).range(1.0, 1024.0)
            .stages(TRAIN_EVAL).description("Units per LSTM layer.").build(),
        p("output_scale", ParamType.FLOAT).readBy(NETWORK).group("optimizer").defaultValue(0.01).range(1e-9, 10.0)
            .stages(TRAIN_EVAL).description("Scale of the LSTM's output update.").build(),
        // ---- curriculum ----
        p("cl_schedule", ParamType.INT_LIST).readBy(DM_CURRICULUM).group("curriculum")
            .defaultValue(List.of(100, 200, 500, 1000, 1500, 2000, 2500, 3000)).range(1.0, 1e6)
            .stages(TRAIN_CURRICULUM, TRAIN_IMITATION)
            .description("Curriculum N_train schedule; validation runs at the next stage's length.")
            .build(),
        p("cl_min_validations", ParamType.INT).readBy(CURRICULUM).group("curriculum").defaultValue(3).range(1.0, 1e4)
            .stages(TRAIN_CURRICULUM, TRAIN_IMITATION)
            .description("N_period: validations a curriculum stage lasts at least.")
            .build(),
        // ---- imitation ----
        p("il_teachers", ParamType.STRING_LIST).readBy(DM_RECIPE).group("imitation")
            .defaultValue(List.of("adam:0.01", "sgd:0.01", "adagrad:0.01"))
            .pattern(teacherPattern()).stages(TRAIN_IMITATION)
            .description("Teachers as name:lr, taken in turn (the paper's appendix: Adam, SGD, Adagrad at 0.01).")
            .build(),
        p("il_ratio", ParamType.FLOAT).readBy(DM_FIXED_EPISODES).group("imitation").defaultValue(0.3).range(0.0, 1.0)
            .stages(TRAIN_IMITATION).description("Multi-task ratio r: share of imitation episodes.")
            .build(),
        p("il_ratio_schedule", ParamType.FLOAT_LIST).readBy(DM_CURRICULUM).group("imitation")
            .defaultValue(List.of(0.0, 0.1, 0.3)).range(0.0, 1.0).stages(TRAIN_IMITATION)
            .description("Per-curriculum-stage r for the CL-IL variants; the last value repeats.")
            .build(),
        p("il_weight", ParamType.FLOAT).readBy(DM_RECIPE).group("imitation").defaultValue(1.0).range(0.0, 1e6)
            .stages(TRAIN_IMITATION).description("omega_t, the weight of every step's imitation loss.")
            .build(),
        p("il_lr", ParamType.FLOAT).readBy(DM_RECIPE).group("imitation").defaultValue(1e-3).range(1e-9, 1.0)
            .stages(TRAIN_IMITATION).description("Adam learning rate of the imitation loss.")
            .build(),
        // ---- L2O-Scale (the scale and scale-cl-il variants) ----
        p("scale_meta_epochs", ParamType.INT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(100).range(1.0, 1e7)
            .stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Meta-iterations (episodes) of L2O-Scale; its authors' README: 100.")
            .build(),
        p("scale_meta_lr", ParamType.FLOAT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(1e-6).range(1e-12, 1.0)
            .stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("RMSProp learning rate of L2O-Scale's meta-optimizer (authors: 1e-6; decay "
                + "0.9, eps 1e-20, mean square from 1).")
            .build(),
        p("scale_meta_clip", ParamType.FLOAT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(1e4).range(0.0, 1e12)
            .stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Meta-gradient clip level, after non-finite elements are zeroed (0 = none).")
            .build(),
        p("scale_n_train", ParamType.INT).readBy(episodes("scale_n_train")).group("l2o-scale").defaultValue(100).range(1.0, 1e6)
            .stages(TRAIN_BASELINE).description("Episode length N_train of scale.").build(),
        p("scale_n_valid", ParamType.INT).readBy(episodes("scale_n_valid")).group("l2o-scale").defaultValue(100).range(1.0, 1e6)
            .stages(TRAIN_BASELINE).description("Validation episode length N_valid of scale.")
            .build(),
        p("scale_valid_every", ParamType.INT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(1).range(1.0, 1e7)
            .stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Episodes between L2O-Scale validations (authors: every meta-iteration).")
            .build(),
        p("scale_valid_episodes", ParamType.INT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(5).range(1.0, 1e4)
            .stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Episodes per L2O-Scale validation; the score is their mean objective F.")
            .build(),
        p("scale_objective_examples", ParamType.INT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(10000)
            .range(1.0, 1e7).stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Examples of the fresh training subset per unroll on which L2O-Scale's "
                + "log-ratio meta-objective is computed at every step (authors: 10,000).")
            .build(),
        p("scale_train_init_stddev", ParamType.FLOAT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(1.0)
            .range(0.0, 100.0).stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Optimizees of L2O-Scale's training and validation start N(0, sd^2) "
                + "(authors: 1; 0 = the problem's N(0, 0.01^2), as at evaluation).")
            .build(),
        p("scale_carry_state", ParamType.BOOL).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(true)
            .stages(TRAIN_BASELINE, TRAIN_IMITATION)
            .description("Carry L2O-Scale's optimizer state from episode to episode, as its "
                + "authors' code does (reset only at the first); false resets every episode.")
            .build(),
        p("scale_cl_schedule", ParamType.INT_LIST).readBy(SCALE_RECIPE).group("l2o-scale")
            .defaultValue(List.of(100, 200, 500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500,
                5000))
            .range(1.0, 1e6).stages(TRAIN_IMITATION)
            .description("Curriculum N_train schedule of scale-cl-il (its authors' code).")
            .build(),
        p("scale_il_ratio", ParamType.FLOAT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(0.1).range(0.0, 1.0)
            .stages(TRAIN_IMITATION)
            .description("Share of imitation episodes of scale-cl-il, the same in every stage.")
            .build(),
        p("scale_il_teachers", ParamType.STRING_LIST).readBy(SCALE_RECIPE).group("l2o-scale")
            .defaultValue(List.of("adam:0.01"))
            .pattern(teacherPattern()).stages(TRAIN_IMITATION)
            .description("Teachers of scale-cl-il as name:lr (authors: Adam at 0.01).")
            .build(),
        p("scale_il_weight", ParamType.FLOAT).readBy(SCALE_RECIPE).group("l2o-scale").defaultValue(0.05)
            .range(0.0, 1e6).stages(TRAIN_IMITATION)
            .description("Weight of each step's imitation term of scale-cl-il (authors: 1/unroll); "
                + "the imitation steps share the meta-optimizer.")
            .build(),
        // ---- evaluation ----
        p("eval_optimizers", ParamType.STRING_LIST).readBy(FAN_OUT).group("evaluation")
            .defaultValue(Variants.names(List.of(Variants.DM, Variants.DM_AUG, Variants.DM_CL,
                Variants.DM_IL, Variants.DM_CL_IL, Variants.RNNPROP, Variants.RNNPROP_CL_IL, Variants.SCALE,
                Variants.SCALE_CL_IL,
                Variants.ADAM, Variants.SGD, Variants.RMSPROP, Variants.ADAGRAD, Variants.NAG)))
            .allowed(array(Variants.names(Variants.all())))
            .stages(EVALUATE)
            .description("Optimizers evaluated on every problem. Learned ones must be trained by a "
                + "*_variants param; dm-untrained needs no training; authors-* are the paper "
                + "authors' released models (reference/authors-models), evaluated as released.")
            .build(),
        p("eval_problems", ParamType.STRING_LIST).readBy(FAN_OUT).group("evaluation")
            .defaultValue(PROBLEMS.subList(0, 5)).allowed(PROBLEMS.toArray(String[]::new))
            .stages(EVALUATE).description("Optimizees every optimizer trains in evaluation.").build(),
        p("eval_steps", ParamType.INT).group("evaluation").defaultValue(10000).range(1.0, 1e7)
            .stages(EVALUATE).description("Optimizee steps per evaluation run (paper: 10,000).")
            .build(),
        p("eval_seeds", ParamType.INT).readBy(NOT_FIG_A1).group("evaluation").defaultValue(10).range(1.0, 1e4)
            .stages(EVALUATE).description("Independent runs per optimizer and problem (paper: 10).")
            .build(),
        p("eval_seeds_a1", ParamType.INT).readBy(FIG_A1).group("evaluation").defaultValue(20).range(1.0, 1e4)
            .stages(EVALUATE).description("Runs per Fig A1 training setting (paper: 20).").build(),
        p("trained", ParamType.STRING).readBy(NEEDS_TRAINING).optional().group("evaluation").defaultValue("")
            .pattern("(" + REGISTERED_MODEL_URI + ")?").stages(EVALUATE)
            .description("A registered trained optimizer, models:/<name>/<version> (see `l2o mlflow "
                + "register`), evaluated as the learned optimizer in eval_optimizers that no task of "
                + "this run trains. Resolved through MLFLOW_TRACKING_URI (in `l2o run`, the run's "
                + "server). The cache key hashes this text, so it names a version, never an alias.")
            .build(),
        p("lr_adam", ParamType.FLOAT).readBy(only(Variants.ADAM)).group("evaluation").defaultValue(0.01).range(0.0, inf)
            .stages(EVALUATE).description("Adam's learning rate as a baseline (beta 0.9/0.999).")
            .build(),
        p("lr_sgd", ParamType.FLOAT).readBy(only(Variants.SGD)).group("evaluation").defaultValue(0.1).range(0.0, inf)
            .stages(EVALUATE).description("SGD's learning rate as a baseline.").build(),
        p("lr_rmsprop", ParamType.FLOAT).readBy(only(Variants.RMSPROP)).group("evaluation").defaultValue(0.01).range(0.0, inf)
            .stages(EVALUATE).description("RMSProp's learning rate as a baseline (decay 0.9).")
            .build(),
        p("lr_adagrad", ParamType.FLOAT).readBy(only(Variants.ADAGRAD)).group("evaluation").defaultValue(0.1).range(0.0, inf)
            .stages(EVALUATE).description("Adagrad's learning rate as a baseline.").build(),
        p("lr_nag", ParamType.FLOAT).readBy(only(Variants.NAG)).group("evaluation").defaultValue(0.1).range(0.0, inf)
            .stages(EVALUATE).description("NAG's learning rate as a baseline (momentum 0.9).")
            .build(),
        // ---- per task: set by the fan-out ----
        p("variant", ParamType.STRING).group("task").perTask().stages(TRAIN)
            .pattern(Variants.trainedNamePattern())
            .description("The learned-optimizer variant one training task produces.")
            .build(),
        p("optimizer", ParamType.STRING).group("task").perTask().stages(EVALUATE)
            .pattern(String.join("|", Variants.names(Variants.all())) + "|"
                + Variants.FIG_A1_NAME_PATTERN)
            .description("The optimizer one evaluation task runs (a variant or an analytical one).")
            .build(),
        p("problem", ParamType.STRING).group("task").perTask().stages(EVALUATE)
            .allowed(PROBLEMS.toArray(String[]::new))
            .description("The optimizee one evaluation task trains.")
            .build());
  }
}
