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
 * The conv nets of the paper: conv3x3x16 (VALID) - BN - ReLU - maxpool2 - conv5x5x32 (VALID) - BN -
 * ReLU - maxpool2 - FC(classes) - ReLU, with mean softmax cross-entropy. Conv-MNIST uses stride 1,
 * Conv-CIFAR stride 2 in both convolutions. The ReLU on the logits follows the authors' code.
 *
 * <p>Batch norm uses the minibatch statistics (training mode, epsilon 1e-3) with a learned scale
 * gamma (starting at 1) and offset beta (starting at 0), as the authors' problem code builds it.
 * That gives 18,218 parameters on MNIST and 13,706 on CIFAR-10 (the paper's ~18.2k and ~13.7k).
 *
 * <p>Layout: k1 {@code [3,3,C,16]}, b1, gamma1, beta1, k2 {@code [5,5,16,32]}, b2, gamma2, beta2,
 * W_fc {@code [F, classes]}, b_fc. Kernels and FC weights start N(0, 0.01^2); conv biases, BN
 * offsets and the FC bias start at 0, BN scales at 1.
 *
 * <p>Conv-CIFAR draws its minibatches without replacement (an {@link EpochSampler}), as the
 * authors' CIFAR-10 input queue does; Conv-MNIST draws with replacement like the MLPs.
 */
public final class ConvNet extends Optimizee {

  /** Batch-norm epsilon (Sonnet's default). */
  public static final double BN_EPSILON = 1e-3;

  private static final int C1 = 16;
  private static final int C2 = 32;
  private static final int K1 = 3;
  private static final int K2 = 5;

  /** Indices of the blocks of the parameter vector (see the layout above). */
  private static final int KERNEL1 = 0;
  private static final int GAMMA1 = 2;
  private static final int KERNEL2 = 4;
  private static final int GAMMA2 = 6;
  private static final int FC_WEIGHTS = 8;

  private final ProblemName name;
  private final int stride;
  private final int height;
  private final int width;
  private final int channels;
  private final int classes;
  private final int fcIn;
  private final int[] widths;
  private final int params;

  public ConvNet(ProblemName name, Dataset data, int batchSize, int stride) {
    super(batchSize, data);
    if (data == null) {
      throw new IllegalArgumentException(name + " needs a dataset; got null");
    }
    this.name = name;
    this.stride = stride;
    this.height = data.height();
    this.width = data.width();
    this.channels = data.channels();
    this.classes = data.classes();
    int h = pool(valid(pool(valid(height, K1)), K2));
    int w = pool(valid(pool(valid(width, K1)), K2));
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException(
          name + ": images of " + height + "x" + width + " are too small for the conv net "
              + "(stride " + stride + "); need at least 1x1 after the second pooling");
    }
    this.fcIn = h * w * C2;
    this.widths =
        new int[] {
          K1 * K1 * channels * C1, C1, C1, C1, K2 * K2 * C1 * C2, C2, C2, C2, fcIn * classes,
          classes
        };
    int p = 0;
    for (int x : widths) {
      p += x;
    }
    this.params = p;
  }

  private int valid(int size, int kernel) {
    return (size - kernel) / stride + 1;
  }

  private static int pool(int size) {
    return size / 2;
  }

  @Override
  public ProblemName name() {
    return name;
  }

  @Override
  public int paramCount() {
    return params;
  }

  @Override
  public List<TensorSlice> tensors() {
    long[][] shapes = {
      {K1, K1, channels, C1}, {C1}, {C1}, {C1}, {K2, K2, C1, C2}, {C2}, {C2}, {C2},
      {fcIn, classes}, {classes}
    };
    String[] names = {"conv1/w", "conv1/b", "bn1/scale", "bn1/offset", "conv2/w", "conv2/b",
      "bn2/scale", "bn2/offset", "fc/w", "fc/b"};
    List<TensorSlice> out = new ArrayList<>();
    int off = 0;
    for (int i = 0; i < widths.length; i++) {
      out.add(new TensorSlice(names[i], off, shapes[i]));
      off += widths[i];
    }
    return out;
  }

  @Override
  public float[] initialParams(Random rng) {
    float[] theta = new float[params];
    int off = 0;
    for (int i = 0; i < widths.length; i++) {
      if (i == KERNEL1 || i == KERNEL2 || i == FC_WEIGHTS) {
        gaussian(rng, theta, off, off + widths[i]);
      } else if (i == GAMMA1 || i == GAMMA2) {
        java.util.Arrays.fill(theta, off, off + widths[i], 1f);
      } // conv biases, BN offsets and the FC bias start at 0
      off += widths[i];
    }
    return theta;
  }

  @Override
  public BatchSampler batchSampler(Random rng) {
    return name == ProblemName.CONV_CIFAR
        ? new EpochSampler(rng, data().count(), batchSize())
        : super.batchSampler(rng);
  }

  @Override
  public <T extends TFloating> Operand<T> buildLosses(
      Ops tf, Operand<T> theta, ProblemInputs<T> in, Class<T> type) {
    int s = in.seeds();
    int b = in.examples();
    // Each run has its own filters, so runs are separate conv towers in one graph.
    List<Operand<T>> losses = new ArrayList<>();
    List<Operand<T>> thetas = new ArrayList<>();
    List<Operand<T>> images = new ArrayList<>();
    List<Operand<T>> labels = new ArrayList<>();
    if (s == 1) {
      thetas.add(GraphMath.reshape(tf, theta, params));
      images.add(GraphMath.reshape(tf, in.images(), b, height, width, channels));
      labels.add(GraphMath.reshape(tf, in.labels(), b, classes));
    } else {
      tf.unstack(theta, (long) s).forEach(thetas::add);
      tf.unstack(in.images(), (long) s).forEach(images::add);
      tf.unstack(in.labels(), (long) s).forEach(labels::add);
    }
    for (int r = 0; r < s; r++) {
      Ops t = tf.withSubScope("run" + r);
      losses.add(tower(t, thetas.get(r), images.get(r), labels.get(r), type));
    }
    return s == 1 ? GraphMath.reshape(tf, losses.get(0), 1) : tf.stack(losses);
  }

  private <T extends TFloating> Operand<T> tower(
      Ops tf, Operand<T> theta, Operand<T> x, Operand<T> labels, Class<T> type) {
    List<Operand<T>> p = new ArrayList<>();
    tf.splitV(theta, tf.constant(widths), tf.constant(0), (long) widths.length).forEach(p::add);
    Operand<T> h = block(tf, x, p.get(0), p.get(1), p.get(2), p.get(3), K1, channels, C1, type);
    h = block(tf, h, p.get(4), p.get(5), p.get(6), p.get(7), K2, C1, C2, type);
    h = GraphMath.reshape(tf, h, -1, fcIn);
    Operand<T> logits =
        tf.nn.relu(
            tf.nn.biasAdd(
                tf.linalg.matMul(h, GraphMath.reshape(tf, p.get(8), fcIn, classes)), p.get(9)));
    return tf.math.mean(GraphMath.crossEntropy(tf, logits, labels), tf.constant(0));
  }

  /** conv (VALID) + bias, batch norm with scale and offset, ReLU, 2x2 max pool (VALID). */
  private <T extends TFloating> Operand<T> block(
      Ops tf,
      Operand<T> x,
      Operand<T> kernel,
      Operand<T> bias,
      Operand<T> scale,
      Operand<T> offset,
      int k,
      int in,
      int out,
      Class<T> type) {
    Operand<T> z =
        tf.nn.biasAdd(
            tf.nn.conv2d(
                x,
                GraphMath.reshape(tf, kernel, k, k, in, out),
                List.of(1L, (long) stride, (long) stride, 1L),
                "VALID"),
            bias);
    Operand<T> mu = GraphMath.meanKeep(tf, z, 0, 1, 2);
    Operand<T> centered = tf.math.sub(z, mu);
    Operand<T> var = GraphMath.meanKeep(tf, tf.math.square(centered), 0, 1, 2);
    Operand<T> normed =
        tf.math.div(
            centered, tf.math.sqrt(tf.math.add(var, GraphMath.scalar(tf, type, BN_EPSILON))));
    Operand<T> act = tf.nn.relu(tf.nn.biasAdd(tf.math.mul(normed, scale), offset));
    return tf.nn.maxPool(
        act, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
  }

  @Override
  public String toString() {
    return name.id() + "[input=" + height + "x" + width + "x" + channels + ", stride=" + stride
        + ", classes=" + classes + ", params=" + params + ", batch=" + batchSize() + "]";
  }
}
