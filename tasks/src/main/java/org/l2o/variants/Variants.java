package org.l2o.variants;

import static org.l2o.params.StageNames.TRAIN_BASELINE;
import static org.l2o.params.StageNames.TRAIN_CURRICULUM;
import static org.l2o.params.StageNames.TRAIN_IMITATION;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.l2o.authors.AuthorsModel;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.variants.Variant.Episodes;
import org.l2o.variants.Variant.Kind;

/**
 * The registry of every optimizer name: the paper's variants (appendix A: L2O-DM, -AUG, -CL, -IL,
 * -CL-IL, RNNprop and its CL and CL-IL forms, L2O-Scale and L2O-Scale-CL-IL of Fig 3), the Fig A1 grid ({@code dm-a1-<n_train>-<n_valid>}),
 * an untrained L2O-DM, the authors' seven released models ({@code authors-*}, from {@link
 * AuthorsModel}) and the five analytical optimizers. Params, the runner, the stages, the figures
 * and the Nextflow exporter ask it, so a new optimizer is one entry here.
 *
 * <p>Only names, strings and enums: the plot stage uses it without loading TensorFlow.
 */
public final class Variants {

  private static final String DM_ARCH = LearnedOptimizerConfig.DM;
  private static final String RNNPROP_ARCH = LearnedOptimizerConfig.RNNPROP;
  private static final String SCALE_ARCH = LearnedOptimizerConfig.SCALE;

  /** L2O-DM: N_train = N_valid = 100. */
  public static final Variant DM = trained("dm", DM_ARCH, TRAIN_BASELINE, Episodes.FIXED, false);
  /** L2O-DM-AUG: longer episodes, N_train 1000 and N_valid 1500. */
  public static final Variant DM_AUG =
      trained("dm-aug", DM_ARCH, TRAIN_BASELINE, Episodes.AUGMENTED, false);
  public static final Variant RNNPROP =
      trained("rnnprop", RNNPROP_ARCH, TRAIN_BASELINE, Episodes.FIXED, false);
  public static final Variant DM_CL =
      trained("dm-cl", DM_ARCH, TRAIN_CURRICULUM, Episodes.CURRICULUM, false);
  public static final Variant RNNPROP_CL =
      trained("rnnprop-cl", RNNPROP_ARCH, TRAIN_CURRICULUM, Episodes.CURRICULUM, false);
  public static final Variant DM_IL =
      trained("dm-il", DM_ARCH, TRAIN_IMITATION, Episodes.FIXED, true);
  public static final Variant DM_CL_IL =
      trained("dm-cl-il", DM_ARCH, TRAIN_IMITATION, Episodes.CURRICULUM, true);
  public static final Variant RNNPROP_CL_IL =
      trained("rnnprop-cl-il", RNNPROP_ARCH, TRAIN_IMITATION, Episodes.CURRICULUM, true);
  /** L2O-Scale (Wichrowska et al. 2017) with its authors' recipe: the previous state of the art. */
  public static final Variant SCALE =
      trained("scale", SCALE_ARCH, TRAIN_BASELINE, Episodes.SCALE_FIXED, false);
  /** L2O-Scale with curriculum and imitation (paper, Fig 3). */
  public static final Variant SCALE_CL_IL =
      trained("scale-cl-il", SCALE_ARCH, TRAIN_IMITATION, Episodes.CURRICULUM, true);

  /** L2O-DM at its random initialisation (seeded by {@code seed}): what training adds to it. */
  public static final Variant DM_UNTRAINED =
      new Variant("dm-untrained", Kind.UNTRAINED, DM_ARCH, null, Episodes.NONE, false, null, null);

  public static final Variant ADAM = analytical("adam");
  public static final Variant SGD = analytical("sgd");
  public static final Variant RMSPROP = analytical("rmsprop");
  public static final Variant ADAGRAD = analytical("adagrad");
  public static final Variant NAG = analytical("nag");

  /** The Fig A1 variants' names: {@code dm-a1-<n_train>-<n_valid>}. */
  public static final String FIG_A1_PREFIX = "dm-a1-";
  /** A regular expression every Fig A1 variant's name matches. */
  public static final String FIG_A1_NAME_PATTERN = "dm-a1-[1-9][0-9]*-[1-9][0-9]*";

  private static final Pattern FIG_A1_NAME = Pattern.compile("dm-a1-([1-9][0-9]*)-([1-9][0-9]*)");

  /** Trained here, in the order the paper introduces them (and the *_variants defaults list them). */
  private static final List<Variant> TRAINED =
      List.of(DM, DM_AUG, RNNPROP, SCALE, DM_CL, RNNPROP_CL, DM_IL, DM_CL_IL, RNNPROP_CL_IL,
          SCALE_CL_IL);

