package org.l2o.engine.problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.l2o.data.Dataset;
import org.l2o.engine.ProblemName;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.family.TFloating;

/**
 * A fully connected classifier on flattened images: MLP-orig (784-20-10, sigmoid), MLP-ReLU and
 * MLP-deeper (784-20-20-10). Logits are linear; the loss is mean softmax cross-entropy.
 *
 * <p>Layout of the flat parameters: for each layer, its weight matrix {@code [in, out]} row-major,
 * then its bias {@code [out]}. Every weight and bias starts N(0, 0.01^2), as in L2O-DM's problems.
 */
public final class Mlp extends Optimizee {

  /** The hidden activation. */
  public enum Activation {
    SIGMOID,
    RELU
  }

  private final ProblemName name;
  private final int[] sizes;
  private final Activation activation;
  private final int[] widths;
  private final int params;

  /**
   * An MLP with layer sizes {@code [input, hidden..., classes]}, where input and classes come from
   * {@code data}.
   */
  public Mlp(ProblemName name, Dataset data, int batchSize, int[] hidden, Activation activation) {
    super(batchSize, data);
    if (data == null) {
      throw new IllegalArgumentException(name + " needs a dataset; got null");
    }
    this.name = name;
    this.activation = activation;
    this.sizes = new int[hidden.length + 2];
    sizes[0] = data.featureSize();
    System.arraycopy(hidden, 0, sizes, 1, hidden.length);
    sizes[sizes.length - 1] = data.classes();
    int layers = sizes.length - 1;
    widths = new int[2 * layers];
    int p = 0;
    for (int l = 0; l < layers; l++) {
      widths[2 * l] = sizes[l] * sizes[l + 1];
      widths[2 * l + 1] = sizes[l + 1];
      p += widths[2 * l] + widths[2 * l + 1];
    }
    this.params = p;
  }

  @Override
  public ProblemName name() {
    return name;
  }

  @Override
  public int paramCount() {
    return params;
  }

  /** W1 {@code [in, out]}, b1, W2, b2, ... as in the authors' problem (problem_generator.py). */
  @Override
  public List<TensorSlice> tensors() {
    List<TensorSlice> out = new ArrayList<>();
    int off = 0;
    for (int l = 0; l < sizes.length - 1; l++) {
      out.add(new TensorSlice("w" + (l + 1), off, new long[] {sizes[l], sizes[l + 1]}));
      off += widths[2 * l];
      out.add(new TensorSlice("b" + (l + 1), off, new long[] {sizes[l + 1]}));
      off += widths[2 * l + 1];
    }
    return out;
  }

  @Override
  public float[] initialParams(Random rng) {
    float[] theta = new float[params];
    gaussian(rng, theta, 0, params);
    return theta;
  }

  @Override
  public <T extends TFloating> Operand<T> buildLosses(
      Ops tf, Operand<T> theta, ProblemInputs<T> in, Class<T> type) {
    int s = in.seeds();
    int b = in.examples();
    List<Operand<T>> parts = GraphMath.splitColumns(tf, theta, widths);
    int layers = sizes.length - 1;
    // One run trains alone in meta-training: plain 2-D MatMul is then faster than a batch of 1.
    boolean single = s == 1;
    Operand<T> h =
        single
            ? GraphMath.reshape(tf, in.images(), b, sizes[0])
            : GraphMath.reshape(tf, in.images(), s, b, sizes[0]);
    for (int l = 0; l < layers; l++) {
      Operand<T> w = parts.get(2 * l);
      Operand<T> bias = parts.get(2 * l + 1);
      Operand<T> z;
      if (single) {
        z =
            tf.nn.biasAdd(
                tf.linalg.matMul(h, GraphMath.reshape(tf, w, sizes[l], sizes[l + 1])),
                GraphMath.reshape(tf, bias, sizes[l + 1]));
      } else {
        z =
            tf.math.add(
                tf.train.batchMatMul(
                    h, GraphMath.reshape(tf, w, s, sizes[l], sizes[l + 1]), type),
                GraphMath.reshape(tf, bias, s, 1, sizes[l + 1]));
      }
      h = l < layers - 1 ? activate(tf, z) : z;
    }
    int classes = sizes[layers];
    Operand<T> logits = GraphMath.reshape(tf, h, (long) s * b, classes);
    Operand<T> labels = GraphMath.reshape(tf, in.labels(), (long) s * b, classes);
    return GraphMath.meanCrossEntropy(tf, logits, labels, s, b);
  }

  private <T extends TFloating> Operand<T> activate(Ops tf, Operand<T> z) {
    return activation == Activation.SIGMOID ? tf.math.sigmoid(z) : tf.nn.relu(z);
  }

  @Override
  public String toString() {
    return name.id() + "[sizes=" + java.util.Arrays.toString(sizes) + ", activation="
        + activation.name().toLowerCase(java.util.Locale.ROOT) + ", params=" + params
        + ", batch=" + batchSize() + "]";
  }
}
