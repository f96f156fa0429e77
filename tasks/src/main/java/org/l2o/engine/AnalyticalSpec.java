package org.l2o.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * An analytical optimizer and its hyperparameters: the evaluation baselines and the imitation
 * teachers. The update rules follow TensorFlow 1's optimizers, which the authors' code used:
 *
 * <ul>
 *   <li>{@code sgd}: x -= lr g
 *   <li>{@code adam}: m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; x -= lr sqrt(1-b2^t)/(1-b1^t)
 *       m/(sqrt(v) + eps) (eps is TF's "epsilon hat")
 *   <li>{@code rmsprop}: ms = decay ms + (1-decay) g^2 (ms starts at {@code initial_ms}); mom =
 *       momentum mom + lr g/sqrt(ms + eps); x -= mom
 *   <li>{@code adagrad}: acc += g^2 (acc starts at {@code initial_accumulator}); x -= lr
 *       g/(sqrt(acc) + eps)
 *   <li>{@code nag}: a = momentum a + g; x -= lr (g + momentum a) (Nesterov momentum)
 * </ul>
 *
 * <p>{@code hyper} always holds every hyperparameter of the optimizer (defaults filled in).
 */
public record AnalyticalSpec(String name, double lr, Map<String, Double> hyper) {

  // The defaults of the TensorFlow 1.x optimizers the authors' code (TF 1.14, tf.train.*) ran,
  // for the baselines and the imitation teachers alike: the one place they are declared.

  /** Adam's β1. */
  public static final double BETA1_DEFAULT = 0.9;
  /** Adam's β2. */
  public static final double BETA2_DEFAULT = 0.999;
  /**
   * Adam's ε of {@code tf.train.AdamOptimizer}: "epsilon hat", added to √v after the bias
   * correction was folded into the step size, not the ε of Algorithm 1 of Kingma and Ba.
   */
  public static final double ADAM_EPS_DEFAULT = 1e-8;
  /** RMSProp's decay ρ. */
  public static final double RMSPROP_DECAY_DEFAULT = 0.9;
  public static final double RMSPROP_MOMENTUM_DEFAULT = 0.0;
  /** RMSProp's ε; it sits inside the square root. */
  public static final double RMSPROP_EPS_DEFAULT = 1e-10;
  /**
   * RMSProp's initial mean square: {@code tf.train.RMSPropOptimizer}'s "rms" slot starts at ones
   * (Keras' RMSprop starts at zeros, with ε 1e-7 outside the root; we follow the authors' TF 1).
   */
  public static final double RMSPROP_INITIAL_MS_DEFAULT = 1.0;
  /** Initial accumulator of {@code tf.train.AdagradOptimizer}. */
  public static final double ADAGRAD_INITIAL_ACCUMULATOR_DEFAULT = 0.1;
  public static final double ADAGRAD_EPS_DEFAULT = 0.0;
  /** NAG's momentum μ ({@code tf.train.MomentumOptimizer} with {@code use_nesterov=True}). */
  public static final double NAG_MOMENTUM_DEFAULT = 0.9;

  /** The optimizers by name, each with its hyperparameter defaults in a fixed order. */
  private static final Map<String, Map<String, Double>> DEFAULTS = defaults();

  public AnalyticalSpec {
    if (name == null) {
      throw new IllegalArgumentException("analytical optimizer name is null; expected one of "
          + DEFAULTS.keySet());
    }
    name = name.trim().toLowerCase(Locale.ROOT);
    Map<String, Double> known = DEFAULTS.get(name);
    if (known == null) {
      throw new IllegalArgumentException(
          "unknown analytical optimizer '" + name + "'; expected one of " + DEFAULTS.keySet());
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException(name + ": learning rate must be a positive number, got " + lr);
    }
    Map<String, Double> full = new LinkedHashMap<>(known);
    if (hyper != null) {
      for (Map.Entry<String, Double> e : hyper.entrySet()) {
        String key = e.getKey().trim().toLowerCase(Locale.ROOT);
        if (!known.containsKey(key)) {
          throw new IllegalArgumentException(
              name + ": unknown hyperparameter '" + e.getKey() + "'; " + name + " takes "
                  + (known.isEmpty() ? "none besides lr" : known.keySet()));
        }
        if (e.getValue() == null || !Double.isFinite(e.getValue())) {
          throw new IllegalArgumentException(
              name + ": hyperparameter " + key + " must be finite, got " + e.getValue());
        }
        full.put(key, e.getValue());
      }
    }
    hyper = Collections.unmodifiableMap(full);
  }

  /** The optimizer with default hyperparameters. */
  public static AnalyticalSpec of(String name, double lr) {
    return new AnalyticalSpec(name, lr, Map.of());
  }

  /** The names accepted by {@link #parse} and the constructor. */
  public static List<String> names() {
    return List.copyOf(DEFAULTS.keySet());
  }

  /**
   * Parses {@code "name:lr"} with optional {@code ",key=value"} hyperparameters, e.g.
   * {@code "adam:0.01"} or {@code "nag:0.1,momentum=0.95"}; {@link #toString()} is parseable.
   */
  public static AnalyticalSpec parse(String text) {
    if (text == null || !text.contains(":")) {
      throw new IllegalArgumentException(
          "analytical optimizer '" + text + "' must look like name:lr[,key=value...], "
              + "e.g. adam:0.01; names: " + DEFAULTS.keySet());
    }
    String[] head = text.split(":", 2);
    String[] parts = head[1].split(",");
    double lr = number(text, parts[0]);
    Map<String, Double> hyper = new LinkedHashMap<>();
    for (int i = 1; i < parts.length; i++) {
      String[] kv = parts[i].split("=", 2);
      if (kv.length != 2) {
        throw new IllegalArgumentException(
            "analytical optimizer '" + text + "': '" + parts[i] + "' is not key=value");
      }
      hyper.put(kv[0].trim(), number(text, kv[1]));
    }
    return new AnalyticalSpec(head[0], lr, hyper);
  }

  private static double number(String text, String s) {
    try {
      return Double.parseDouble(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "analytical optimizer '" + text + "': '" + s + "' is not a number", e);
    }
  }

  /** One hyperparameter. */
  public double get(String key) {
    Double v = hyper.get(key);
    if (v == null) {
      throw new IllegalArgumentException(name + " has no hyperparameter " + key + "; it has "
          + hyper.keySet());
    }
    return v;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name).append(':').append(lr);
    new TreeMap<>(hyper).forEach((k, v) -> b.append(',').append(k).append('=').append(v));
    return b.toString();
  }

  private static Map<String, Map<String, Double>> defaults() {
    Map<String, Map<String, Double>> m = new LinkedHashMap<>();
    m.put("sgd", Map.of());
    Map<String, Double> adam = new LinkedHashMap<>();
    adam.put("beta1", BETA1_DEFAULT);
    adam.put("beta2", BETA2_DEFAULT);
    adam.put("eps", ADAM_EPS_DEFAULT);
    m.put("adam", adam);
    Map<String, Double> rms = new LinkedHashMap<>();
    rms.put("decay", RMSPROP_DECAY_DEFAULT);
    rms.put("momentum", RMSPROP_MOMENTUM_DEFAULT);
    rms.put("eps", RMSPROP_EPS_DEFAULT);
    rms.put("initial_ms", RMSPROP_INITIAL_MS_DEFAULT);
    m.put("rmsprop", rms);
    Map<String, Double> ada = new LinkedHashMap<>();
    ada.put("initial_accumulator", ADAGRAD_INITIAL_ACCUMULATOR_DEFAULT);
    ada.put("eps", ADAGRAD_EPS_DEFAULT);
    m.put("adagrad", ada);
    m.put("nag", Map.of("momentum", NAG_MOMENTUM_DEFAULT));
    return Collections.unmodifiableMap(m);
  }
}
