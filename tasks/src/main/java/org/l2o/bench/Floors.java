package org.l2o.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/** Lower bounds from FLOP counts and op ceilings, and the targets against the measurements. */
final class Floors {

  private Floors() {}

  /** One floor per engine measurement whose thread count has ceilings. */
  static List<BenchReport.Floor> of(List<Measurement> ms, List<OpCeilings.Ceiling> ceilings) {
    List<BenchReport.Floor> out = new ArrayList<>();
    for (Measurement m : ms) {
      if (!m.variant().equals(EngineBenchmark.ENGINE)) {
        continue;
      }
      Optional<Double> gflops = best(ceilings, m.threads(), "MatMul", true);
      Optional<Double> nsTrans =
          min(
              best(ceilings, m.threads(), "Sigmoid", false),
              best(ceilings, m.threads(), "Tanh", false));
      Optional<Double> nsMul = best(ceilings, m.threads(), "Mul", false);
      if (gflops.isEmpty() || nsTrans.isEmpty() || nsMul.isEmpty()) {
        continue;
      }
      double matmulMs = m.matmulFlopsPerStep() / gflops.get() / 1e6;
      double transMs = m.transcendentalsPerStep() * nsTrans.get() / 1e6;
      long other = m.flopsPerStep() - m.matmulFlopsPerStep() - m.transcendentalsPerStep();
      double otherMs = other * nsMul.get() / 1e6;
      out.add(
          new BenchReport.Floor(
              m.scenario(), m.seeds(), m.threads(), matmulMs, transMs, otherMs,
              matmulMs + transMs + otherMs, m.msPerStepMedian()));
    }
    return out;
  }

  /**
   * The best gate-product GFLOP/s (the square product is TF's best case, not the engine's
   * shapes), or the least ns per element of an elementwise op, at {@code threads}.
   */
  private static Optional<Double> best(
      List<OpCeilings.Ceiling> ceilings, int threads, String op, boolean product) {
    return ceilings.stream()
        .filter(c -> c.threads() == threads && c.op().equals(op))
        .filter(c -> !product || !c.shape().startsWith("[1024,"))
        .map(c -> product ? c.gflops() : c.nsPerElement())
        .reduce(product ? Math::max : Math::min);
  }

  private static Optional<Double> min(Optional<Double> a, Optional<Double> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.map(x -> Math.min(x, a.get())).or(() -> a);
  }

  /** Issue 9's three targets against the best engine measurement for each. */
  static List<BenchReport.Target> targets(List<Measurement> ms) {
    List<BenchReport.Target> out = new ArrayList<>();
    List<Measurement> engine =
        ms.stream().filter(m -> m.variant().equals(EngineBenchmark.ENGINE)).toList();
    bestOf(engine, m -> m.scenario().equals(EngineBenchmark.META), Measurement::msPerStepMedian)
        .ifPresent(
            m ->
                out.add(
                    target(
                        "meta-training ms per optimizee step", EngineBenchmark.META_TARGET_MS,
                        "ms", m.msPerStepMedian(), m)));
    int maxSeeds =
        engine.stream()
            .filter(m -> m.scenario().equals(EngineBenchmark.EVAL))
            .mapToInt(Measurement::seeds)
            .max()
            .orElse(0);
    bestOf(
            engine,
            m -> m.scenario().equals(EngineBenchmark.EVAL) && m.seeds() == maxSeeds && maxSeeds > 1,
            Measurement::msPerSeedStep)
        .ifPresent(
            m ->
                out.add(
                    target(
                        "evaluation ms per step per seed, " + maxSeeds + " seeds batched",
                        EngineBenchmark.EVAL_TARGET_MS_PER_SEED, "ms", m.msPerSeedStep(), m)));
    // Issue 15: L2O-Scale per step within 2x of L2O-DM, per scenario, seed count and threads.
    for (Measurement s : ms) {
      if (!s.variant().equals(EngineBenchmark.SCALE)) {
        continue;
      }
      engine.stream()
          .filter(m -> m.scenario().equals(s.scenario()) && m.seeds() == s.seeds()
              && m.threads() == s.threads())
          .findFirst()
          .ifPresent(dm -> out.add(target(
              "L2O-Scale / L2O-DM, " + s.scenario() + ", " + s.seeds() + " seed(s), thr "
                  + s.threads(),
              EngineBenchmark.SCALE_TARGET_RATIO, "x",
              s.msPerStepMedian() / dm.msPerStepMedian(), s)));
    }
    bestOf(ms, m -> m.peakRssBytes() > 0, m -> -m.peakRssBytes())
        .ifPresent(
            worst ->
                out.add(
                    target(
                        "peak RSS", EngineBenchmark.RSS_TARGET_BYTES / (1 << 20), "MiB",
                        worst.peakRssBytes() / (double) (1 << 20), worst)));
    return out;
  }

  private static Optional<Measurement> bestOf(
      List<Measurement> ms,
      java.util.function.Predicate<Measurement> which,
      ToDoubleFunction<Measurement> key) {
    return ms.stream().filter(which).min(Comparator.comparingDouble(key));
  }

  private static BenchReport.Target target(
      String name, double limit, String unit, double value, Measurement at) {
    String where =
        at.scenario() + ", " + at.seeds() + " seed(s), " + at.variant() + ", threads=" + at.threads();
    return new BenchReport.Target(name, limit, unit, value, where, value <= limit);
  }
}
