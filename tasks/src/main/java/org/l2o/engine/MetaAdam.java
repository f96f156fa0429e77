package org.l2o.engine;

/**
 * Adam for the learned optimizer's weights, in Java over fetched meta-gradients.
 *
 * <p>Hand-built because TF Java's framework Adam updates its beta powers unordered with the
 * update, so its results vary from run to run; this one is deterministic. It follows TF1's
 * formulation (the authors' meta-optimizer): lr_t = lr sqrt(1-b2^t)/(1-b1^t), w -= lr_t
 * m/(sqrt(v) + eps_hat). Moments are kept in double.
 */
public final class MetaAdam implements MetaOptimizer {

  public static final double BETA1_DEFAULT = 0.9;
  public static final double BETA2_DEFAULT = 0.999;
  public static final double EPS_DEFAULT = 1e-8;

  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double eps;
  private double[] m;
  private double[] v;
  private long t;

  public MetaAdam(int size, double lr) {
    this(size, lr, BETA1_DEFAULT, BETA2_DEFAULT, EPS_DEFAULT);
  }

  public MetaAdam(int size, double lr, double beta1, double beta2, double eps) {
    if (!(lr > 0)) {
      throw new IllegalArgumentException("meta learning rate must be > 0, got " + lr);
    }
    this.lr = lr;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.m = new double[size];
    this.v = new double[size];
  }

  @Override
  public void step(float[] weights, float[] grad) {
    if (grad.length != m.length || weights.length != m.length) {
      throw new IllegalArgumentException(
          "Adam sized for " + m.length + " weights, got weights=" + weights.length + ", grad="
              + grad.length);
    }
    t++;
    double lrT = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    for (int i = 0; i < m.length; i++) {
      double g = grad[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      weights[i] = (float) (weights[i] - lrT * m[i] / (Math.sqrt(v[i]) + eps));
    }
  }

  @Override
  public long steps() {
    return t;
  }

  @Override
  public MomentState state() {
    return new MomentState(t, java.util.Map.of("m", m, "v", v));
  }

  @Override
  public void restore(MomentState s) {
    double[] newM = s.slot("m", m.length);
    double[] newV = s.slot("v", v.length);
    m = newM;
    v = newV;
    t = s.steps();
  }

  @Override
  public String toString() {
    return "MetaAdam[lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + "]";
  }
}
