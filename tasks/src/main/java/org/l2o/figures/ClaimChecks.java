package org.l2o.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.l2o.curves.CurveSummary;
import org.l2o.variants.Variants;

/**
 * Checks the paper's four claims against the reproduced curves and training costs.
 *
 * <h3>Rules</h3>
 *
 * A variant "beats" another on a problem when its mean final ln-loss is lower; a variant whose runs
 * all diverged has no final loss and loses to any that converged. Each claim is tested against
 * the comparators that were actually run, and the evidence names the ones that were not.
 *
 * <ol>
 *   <li>CL beats DM and AUG: supported when L2O-DM-CL beats every baseline present on more than
 *       half of the problems where it and at least one baseline were run. (The paper's own Fig A2
 *       has AUG ahead on Conv-MNIST, so "every problem" would fail the paper itself.)
 *   <li>CL costs &lt; 1/14 of AUG: from the {@link TrainingCost}s of {@code dm-cl} and
 *       {@code dm-aug}, training steps only, as the paper counts them.
 *   <li>IL stabilises MLP-ReLU, Conv-MNIST, Conv-CIFAR: on every one of those run, L2O-DM-IL has a
 *       smaller diverged fraction than each baseline present, or the same fraction and a lower
 *       final loss.
 *   <li>CL-IL is the best: as (1), against every other optimizer of the paper's read-off table.
 * </ol>
 */
final class ClaimChecks {

  static final String CL = Variants.DM_CL.name();
  static final String AUG = Variants.DM_AUG.name();
  static final String IL = Variants.DM_IL.name();
  static final String CL_IL = Variants.DM_CL_IL.name();
  static final String SCALE_CL_IL = Variants.SCALE_CL_IL.name();
  static final List<String> BASELINES = List.of(Variants.DM.name(), AUG);
  static final List<String> STABILITY_PROBLEMS = List.of("mlp-relu", "conv-mnist", "conv-cifar");

  private ClaimChecks() {}

  static List<ClaimCheck> check(
      SummaryTable table, List<TrainingCost> costs, PaperTargets targets) {
    List<String> rivals = new ArrayList<>(targets.optimizers());
    rivals.remove(CL_IL);
    // Claim 4 names the previous state of the art (L2O-Scale), not the paper's own CL-IL
    // version of it (its Fig 3), whose read-offs the targets carry too.
    rivals.remove(SCALE_CL_IL);
    return List.of(
        beatsOnMost(1, targets.claim(1), CL, BASELINES, table),
        cost(targets.claim(2), costs, targets),
        stability(targets.claim(3), table),
        beatsOnMost(4, targets.claim(4), CL_IL, rivals, table));
  }

  /** Claims 1 and 4: {@code subject} beats every present rival on most problems compared. */
  static ClaimCheck beatsOnMost(
      int id, String claim, String subject, List<String> rivals, SummaryTable table) {
    List<String> lines = new ArrayList<>();
    List<String> neverRun = new ArrayList<>(rivals);
    int compared = 0;
    int wins = 0;
    for (String p : table.problems()) {
      Optional<CurveSummary> s = table.get(subject, p);
      List<CurveSummary> present = new ArrayList<>();
      for (String r : rivals) {
        table.get(r, p).ifPresent(present::add);
      }
      present.forEach(r -> neverRun.remove(r.optimizer()));
      if (s.isEmpty() || present.isEmpty()) {
        continue;
      }
      compared++;
      List<String> lostTo = new ArrayList<>();
      for (CurveSummary r : present) {
        if (!(score(s.get()) < score(r))) {
          lostTo.add(name(r.optimizer()));
        }
      }
      if (lostTo.isEmpty()) {
        wins++;
      }
      StringBuilder b = new StringBuilder(Problems.displayName(p)).append(": ")
          .append(name(subject)).append(' ').append(value(s.get())).append(" vs ");
      List<String> vs = new ArrayList<>();
      present.forEach(r -> vs.add(name(r.optimizer()) + " " + value(r)));
      b.append(String.join(", ", vs)).append(" → ")
          .append(lostTo.isEmpty() ? "beats all" : "not below " + String.join(", ", lostTo));
      lines.add(b.toString());
    }
    if (compared == 0) {
      return new ClaimCheck(id, claim, ClaimVerdict.NOT_TESTED,
          "needs " + name(subject) + " and at least one of " + names(rivals)
              + " evaluated on the same problem; none was");
    }
    boolean supported = 2 * wins > compared;
    String head = name(subject) + " has the lowest final ln-loss on " + wins + " of " + compared
        + " problems compared (more than half needed).";
    if (!neverRun.isEmpty()) {
      head += " Not run, so not compared: " + names(neverRun) + ".";
    }
    return new ClaimCheck(id, claim,
        supported ? ClaimVerdict.SUPPORTED : ClaimVerdict.NOT_SUPPORTED,
        head + " " + String.join("; ", lines) + ".");
  }

