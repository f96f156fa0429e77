package org.l2o.engine;

import org.l2o.engine.rule.AnalyticalRule;
import org.l2o.engine.rule.UpdateRule;

/** An optimizer the {@link Evaluator} can run: analytical or learned, treated alike. */
public sealed interface OptimizerUnderTest {

  /** The rule that the engine's graphs apply. */
  UpdateRule rule();

  /** A short label such as {@code adam:0.01} or {@code dm[...]}. */
  String label();

  /** An analytical optimizer. */
  record Analytical(AnalyticalSpec spec) implements OptimizerUnderTest {
    @Override
    public UpdateRule rule() {
      return new AnalyticalRule(spec);
    }

    @Override
    public String label() {
      return spec.toString();
    }
  }

  /** A learned optimizer. */
  record Learned(TrainedOptimizer optimizer) implements OptimizerUnderTest {
    @Override
    public UpdateRule rule() {
      return optimizer.rule();
    }

    @Override
    public String label() {
      return optimizer.config().toString();
    }
  }

  static OptimizerUnderTest of(AnalyticalSpec spec) {
    return new Analytical(spec);
  }

  static OptimizerUnderTest of(TrainedOptimizer optimizer) {
    return new Learned(optimizer);
  }
}
