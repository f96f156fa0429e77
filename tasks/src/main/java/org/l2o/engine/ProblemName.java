package org.l2o.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimizees of the paper, by the names the pipeline uses. */
public enum ProblemName {
  /** MNIST 784-20-10, sigmoid hidden layer: the meta-training problem. */
  MLP_ORIG("mlp-orig", "mnist"),
  /** As MLP-orig with ReLU. */
  MLP_RELU("mlp-relu", "mnist"),
  /** MNIST 784-20-20-10, sigmoid. */
  MLP_DEEPER("mlp-deeper", "mnist"),
  /** The small conv net with batch norm on MNIST. */
  CONV_MNIST("conv-mnist", "mnist"),
  /** The same conv net with stride-2 convolutions on CIFAR-10. */
  CONV_CIFAR("conv-cifar", "cifar10"),
  /** A batch of 128 quadratics ||W x - y||^2, x in R^10, W and y ~ U[0,1) drawn per episode. */
  QUADRATIC("quadratic", null);

  private final String id;
  private final String dataset;

  ProblemName(String id, String dataset) {
    this.id = id;
    this.dataset = dataset;
  }

  /** The name used in params files and result paths, e.g. {@code "mlp-orig"}. */
  public String id() {
    return id;
  }

  /** The dataset the problem trains on ({@code "mnist"}, {@code "cifar10"}), or null. */
  public String dataset() {
    return dataset;
  }

  /** Whether the problem draws minibatches from a {@link org.l2o.data.Dataset}. */
  public boolean needsData() {
    return dataset != null;
  }

  /** Parses an id such as {@code "conv-mnist"} (case-insensitive; '_' accepted for '-'). */
  public static ProblemName parse(String name) {
    if (name != null) {
      String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
      for (ProblemName p : values()) {
        if (p.id.equals(n)) {
          return p;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown problem '" + name + "'; expected one of "
            + Arrays.stream(values()).map(ProblemName::id).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return id;
  }
}