  /** Claim 2: CL's training iterations against AUG's, bound 1/14. */
  static ClaimCheck cost(String claim, List<TrainingCost> costs, PaperTargets t) {
    Optional<TrainingCost> cl = costs.stream().filter(c -> c.variant().equals(CL)).findFirst();
    Optional<TrainingCost> aug = costs.stream().filter(c -> c.variant().equals(AUG)).findFirst();
    // The paper's appendix prints (100+200+500+1000) x 300 = 360,000, but that product is 540,000; both fail
    // a strict 1/14, so the report shows the arithmetic rather than trusting either number.
    long recomputed = (100L + 200 + 500 + 1000) * 300;
    String paper = String.format(Locale.ROOT,
        "The paper's own numbers, %,d against %,d, give 1/%.2f; its stated product "
            + "(100+200+500+1000) x 300 is in fact %,d, which gives 1/%.2f.", t.clTrainIterations(),
        t.augTrainIterations(), t.augTrainIterations() / (double) t.clTrainIterations(),
        recomputed, t.augTrainIterations() / (double) recomputed);
    if (cl.isEmpty() || aug.isEmpty() || aug.get().trainSteps() == 0) {
      List<String> missing = new ArrayList<>();
      if (cl.isEmpty()) {
        missing.add(name(CL));
      }
      if (aug.isEmpty() || aug.get().trainSteps() == 0) {
        missing.add(name(AUG));
      }
      return new ClaimCheck(2, claim, ClaimVerdict.NOT_TESTED,
          "no training cost recorded for " + String.join(" and ", missing) + ". " + paper);
    }
    long c = cl.get().trainSteps();
    long a = aug.get().trainSteps();
    boolean below = c * (long) t.boundDenominator() < a;
    String ratio = c == 0 ? "0" : String.format(Locale.ROOT, "1/%.2f", a / (double) c);
    String evidence = String.format(Locale.ROOT,
        "%s used %,d training iterations%s, %s used %,d%s: a ratio of %s, %s the bound 1/%d. %s",
        name(CL), c, noted(cl.get()), name(AUG), a, noted(aug.get()), ratio,
        below ? "below" : "not below", t.boundDenominator(), paper);
    return new ClaimCheck(2, claim,
        below ? ClaimVerdict.SUPPORTED : ClaimVerdict.NOT_SUPPORTED, evidence);
  }

  /** Claim 3: IL more stable than the baselines on the three named problems. */
  static ClaimCheck stability(String claim, SummaryTable table) {
    List<String> lines = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int compared = 0;
    int better = 0;
    for (String p : STABILITY_PROBLEMS) {
      Optional<CurveSummary> il = table.get(IL, p);
      List<CurveSummary> present = new ArrayList<>();
      BASELINES.forEach(b -> table.get(b, p).ifPresent(present::add));
      if (il.isEmpty() || present.isEmpty()) {
        skipped.add(Problems.displayName(p));
        continue;
      }
      compared++;
      List<String> notBetter = new ArrayList<>();
      for (CurveSummary b : present) {
        if (!moreStable(il.get(), b)) {
          notBetter.add(name(b.optimizer()));
        }
      }
      if (notBetter.isEmpty()) {
        better++;
      }
      List<String> vs = new ArrayList<>();
      present.forEach(b -> vs.add(name(b.optimizer()) + " " + stabilityValue(b)));
      lines.add(Problems.displayName(p) + ": " + name(IL) + " " + stabilityValue(il.get())
          + " vs " + String.join(", ", vs) + " → "
          + (notBetter.isEmpty() ? "more stable than all"
              : "not more stable than " + String.join(", ", notBetter)));
    }
    if (compared == 0) {
      return new ClaimCheck(3, claim, ClaimVerdict.NOT_TESTED,
          "needs " + name(IL) + " and " + names(BASELINES) + " evaluated on "
              + String.join(", ", STABILITY_PROBLEMS.stream().map(Problems::displayName).toList())
              + "; none of these problems had them");
    }
    String head = name(IL) + " is more stable (fewer divergences, or as few and a lower final "
        + "ln-loss) than every baseline present on " + better + " of " + compared
        + " problems compared (all needed).";
    if (!skipped.isEmpty()) {
      head += " Not compared (curves missing): " + String.join(", ", skipped) + ".";
    }
    return new ClaimCheck(3, claim,
        better == compared ? ClaimVerdict.SUPPORTED : ClaimVerdict.NOT_SUPPORTED,
        head + " " + String.join("; ", lines) + ".");
  }

  /** The final ln-loss a comparison uses; +Inf when every run diverged or there is none. */
  static double score(CurveSummary s) {
    double v = s.finalLogLossMean();
    return s.allDiverged() || Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
  }

  private static boolean moreStable(CurveSummary a, CurveSummary b) {
    double fa = a.diverged() / (double) Math.max(1, a.seeds());
    double fb = b.diverged() / (double) Math.max(1, b.seeds());
    return fa < fb || (fa == fb && score(a) < score(b));
  }

  private static String value(CurveSummary s) {
    if (s.allDiverged()) {
      return "diverged (" + s.diverged() + "/" + s.seeds() + ")";
    }
    String v = ReportNumbers.fixed(s.finalLogLossMean());
    return s.diverged() == 0 ? v : v + " (" + s.diverged() + "/" + s.seeds() + " diverged)";
  }

  private static String stabilityValue(CurveSummary s) {
    String loss = s.allDiverged() ? "no final loss"
        : ReportNumbers.fixed(s.finalLogLossMean());
    return s.diverged() + "/" + s.seeds() + " diverged, " + loss;
  }

  private static String noted(TrainingCost c) {
    return c.note().isBlank() ? "" : " (" + c.note() + ")";
  }

  private static String name(String id) {
    return OptimizerStyle.displayName(id);
  }

  private static String names(List<String> ids) {
    return String.join(", ", ids.stream().map(ClaimChecks::name).toList());
  }
}
