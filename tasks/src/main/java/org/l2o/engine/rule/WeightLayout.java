package org.l2o.engine.rule;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.l2o.engine.LearnedOptimizerConfig;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Where each weight matrix of a learned optimizer lives in its flat weight vector. The order is
 * the order of {@link #blocks()}; each block is row-major {@code [rows, cols]} (a bias has one
 * row). {@code weights.f32} is this vector, and {@code config.json} lists these blocks.
 */
public final class WeightLayout {

  /** One matrix: a name such as {@code lstm1/w}, its shape and its offset. */
  public record Block(String name, int rows, int cols, int offset, boolean bias) {
    public int size() {
      return rows * cols;
    }
  }

  /** How a layout draws its initial weights. */
  @FunctionalInterface
  public interface Initializer {
    /** Fills {@code weights} (laid out as {@code layout}) from {@code rng}. */
    void fill(WeightLayout layout, float[] weights, Random rng);
  }

  private final List<Block> blocks;
  private final int size;
  private final Initializer initializer;

  private WeightLayout(List<Block> blocks, int size, Initializer initializer) {
    this.blocks = Collections.unmodifiableList(blocks);
    this.size = size;
    this.initializer = initializer;
  }

  /** A layout of {@code blocks} (added in order with {@link Builder#add}) and its own init. */
  public static Builder builder() {
    return new Builder();
  }

  /** The layout of {@code cfg}'s network. */
  public static WeightLayout of(LearnedOptimizerConfig cfg) {
    if (cfg.isScale()) {
      return ScaleRule.weightLayout();
    }
    Builder b = new Builder();
    int h = cfg.hidden();
    int in;
    if (LearnedOptimizerConfig.RNNPROP.equals(cfg.architecture())) {
      b.add("input/w", 2, h, false).add("input/b", 1, h, true);
      in = h;
    } else {
      in = 2;
    }
    for (int l = 1; l <= cfg.layers(); l++) {
      b.add("lstm" + l + "/w", in + h, 4 * h, false).add("lstm" + l + "/b", 1, 4 * h, true);
      in = h;
    }
    b.add("linear/w", h, 1, false).add("linear/b", 1, 1, true);
    return b.build(WeightLayout::sonnetInit);
  }

  public List<Block> blocks() {
    return blocks;
  }

  /** Total number of weights. */
  public int size() {
    return size;
  }

  /** The block called {@code name}. */
  public Block block(String name) {
    for (Block b : blocks) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no weight block '" + name + "' in " + blocks);
  }

  /** Fresh weights drawn from {@code rng} by the layout's initializer. */
  public float[] initialize(Random rng) {
    float[] w = new float[size];
    initializer.fill(this, w, rng);
    return w;
  }

  /**
   * Sonnet v1's default init, which the authors' L2O-DM used (their networks pass no
   * initializers): every matrix truncated-normal (cut at 2 sigma) with sigma = 1/sqrt(fan in), its
   * rows. An LSTM's gate bias gets the same initializer as its gate matrix (Sonnet's LSTM builds
   * both from one {@code create_linear_initializer(input + hidden)}); the biases of plain linear
   * layers (the output head, RNNprop's input projection) start at zero, as {@code snt.Linear}'s
   * do.
   */
  private static void sonnetInit(WeightLayout layout, float[] w, Random rng) {
    for (Block b : layout.blocks) {
      double fanIn = b.rows();
      if (b.bias()) {
        if (!b.name().startsWith("lstm")) {
          continue;
        }
        fanIn = layout.block(b.name().replace("/b", "/w")).rows();
      }
      double sigma = 1.0 / Math.sqrt(fanIn);
      for (int i = 0; i < b.size(); i++) {
        double z;
        do {
          z = rng.nextGaussian();
        } while (Math.abs(z) > 2.0);
        w[b.offset() + i] = (float) (z * sigma);
      }
    }
  }

  /** Slices the fed weight vector into its matrices, keyed like {@link #blocks()}. */
  public java.util.Map<String, Operand<TFloat32>> slice(Ops tf, Operand<TFloat32> weights) {
    int[] sizes = blocks.stream().mapToInt(Block::size).toArray();
    List<Operand<TFloat32>> parts = new ArrayList<>();
    tf.splitV(weights, tf.constant(sizes), tf.constant(0), (long) sizes.length)
        .forEach(parts::add);
    java.util.Map<String, Operand<TFloat32>> out = new java.util.LinkedHashMap<>();
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      Operand<TFloat32> m =
          b.bias()
              ? parts.get(i)
              : tf.reshape(parts.get(i), tf.constant(new long[] {b.rows(), b.cols()}));
      out.put(b.name(), m);
    }
    return out;
  }

  /** Adds blocks in order; a bias block is sliced as a vector, any other as a matrix. */
  public static final class Builder {
    private final List<Block> blocks = new ArrayList<>();
    private int size;

    public Builder add(String name, int rows, int cols, boolean bias) {
      blocks.add(new Block(name, rows, cols, size, bias));
      size += rows * cols;
      return this;
    }

    public WeightLayout build(Initializer initializer) {
      return new WeightLayout(new ArrayList<>(blocks), size, initializer);
    }
  }

  @Override
  public String toString() {
    return "WeightLayout[" + size + " weights, " + blocks.size() + " blocks]";
  }
}
