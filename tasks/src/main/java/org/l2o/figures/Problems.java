package org.l2o.figures;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The paper's five optimizee problems, in the paper's panel order, with their display names. */
public final class Problems {

  /** Panel order of Figs A2 and A3. */
  public static final List<String> PAPER_ORDER =
      List.of("mlp-orig", "mlp-relu", "mlp-deeper", "conv-mnist", "conv-cifar");

  /** The problem every learned optimizer is meta-trained on, and the one Fig A1 shows. */
  public static final String TRAINING_PROBLEM = "mlp-orig";

  private static final Map<String, String> NAMES =
      Map.of("mlp-orig", "MLP-orig", "mlp-relu", "MLP-ReLU", "mlp-deeper", "MLP-deeper",
          "conv-mnist", "Conv-MNIST", "conv-cifar", "Conv-CIFAR", "quadratic", "quadratic");

  /** Paper problems first in paper order, then any other problem alphabetically. */
  public static final Comparator<String> ORDER =
      Comparator.comparingInt((String p) -> {
        int i = PAPER_ORDER.indexOf(p);
        return i < 0 ? PAPER_ORDER.size() : i;
      }).thenComparing(Comparator.naturalOrder());

  private Problems() {}

  /** The paper's name for {@code id}; unknown ids are shown as they are. */
  public static String displayName(String id) {
    return NAMES.getOrDefault(id, id);
  }
}
