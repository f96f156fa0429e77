package org.l2o.engine;

import java.util.Locale;
import java.util.Objects;

/**
 * Everything meta-training needs, validated on construction. Build one with {@link #builder()} or
 * {@link #preset(String)}: issue 6 adds curriculum and imitation settings, and code that uses the
 * builder keeps compiling when fields are added.
 *
 * @param optimizer the learned optimizer's architecture
 * @param problem the optimizee trained on (the paper: MLP-orig only)
 * @param epochs training episodes (the paper: 5000)
 * @param unroll optimizee steps per truncated-BPTT segment and meta-step (20)
 * @param nTrain optimizee steps per training episode
 * @param nValid optimizee steps per validation episode
 * @param validEvery validate after every this many episodes (T_period = 100)
 * @param validEpisodes fresh episodes per validation (20)
 * @param metaLr the meta-optimizer's (Adam's) learning rate (1e-3)
 * @param batchSize optimizee minibatch size (128; the quadratic's rows)
 * @param seed fixes the initial weights, every episode and every validation
 * @param threads TF intra/inter-op threads; 1 makes training bitwise repeatable, 0 = TF default
 * @param device "" for default placement, or e.g. "/device:GPU:0"
 */
public record MetaTrainConfig(
    LearnedOptimizerConfig optimizer,
    ProblemName problem,
    int epochs,
    int unroll,
    int nTrain,
    int nValid,
    int validEvery,
    int validEpisodes,
    double metaLr,
    int batchSize,
    long seed,
    int threads,
    String device) {

  public static final int EPOCHS_DEFAULT = 5000;
  public static final int UNROLL_DEFAULT = 20;
  public static final int N_TRAIN_DEFAULT = 100;
  public static final int N_VALID_DEFAULT = 100;
  public static final int VALID_EVERY_DEFAULT = 100;
  public static final int VALID_EPISODES_DEFAULT = 20;
  public static final double META_LR_DEFAULT = 1e-3;
  public static final int BATCH_SIZE_DEFAULT = 128;
  public static final int THREADS_DEFAULT = 1;

  public MetaTrainConfig {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(problem, "problem");
    device = device == null ? "" : device;
    positive("epochs", epochs);
    positive("unroll", unroll);
    positive("n_train", nTrain);
    positive("n_valid", nValid);
    positive("valid_every", validEvery);
    positive("valid_episodes", validEpisodes);
    positive("batch_size", batchSize);
    if (!(metaLr > 0) || !Double.isFinite(metaLr)) {
      throw new IllegalArgumentException("meta_lr must be a positive number, got " + metaLr);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = TF default), got " + threads);
    }
  }

  private static void positive(String name, int v) {
    if (v < 1) {
      throw new IllegalArgumentException(name + " must be >= 1, got " + v);
    }
  }

  /** A builder with the paper's L2O-DM defaults on MLP-orig. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The paper's variants: {@code dm} (N_train = N_valid = 100), {@code dm-aug} (1000 / 1500) and
   * {@code rnnprop} (100 / 100 with the RNNprop architecture). Any other (N_train, N_valid) pair
   * is a builder away.
   */
  public static Builder preset(String variant) {
    String v = variant == null ? "" : variant.trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "dm" -> builder();
      case "dm-aug" -> builder().nTrain(1000).nValid(1500);
      case "rnnprop" -> builder().optimizer(LearnedOptimizerConfig.rnnprop());
      default ->
          throw new IllegalArgumentException(
              "unknown meta-training variant '" + variant + "'; expected dm, dm-aug or rnnprop");
    };
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    return new Builder()
        .optimizer(optimizer)
        .problem(problem)
        .epochs(epochs)
        .unroll(unroll)
        .nTrain(nTrain)
        .nValid(nValid)
        .validEvery(validEvery)
        .validEpisodes(validEpisodes)
        .metaLr(metaLr)
        .batchSize(batchSize)
        .seed(seed)
        .threads(threads)
        .device(device);
  }

  /** Builds a {@link MetaTrainConfig}; every field starts at its default. */
  public static final class Builder {
    private LearnedOptimizerConfig optimizer = LearnedOptimizerConfig.dm();
    private ProblemName problem = ProblemName.MLP_ORIG;
    private int epochs = EPOCHS_DEFAULT;
    private int unroll = UNROLL_DEFAULT;
    private int nTrain = N_TRAIN_DEFAULT;
    private int nValid = N_VALID_DEFAULT;
    private int validEvery = VALID_EVERY_DEFAULT;
    private int validEpisodes = VALID_EPISODES_DEFAULT;
    private double metaLr = META_LR_DEFAULT;
    private int batchSize = BATCH_SIZE_DEFAULT;
    private long seed;
    private int threads = THREADS_DEFAULT;
    private String device = "";

    public Builder optimizer(LearnedOptimizerConfig v) {
      optimizer = v;
      return this;
    }

    public Builder problem(ProblemName v) {
      problem = v;
      return this;
    }

    public Builder epochs(int v) {
      epochs = v;
      return this;
    }

    public Builder unroll(int v) {
      unroll = v;
      return this;
    }

    public Builder nTrain(int v) {
      nTrain = v;
      return this;
    }

    public Builder nValid(int v) {
      nValid = v;
      return this;
    }

    public Builder validEvery(int v) {
      validEvery = v;
      return this;
    }

    public Builder validEpisodes(int v) {
      validEpisodes = v;
      return this;
    }

    public Builder metaLr(double v) {
      metaLr = v;
      return this;
    }

    public Builder batchSize(int v) {
      batchSize = v;
      return this;
    }

    public Builder seed(long v) {
      seed = v;
      return this;
    }

    public Builder threads(int v) {
      threads = v;
      return this;
    }

    public Builder device(String v) {
      device = v;
      return this;
    }

    public MetaTrainConfig build() {
      return new MetaTrainConfig(
          optimizer, problem, epochs, unroll, nTrain, nValid, validEvery, validEpisodes, metaLr,
          batchSize, seed, threads, device);
    }
  }
}