  private static final List<Variant> ANALYTICAL = List.of(ADAM, SGD, RMSPROP, ADAGRAD, NAG);

  private static final List<Variant> AUTHORS =
      Arrays.stream(AuthorsModel.values())
          .map(m -> new Variant(m.variant(), Kind.AUTHORS, m.architecture(), null, Episodes.NONE,
              false, null, m))
          .toList();

  private static final Map<String, Variant> BY_NAME = index();

  private Variants() {}

  private static Variant trained(
      String name, String architecture, String stage, Episodes episodes, boolean imitation) {
    return new Variant(name, Kind.TRAINED, architecture, stage, episodes, imitation, null, null);
  }

  private static Variant analytical(String name) {
    return new Variant(name, Kind.ANALYTICAL, null, null, Episodes.NONE, false, null, null);
  }

  private static Map<String, Variant> index() {
    Map<String, Variant> m = new LinkedHashMap<>();
    List<Variant> all = new ArrayList<>(TRAINED);
    all.add(DM_UNTRAINED);
    all.addAll(AUTHORS);
    all.addAll(ANALYTICAL);
    for (Variant v : all) {
      if (m.put(v.name(), v) != null) {
        throw new IllegalStateException("optimizer registered twice: " + v.name());
      }
      if (FIG_A1_NAME.matcher(v.name()).matches()) {
        throw new IllegalStateException(v.name() + " would shadow a Fig A1 setting's name");
      }
    }
    return m;
  }

  /**
   * Every named optimizer (the Fig A1 settings, a family, aside): trained, untrained, the
   * authors', analytical.
   */
  public static List<Variant> all() {
    return List.copyOf(BY_NAME.values());
  }

  /** The optimizer called {@code name}, a Fig A1 setting's included. */
  public static Optional<Variant> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    Variant v = BY_NAME.get(name);
    if (v != null) {
      return Optional.of(v);
    }
    Matcher m = FIG_A1_NAME.matcher(name);
    if (m.matches()) {
      try {
        return Optional.of(figA1(new FigA1Setting(
            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))));
      } catch (NumberFormatException tooLarge) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /**
   * The optimizer called {@code name}.
   *
   * @throws IllegalArgumentException naming the known optimizers
   */
  public static Variant of(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown optimizer '" + name + "'; known: " + String.join(", ", BY_NAME.keySet())
            + " and the Fig A1 settings " + FIG_A1_PREFIX + "<n_train>-<n_valid>"));
  }

  /** The variants {@code stage} trains, the Fig A1 settings aside, in the paper's order. */
  public static List<Variant> trainedBy(String stage) {
    return TRAINED.stream().filter(v -> v.trainingStage().equals(stage)).toList();
  }

  /** Every variant a training stage makes, the Fig A1 settings aside. */
  public static List<Variant> trained() {
    return TRAINED;
  }

  /** The analytical optimizers: the evaluation baselines and the imitation teachers. */
  public static List<Variant> analytical() {
    return ANALYTICAL;
  }

  /** The authors' released models, in {@link AuthorsModel}'s order. */
  public static List<Variant> authors() {
    return AUTHORS;
  }

  /** The released model {@code name} names, if it names one of the authors'. */
  public static Optional<AuthorsModel> authorsModel(String name) {
    return find(name).flatMap(Variant::authorsModel);
  }

  /** The variant of one Fig A1 setting: L2O-DM trained at exactly those episode lengths. */
  public static Variant figA1(FigA1Setting s) {
    return new Variant(FIG_A1_PREFIX + s.nTrain() + "-" + s.nValid(), Kind.TRAINED, DM_ARCH,
        TRAIN_BASELINE, Episodes.FIG_A1, false, s, null);
  }

  /** The authors' released forms of {@code variants}, in the given order. */
  public static List<Variant> releasedAs(List<Variant> variants) {
    return variants.stream()
        .flatMap(v -> AUTHORS.stream().filter(a -> a.authors().counterpart().equals(v.name())))
        .toList();
  }

  /** The paper's variant an authors' model is released as ({@code authors-dm-cl-il}: dm-cl-il). */
  public static Variant counterpart(Variant authors) {
    return of(authors.authorsModel()
        .orElseThrow(() -> new IllegalArgumentException(authors + " is not an authors' model"))
        .counterpart());
  }

  /** Names, in order. */
  public static List<String> names(List<Variant> variants) {
    return variants.stream().map(Variant::name).toList();
  }

  /** A regular expression matching the name of every variant a training stage can make. */
  public static String trainedNamePattern() {
    return String.join("|", names(TRAINED)) + "|" + FIG_A1_NAME_PATTERN;
  }
}
