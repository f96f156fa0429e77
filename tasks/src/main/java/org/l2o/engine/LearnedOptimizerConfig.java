package org.l2o.engine;

import java.util.Locale;

/**
 * The architecture of a learned optimizer.
 *
 * <ul>
 *   <li>{@code dm} (L2O-DM, Andrychowicz et al. 2016): gradient preprocessing with parameter
 *       {@code preprocK}, a coordinatewise LSTM of {@code layers} x {@code hidden} shared across
 *       coordinates, Linear(hidden -> 1), output times {@code outputScale}.
 *   <li>{@code rnnprop} (Lv et al. 2017): inputs m^/(sqrt(v^)+1e-8) and g/(sqrt(v^)+1e-8) with
 *       beta1 = beta2 = 0.95, Linear(2 -> hidden) + ELU, the LSTM, Linear(hidden -> 1), tanh,
 *       times {@code outputScale}. {@code preprocK} is not used.
 *   <li>{@code scale} (L2O-Scale, Wichrowska et al. 2017): the hierarchical GRU optimizer with
 *       per-parameter, per-tensor and global levels of 10, 20 and 20 units, as the authors of the
 *       paper ran it (see {@code ScaleRule}). Its sizes are fixed: {@code layers} is 3 (the
 *       levels), {@code hidden} 20; {@code preprocK} and {@code outputScale} are not used.
 * </ul>
 */
public record LearnedOptimizerConfig(
    String architecture, int layers, int hidden, double preprocK, double outputScale) {

  public static final String DM = "dm";
  public static final String RNNPROP = "rnnprop";
  public static final String SCALE = "scale";
  /** L2O-Scale's levels (per-parameter, per-tensor, global). */
  public static final int SCALE_LEVELS = 3;
  /** L2O-Scale's per-tensor and global hidden size (the per-parameter level has 10). */
  public static final int SCALE_HIDDEN = 20;
  public static final int LAYERS_DEFAULT = 2;
  public static final int HIDDEN_DEFAULT = 20;
  /** The authors' code uses k = 5; the original L2O-DM paper k = 10. */
  public static final double PREPROC_K_DEFAULT = 5.0;
  public static final double OUTPUT_SCALE_DEFAULT = 0.01;

  public LearnedOptimizerConfig {
    architecture = architecture == null ? null : architecture.trim().toLowerCase(Locale.ROOT);
    if (!DM.equals(architecture) && !RNNPROP.equals(architecture)
        && !SCALE.equals(architecture)) {
      throw new IllegalArgumentException(
          "unknown learned optimizer architecture '" + architecture
              + "'; expected dm, rnnprop or scale");
    }
    if (SCALE.equals(architecture) && (layers != SCALE_LEVELS || hidden != SCALE_HIDDEN)) {
      throw new IllegalArgumentException(
          "scale: the level sizes are fixed at [10, 20, 20] (layers=" + SCALE_LEVELS + ", hidden="
              + SCALE_HIDDEN + "), got layers=" + layers + ", hidden=" + hidden);
    }
    if (layers < 1 || hidden < 1) {
      throw new IllegalArgumentException(
          architecture + ": layers and hidden must be >= 1, got layers=" + layers + ", hidden="
              + hidden);
    }
    if (!(preprocK > 0) || !Double.isFinite(preprocK)) {
      throw new IllegalArgumentException(
          architecture + ": preprocessing k must be a positive number, got " + preprocK);
    }
    if (!(outputScale > 0) || !Double.isFinite(outputScale)) {
      throw new IllegalArgumentException(
          architecture + ": output scale must be a positive number, got " + outputScale);
    }
  }

  /** L2O-DM as in the paper: 2 x 20 LSTM, k = 5, output x 0.01. */
  public static LearnedOptimizerConfig dm() {
    return new LearnedOptimizerConfig(
        DM, LAYERS_DEFAULT, HIDDEN_DEFAULT, PREPROC_K_DEFAULT, OUTPUT_SCALE_DEFAULT);
  }

  /** RNNprop as in the paper: 2 x 20 LSTM, tanh x 0.01. */
  public static LearnedOptimizerConfig rnnprop() {
    return new LearnedOptimizerConfig(
        RNNPROP, LAYERS_DEFAULT, HIDDEN_DEFAULT, PREPROC_K_DEFAULT, OUTPUT_SCALE_DEFAULT);
  }

  /** L2O-Scale as the paper's authors ran it: levels [10, 20, 20]. */
  public static LearnedOptimizerConfig scale() {
    return new LearnedOptimizerConfig(SCALE, SCALE_LEVELS, SCALE_HIDDEN, PREPROC_K_DEFAULT, 1.0);
  }

  /** Whether this is L2O-Scale, the hierarchical GRU optimizer. */
  public boolean isScale() {
    return SCALE.equals(architecture);
  }

  @Override
  public String toString() {
    if (isScale()) {
      return "scale[levels=10,20,20]";
    }
    return architecture + "[layers=" + layers + ", hidden=" + hidden
        + (DM.equals(architecture) ? ", k=" + preprocK : "") + ", scale=" + outputScale + "]";
  }
}
