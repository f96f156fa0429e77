package org.l2o.engine;

/**
 * RMSProp for the learned optimizer's weights as L2O-Scale's authors ran it (TF1's {@code
 * RMSPropOptimizer}, momentum 0, in their {@code metaopt.py}), with their gradient clipping:
 *
 * <ol>
 *   <li>every gradient element is made finite (NaN and +-Inf become 0) and clipped to [-clip,
 *       clip] ({@code gradient_clip_level} 1e4);
 *   <li>ms <- decay ms + (1 - decay) g^2, with ms starting at <b>1</b> (TF1's slot init);
 *   <li>w <- w - lr g / sqrt(ms + eps).
 * </ol>
 *
 * Since ms >= (1 - decay) g^2 after a step, no weight moves by more than lr / sqrt(1 - decay) per
 * step (3.2e-6 at the authors' lr 1e-6). The mean squares are kept in double.
 */
public final class MetaRmsProp implements MetaOptimizer {

  /** The authors' {@code meta_learning_rate} for L2O-Scale. */
  public static final double LR_DEFAULT = 1e-6;

  public static final double DECAY_DEFAULT = 0.9;
  /** The authors' {@code rms_prop_epsilon}: 1e-20 (inside the square root). */
  public static final double EPS_DEFAULT = 1e-20;
  /** TF1's RMSProp starts its mean-square slot at 1, not 0. */
  public static final double INITIAL_MEAN_SQUARE = 1.0;
  /** The authors' {@code gradient_clip_level}. */
  public static final double CLIP_DEFAULT = 1e4;

  private final double lr;
  private final double decay;
  private final double eps;
  private final double clip;
  private double[] ms;
  private long t;

  /** The authors' settings at learning rate {@code lr}: decay 0.9, eps 1e-20, clip 1e4. */
  public MetaRmsProp(int size, double lr) {
    this(size, lr, DECAY_DEFAULT, EPS_DEFAULT, CLIP_DEFAULT);
  }

  /**
   * @param clip clip level for every gradient element after non-finite ones are zeroed; {@code <=
   *     0} for no clipping (non-finite elements are still zeroed)
   */
  public MetaRmsProp(int size, double lr, double decay, double eps, double clip) {
    if (!(lr > 0) || !Double.isFinite(lr)) {
      throw new IllegalArgumentException("meta learning rate must be > 0, got " + lr);
    }
    if (!(decay >= 0 && decay < 1)) {
      throw new IllegalArgumentException("RMSProp decay must be in [0, 1), got " + decay);
    }
    if (!(eps >= 0)) {
      throw new IllegalArgumentException("RMSProp epsilon must be >= 0, got " + eps);
    }
    this.lr = lr;
    this.decay = decay;
    this.eps = eps;
    this.clip = clip;
    this.ms = new double[size];
    java.util.Arrays.fill(ms, INITIAL_MEAN_SQUARE);
  }

  @Override
  public void step(float[] weights, float[] grad) {
    if (grad.length != ms.length || weights.length != ms.length) {
      throw new IllegalArgumentException(
          "RMSProp sized for " + ms.length + " weights, got weights=" + weights.length + ", grad="
              + grad.length);
    }
    t++;
    for (int i = 0; i < ms.length; i++) {
      double g = grad[i];
      if (!Double.isFinite(g)) {
        g = 0;
      }
      if (clip > 0) {
        g = Math.max(-clip, Math.min(clip, g));
      }
      ms[i] = decay * ms[i] + (1 - decay) * g * g;
      weights[i] = (float) (weights[i] - lr * g / Math.sqrt(ms[i] + eps));
    }
  }

  @Override
  public long steps() {
    return t;
  }

  @Override
  public boolean sanitizesGradients() {
    return true;
  }

  /** A copy of the mean squares (for checkpoints). */
  public double[] meanSquares() {
    return ms.clone();
  }

  @Override
  public MomentState state() {
    return new MomentState(t, java.util.Map.of("ms", ms));
  }

  @Override
  public void restore(MomentState s) {
    ms = s.slot("ms", ms.length);
    t = s.steps();
  }

  @Override
  public String toString() {
    return "MetaRmsProp[lr=" + lr + ", decay=" + decay + ", eps=" + eps + ", clip=" + clip + "]";
  }
}
