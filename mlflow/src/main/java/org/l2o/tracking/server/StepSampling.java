package org.l2o.tracking.server;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * The steps {@code metrics/get-history-bulk-interval} returns: at most {@code maxResults} steps
 * spread evenly over the steps the runs logged within {@code [start, end]}, plus the last such
 * step and each run's first and last step in range, so that every run's curve keeps its ends
 * when the UI's charts thin a long history out.
 */
final class StepSampling {
  private StepSampling() {}

  /**
   * @param stepsPerRun each run's logged steps, in any order
   * @param start first step, or null for 0 (then {@code end} is null too: up to the last step)
   */
  static List<Long> sample(Collection<List<Long>> stepsPerRun, Long start, Long end, int maxResults) {
    TreeSet<Long> all = new TreeSet<>();
    stepsPerRun.forEach(all::addAll);
    if (all.isEmpty()) {
      return List.of();
    }
    long from = start == null ? 0 : start;
    long to = end == null ? all.last() : end;
    List<Long> inRange = new ArrayList<>(all.subSet(from, true, to, true));
    TreeSet<Long> out = new TreeSet<>();
    if (inRange.size() <= maxResults) {
      out.addAll(inRange);
    } else {
      double interval = (double) inRange.size() / maxResults;
      for (int i = 0; i < maxResults; i++) {
        out.add(inRange.get((int) (i * interval)));
      }
      out.add(inRange.get(inRange.size() - 1));
    }
    for (List<Long> run : stepsPerRun) {
      run.stream().min(Long::compare).filter(s -> s >= from && s <= to).ifPresent(out::add);
      run.stream().max(Long::compare).filter(s -> s >= from && s <= to).ifPresent(out::add);
    }
    return new ArrayList<>(out);
  }
}
