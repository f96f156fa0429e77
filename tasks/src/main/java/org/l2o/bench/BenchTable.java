package org.l2o.bench;

import java.util.Locale;

/** A {@link BenchReport} as the plain-text tables {@code l2o bench} prints. */
public final class BenchTable {

  private BenchTable() {}

  public static String render(BenchReport r) {
    StringBuilder b = new StringBuilder();
    b.append("Engine benchmark: ").append(r.workload()).append('\n');
    b.append(
        f(
            "machine: %s, %s cores, TF %s; load average %.1f at start, %.1f at end;"
                + " %d timed calls per row in %d round(s), %d warm-up calls per row and round%n",
            r.environment().getOrDefault("cpu.model", "?"),
            r.environment().getOrDefault("cpu.cores", "?"),
            r.environment().getOrDefault("tf.version", "?"),
            r.loadBefore(), r.loadAfter(), r.config().reps(), r.config().rounds(),
            r.config().warmup()));
    if (!r.threadsPerSession()) {
      b.append(
          "WARNING: TF sized its thread pools once for the whole process, so the 'thr' column is"
              + " not what ran;\n  run with TF_OVERRIDE_GLOBAL_THREADPOOL=1 (l2o bench does this"
              + " itself) for per-row thread counts.\n");
    }
    b.append('\n');
    b.append(
        f(
            "%-14s %5s %-9s %3s %6s | %8s %17s %9s %8s | %9s %8s %8s | %8s%n",
            "scenario", "seeds", "variant", "thr", "blocks", "ms/step", "[p25 - p75]",
            "ms/seed", "cpu ms", "GFLOP/st", "GFLOP/s", "1st s", "peak RSS"));
    for (Measurement m : r.measurements()) {
      b.append(
          f(
              "%-14s %5d %-9s %3d %6d | %8.2f %17s %9.2f %8.2f | %9.3f %8.1f %8.1f | %8s%n",
              m.scenario(), m.seeds(), m.variant(), m.threads(), m.blocks(),
              m.msPerStepMedian(), f("[%.2f - %.2f]", m.msPerStepP25(), m.msPerStepP75()),
              m.msPerSeedStep(), m.cpuMsPerStep(), m.flopsPerStep() / 1e9, m.gflops(),
              m.firstCallMs() / 1e3, mib(m.peakRssBytes())));
    }
    b.append(
        "\nms/step: wall time per optimizee step of the whole batch (median, interquartile range);"
            + " ms/seed: per seed;\ncpu ms: CPU time of all threads per step (below ms/step when"
            + " other processes hold the cores); GFLOP/st: arithmetic per step from the graph.\n");
    if (!r.ceilings().isEmpty()) {
      b.append("\nCeilings: plain TF ops on this machine, ")
          .append(OpCeilings.COPIES)
          .append(" independent copies per call\n");
      for (OpCeilings.Ceiling c : r.ceilings()) {
        if (c.op().equals("MatMul")) {
          b.append(f("  thr %d  %-8s %-24s %7.1f GFLOP/s%n", c.threads(), c.op(), c.shape(), c.gflops()));
        } else {
          b.append(
              f("  thr %d  %-8s %-24s %7.3f ns/element%n", c.threads(), c.op(), c.shape(), c.nsPerElement()));
        }
      }
    }
    if (!r.floors().isEmpty()) {
      b.append("\nFloors: each step's arithmetic at those speeds (an estimate: no per-op overhead, copies or\nmemory traffic counted; inter-op parallelism can beat it)\n");
      b.append(
          f("  %-14s %5s %3s | %9s %9s %9s | %9s %9s%n", "scenario", "seeds", "thr", "matmul",
              "sig/tanh", "other", "floor ms", "measured"));
      for (BenchReport.Floor fl : r.floors()) {
        b.append(
            f(
                "  %-14s %5d %3d | %9.2f %9.2f %9.2f | %9.2f %9.2f%n", fl.scenario(), fl.seeds(),
                fl.threads(), fl.matmulMs(), fl.transcendentalMs(), fl.elementwiseMs(),
                fl.totalMs(), fl.measuredMs()));
      }
    }
    if (!r.targets().isEmpty()) {
      b.append("\nTargets (issue 9; L2O-Scale / L2O-DM ratios: issue 15)\n");
      for (BenchReport.Target t : r.targets()) {
        b.append(
            f(
                "  %-52s <= %7.1f %-3s  measured %8.2f  %-4s (%s)%n", t.name(), t.limit(), t.unit(),
                t.best(), t.met() ? "MET" : "MISS", t.bestAt()));
      }
    }
    return b.toString();
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "?" : f("%.0f MiB", bytes / (double) (1 << 20));
  }

  private static String f(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
