package org.l2o.variants;

/**
 * One setting of the paper's Fig A1 grid: L2O-DM meta-trained with episodes of {@code nTrain}
 * optimizee steps and validated on episodes of {@code nValid} steps (paper, appendix A, Fig A1).
 * Param {@code fig_a1_settings} writes it as {@code nTrain:nValid}; its variant is
 * {@code dm-a1-<nTrain>-<nValid>}.
 */
public record FigA1Setting(int nTrain, int nValid) {

  /** How {@code fig_a1_settings} writes one setting. */
  public static final String PARAM_PATTERN = "[1-9][0-9]*:[1-9][0-9]*";

  public FigA1Setting {
    if (nTrain < 1 || nValid < 1) {
      throw new IllegalArgumentException(
          "a Fig A1 setting needs N_train and N_valid >= 1, got " + nTrain + ":" + nValid);
    }
  }

  /** Parses {@code "100:200"}, as param {@code fig_a1_settings} holds it. */
  public static FigA1Setting parse(String text) {
    if (text == null || !text.matches(PARAM_PATTERN)) {
      throw new IllegalArgumentException(
          "Fig A1 setting '" + text + "' must be N_train:N_valid, e.g. 100:200");
    }
    String[] nv = text.split(":");
    return new FigA1Setting(Integer.parseInt(nv[0]), Integer.parseInt(nv[1]));
  }

  @Override
  public String toString() {
    return nTrain + ":" + nValid;
  }
}
