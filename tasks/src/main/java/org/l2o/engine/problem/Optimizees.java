package org.l2o.engine.problem;

import org.l2o.data.Dataset;
import org.l2o.engine.ProblemName;

/** Builds an optimizee by name. */
public final class Optimizees {

  private Optimizees() {}

  /**
   * The optimizee {@code name} on {@code data} (null for the quadratic) with minibatches of
   * {@code batchSize} (the quadratic's rows).
   */
  public static Optimizee create(ProblemName name, Dataset data, int batchSize) {
    if (name.needsData() && data == null) {
      throw new IllegalArgumentException(
          "problem " + name.id() + " trains on " + name.dataset() + " but no dataset was given");
    }
    return switch (name) {
      case MLP_ORIG -> new Mlp(name, data, batchSize, new int[] {20}, Mlp.Activation.SIGMOID);
      case MLP_RELU -> new Mlp(name, data, batchSize, new int[] {20}, Mlp.Activation.RELU);
      case MLP_DEEPER -> new Mlp(name, data, batchSize, new int[] {20, 20}, Mlp.Activation.SIGMOID);
      case CONV_MNIST -> new ConvNet(name, data, batchSize, 1);
      case CONV_CIFAR -> new ConvNet(name, data, batchSize, 2);
      case QUADRATIC -> new Quadratic(batchSize, Quadratic.DIMS_DEFAULT);
    };
  }
}
