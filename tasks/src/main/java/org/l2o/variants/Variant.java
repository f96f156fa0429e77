package org.l2o.variants;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.l2o.authors.AuthorsModel;
import org.l2o.engine.LearnedOptimizerConfig;

/**
 * One optimizer the pipeline can train or evaluate, and everything the code decides by its kind:
 * which architecture it is, which training stage makes it, whether that training follows a
 * curriculum or imitates teachers, which params give its episode lengths, and whether it is a Fig
 * A1 setting. Code asks these questions of a {@code Variant}, never of its name; {@link Variants}
 * holds them all.
 *
 * @param name the id used in params, folders, figures and MLflow tags ({@code dm-cl-il})
 * @param kind who makes it
 * @param architecture {@code dm}, {@code rnnprop} or {@code scale} (see {@link
 *     org.l2o.engine.LearnedOptimizerConfig}) for a learned optimizer; null for an analytical one
 * @param trainingStage the stage that trains it ({@link org.l2o.params.StageNames}); null when no
 *     stage of this pipeline trains it
 * @param episodes where its training episode lengths come from
 * @param imitation whether its training imitates analytical teachers (paper, section 3.2)
 * @param figA1 its Fig A1 setting, or null
 * @param authors the released model it is, or null
 */
public record Variant(
    String name,
    Kind kind,
    String architecture,
    String trainingStage,
    Episodes episodes,
    boolean imitation,
    FigA1Setting figA1,
    AuthorsModel authors) {

  /** Who makes an optimizer. */
  public enum Kind {
    /** Meta-trained by a training stage of this pipeline. */
    TRAINED,
    /** A learned optimizer at its random initialisation: a floor for what training adds. */
    UNTRAINED,
    /** One of the paper authors' released optimizers, evaluated as released. */
    AUTHORS,
    /** A hand-designed optimizer (Adam, SGD, ...). */
    ANALYTICAL
  }

  /** Where a trained variant's episode lengths N_train and N_valid come from. */
  public enum Episodes {
    /** Params {@code n_train} and {@code n_valid}. */
    FIXED("n_train", "n_valid"),
    /** Params {@code aug_n_train} and {@code aug_n_valid}: L2O-DM-AUG's longer episodes. */
    AUGMENTED("aug_n_train", "aug_n_valid"),
    /** Params {@code scale_n_train} and {@code scale_n_valid}: L2O-Scale's own episodes. */
    SCALE_FIXED("scale_n_train", "scale_n_valid"),
    /** The variant's own Fig A1 setting. */
    FIG_A1(null, null),
    /**
     * A curriculum of N_train (paper, section 3.1): {@code cl_schedule}, or {@code
     * scale_cl_schedule} for L2O-Scale.
     */
    CURRICULUM(null, null),
    /** Not trained here. */
    NONE(null, null);

    private final String nTrainParam;
    private final String nValidParam;

    Episodes(String nTrainParam, String nValidParam) {
      this.nTrainParam = nTrainParam;
      this.nValidParam = nValidParam;
    }

    /** The params holding N_train and N_valid, or empty when they come from elsewhere. */
    public List<String> params() {
      return nTrainParam == null ? List.of() : List.of(nTrainParam, nValidParam);
    }
  }

  /** The MLflow tag {@code l2o.origin} and curve metadata "origin" of this project's optimizers. */
  public static final String ORIGIN_L2O = "l2o";
  /** The same for the analytical optimizers. */
  public static final String ORIGIN_ANALYTICAL = "analytical";

  public Variant {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(episodes, "episodes");
    if ((kind == Kind.TRAINED) != (trainingStage != null)) {
      throw new IllegalArgumentException(name + ": a trained variant, and only one, names its training stage");
    }
    if ((kind == Kind.TRAINED) == (episodes == Episodes.NONE)) {
      throw new IllegalArgumentException(name + ": a trained variant, and only one, has episode lengths");
    }
    if ((kind == Kind.ANALYTICAL) != (architecture == null)) {
      throw new IllegalArgumentException(name + ": every learned optimizer, and only one, has an architecture");
    }
    if ((kind == Kind.AUTHORS) != (authors != null)) {
      throw new IllegalArgumentException(name + ": an authors' variant, and only one, names its released model");
    }
    if ((episodes == Episodes.FIG_A1) != (figA1 != null)) {
      throw new IllegalArgumentException(name + ": a Fig A1 variant, and only one, has a Fig A1 setting");
    }
  }

  /** Whether a training task of this pipeline must produce it before it can be evaluated. */
  public boolean needsTraining() {
    return kind == Kind.TRAINED;
  }

  /** Whether its training follows a curriculum of episode lengths. */
  public boolean curriculum() {
    return episodes == Episodes.CURRICULUM;
  }

  /**
   * Whether it trains with L2O-Scale's authors' recipe (RMSProp meta-optimizer, log-ratio
   * objective, the {@code scale_*} params) rather than L2O-DM's: every L2O-Scale variant does.
   */
  public boolean scaleRecipe() {
    return LearnedOptimizerConfig.SCALE.equals(architecture);
  }

  public boolean analytical() {
    return kind == Kind.ANALYTICAL;
  }

  /** A learned optimizer: trained here, untrained, or the authors'. */
  public boolean learned() {
    return kind != Kind.ANALYTICAL;
  }

  public Optional<FigA1Setting> figA1Setting() {
    return Optional.ofNullable(figA1);
  }

  public Optional<AuthorsModel> authorsModel() {
    return Optional.ofNullable(authors);
  }

  /** Who made it, as the MLflow tag {@code l2o.origin} says: authors, l2o or analytical. */
  public String origin() {
    return switch (kind) {
      case AUTHORS -> AuthorsModel.ORIGIN;
      case ANALYTICAL -> ORIGIN_ANALYTICAL;
      case TRAINED, UNTRAINED -> ORIGIN_L2O;
    };
  }

  @Override
  public String toString() {
    return name;
  }
}
