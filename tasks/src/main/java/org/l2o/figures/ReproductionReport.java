package org.l2o.figures;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.l2o.figures.ReportDocument.Banner;
import org.l2o.figures.ReportDocument.Bullets;
import org.l2o.figures.ReportDocument.Heading;
import org.l2o.figures.ReportDocument.Image;
import org.l2o.figures.ReportDocument.Link;
import org.l2o.figures.ReportDocument.Links;
import org.l2o.figures.ReportDocument.Paragraph;
import org.l2o.figures.ReportDocument.Table;

/**
 * The reproduction report: figures, reproduced final ln-losses against the paper's read-offs,
 * the paper's claims with evidence, training costs, environment and stage times.
 *
 * <p>{@link #write} produces {@code report.html}, its Markdown twin {@code report.md} and
 * {@code table.csv} (the comparison table, machine-readable). Numbers are reported as they came
 * out of the evaluation; a miss is labelled a miss.
 */
public final class ReproductionReport {

  public static final String HTML_FILE = "report.html";
  public static final String MARKDOWN_FILE = "report.md";
  public static final String CSV_FILE = "table.csv";
  /** The authors' released models against the paper, machine-readable (only when evaluated). */
  public static final String AUTHORS_CSV_FILE = "authors.csv";
  static final String TITLE =
      "Reproduction report: Training Stronger Baselines for Learning to Optimize";
  static final String UNVERIFIED_BANNER =
      "UNVERIFIED OR SYNTHETIC INPUT DATA. At least one input failed verification or was "
          + "generated instead of downloaded. The numbers below test the pipeline, not the paper.";

  private final ReportInputs inputs;
  private final PaperTargets targets;
  private final List<ComparisonRow> rows;
  private final List<AuthorsComparison.Row> authorsRows;
  private final List<ClaimCheck> claims;
  private final boolean unverified;
  private final Optional<ReferenceRun> reference;

  private ReproductionReport(
      ReportInputs inputs, PaperTargets targets, List<ComparisonRow> rows,
      List<AuthorsComparison.Row> authorsRows, List<ClaimCheck> claims, boolean unverified,
      Optional<ReferenceRun> reference) {
    this.reference = reference;
    this.inputs = inputs;
    this.targets = targets;
    this.rows = List.copyOf(rows);
    this.authorsRows = List.copyOf(authorsRows);
    this.claims = List.copyOf(claims);
    this.unverified = unverified;
  }

  /** Compares {@code in}'s curves and costs with {@code t}; nothing is written yet. */
  public static ReproductionReport build(ReportInputs in, PaperTargets t) {
    return build(in, t, Optional.empty());
  }

  /** As {@link #build(ReportInputs, PaperTargets)}, with a reference run's column when given. */
  public static ReproductionReport build(
      ReportInputs in, PaperTargets t, Optional<ReferenceRun> reference) {
    SummaryTable table = SummaryTable.of(in.curves());
    return new ReproductionReport(in, t, Comparisons.rows(table, t),
        AuthorsComparison.rows(table, t), ClaimChecks.check(table, in.costs(), t),
        in.unverifiedData() || table.anyUnverified(), reference);
  }

  /** One row per paper read-off and per reproduced curve set, problem by problem. */
  public List<ComparisonRow> rows() {
    return rows;
  }

  /** The authors' released models as evaluated here, against the paper (empty if none ran). */
  List<AuthorsComparison.Row> authorsRows() {
    return authorsRows;
  }

  /** The paper's four claims (abstract and section 4), in order. */
  public List<ClaimCheck> claims() {
    return claims;
  }

  /** Whether the report carries the unverified/synthetic-data banner. */
  public boolean unverifiedData() {
    return unverified;
  }

  /**
   * Writes {@code report.html}, {@code report.md} and {@code table.csv} into {@code outDir}.
   * {@code figures} are the files {@link FigureSet#writeAll} returned; in the HTML the PNGs are
   * embedded (data: URIs, so the page stands alone, e.g. in MLflow's artifact viewer) and the SVGs
   * linked by their path relative to {@code outDir}.
   */
  public void write(Path outDir, List<Path> figures) throws IOException {
    Files.createDirectories(outDir);
    ReportDocument doc = document(outDir, figures);
    Files.writeString(outDir.resolve(HTML_FILE), HtmlRenderer.render(doc, outDir),
        StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve(MARKDOWN_FILE), MarkdownRenderer.render(doc),
        StandardCharsets.UTF_8);
    Files.writeString(outDir.resolve(CSV_FILE), csv(), StandardCharsets.UTF_8);
    if (!authorsRows.isEmpty()) {
      Files.writeString(outDir.resolve(AUTHORS_CSV_FILE), authorsCsv(), StandardCharsets.UTF_8);
    }
  }

  /** Datasets other than MNIST and CIFAR-10 that curves were computed on (curve meta "dataset"). */
  java.util.Set<String> substituteDatasets() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (org.l2o.curves.LossCurves c : inputs.curves()) {
      String ds = c.meta().get("dataset");
      if (ds != null && !ds.equals("mnist") && !ds.equals("cifar10") && !ds.equals("generated")) {
        out.add(ds);
      }
    }
    return out;
  }

  ReportDocument document(Path outDir, List<Path> figures) {
    ReportDocument d = new ReportDocument(TITLE);
    if (unverified) {
      d.add(new Banner(UNVERIFIED_BANNER));
    }
    java.util.Set<String> substitutes = substituteDatasets();
    if (!substitutes.isEmpty()) {
      d.add(new Banner("SUBSTITUTE DATA: the MNIST problems were trained on " + String.join(", ",
          substitutes) + " (param mnist_source), real data but not the paper's. Compare shapes "
          + "and orderings, not values, with the paper."));
    }
    d.add(new Paragraph("Profile: " + (inputs.profile().isEmpty() ? "(not given)"
        : inputs.profile()) + ". Paper values: " + targets.source() + ", each ± "
        + num(targets.uncertainty()) + " ln-loss."));
    d.add(new Paragraph(summary()));

    d.add(new Heading(1, "Figures"));
    figures(d, outDir, figures);

    d.add(new Heading(1, "Final ln training loss against the paper"));
    d.add(new Paragraph("Reproduced, at the last evaluated step over the runs that did not "
        + "diverge (NaN/Inf): ln of the mean training loss, which is what the paper's curves (the "
        + "average of ten runs on a log axis) show and what is compared, and beside it the mean ± "
        + "std of ln(training loss). Difference = ln(mean loss) − paper; "
        + "negative is lower loss. Verdict: within ± " + num(targets.uncertainty())
        + " matches; below is better than paper, above worse; all runs diverged is worse unless "
        + "the paper's curve diverges too."
        + reference.map(r -> " Reference: ln(mean loss) of " + r.label() + ", the committed run "
            + "of the same settings; compare a value with it before the paper's.").orElse("")));
    d.add(comparisonTable());

    if (!authorsRows.isEmpty()) {
      d.add(new Heading(1, "The authors' released optimizers, evaluated here"));
      d.add(new Paragraph("The trained optimizers the paper's authors released with their code "
          + "(" + org.l2o.authors.AuthorsModel.REPOSITORY + "@" + org.l2o.authors.AuthorsModel.COMMIT
          + ", MIT; reference/authors-models), run by this project's engine on the same problems, "
          + "seeds and steps as the optimizers above. Where ours and theirs agree with the paper, "
          + "the inference path (network, preprocessing, optimizees, evaluation) is the paper's. "
          + "Compared: ln(mean loss), the natural log of the final training loss averaged over the "
          + "runs that did not diverge, which is what the paper's curves (the average of ten runs "
          + "on a log axis) show; mean ± std of ln(loss) beside it. Verdict within ± "
          + num(targets.uncertainty()) + " of the paper's read-off of the same variant."));
      d.add(authorsTable());
    }

    d.add(new Heading(1, "Claims of the paper"));
    d.add(new Table(List.of("#", "Claim", "Verdict", "Evidence"),
        claims.stream().map(c -> List.of(String.valueOf(c.id()), c.claim(), c.verdict().label(),
            c.evidence())).toList(),
        claims.stream().map(c -> cssClass(c.verdict().label())).toList()));

    d.add(new Heading(1, "Training cost"));
    if (inputs.costs().isEmpty()) {
      d.add(new Paragraph("No training costs were recorded."));
    } else {
      d.add(new Table(List.of("Variant", "Training iterations (optimizee steps)",
              "Validation steps", "Note"),
          inputs.costs().stream().map(c -> List.of(OptimizerStyle.displayName(c.variant()),
              String.format(Locale.ROOT, "%,d", c.trainSteps()),
              String.format(Locale.ROOT, "%,d", c.validSteps()), c.note())).toList(),
          List.of()));
    }

    d.add(new Heading(1, "Environment"));
    if (inputs.environment().isEmpty()) {
      d.add(new Paragraph("No environment was captured."));
    } else {
      // Sorted: capture order is arbitrary (often a hash map) and the report should not churn.
      d.add(keyValues("Key", "Value", new TreeMap<>(inputs.environment())));
    }

    d.add(new Heading(1, "Stage times"));
    if (inputs.stageTimes().isEmpty()) {
      d.add(new Paragraph("No stage times were recorded."));
    } else {
      d.add(new Paragraph("Summed over each stage's tasks, for the attempt that produced each "
          + "output: a training resumed from its checkpoints counts only its last attempt (the "
          + "run's trace in pipeline_info lists every attempt). CPU time counts all of a task's "
          + "threads; — where a task did not record it."));
      List<List<String>> cells = new ArrayList<>();
      StageTime total = StageTime.ZERO;
      for (Map.Entry<String, StageTime> e : inputs.stageTimes().entrySet()) {
        cells.add(List.of(e.getKey(), seconds(e.getValue().wallSeconds()),
            seconds(e.getValue().cpuSeconds())));
        total = total.plus(e.getValue());
      }
      cells.add(List.of("total", seconds(total.wallSeconds()), seconds(total.cpuSeconds())));
      d.add(new Table(List.of("Stage", "Wall time", "CPU time"), cells, List.of()));
    }
    return d;
  }

  private String summary() {
    Map<Verdict, Integer> count = new LinkedHashMap<>();
    for (Verdict v : Verdict.values()) {
      count.put(v, 0);
    }
    rows.forEach(r -> count.merge(r.verdict(), 1, Integer::sum));
    int withTarget = rows.size() - count.get(Verdict.NO_TARGET);
    Map<ClaimVerdict, Integer> claimCount = new LinkedHashMap<>();
    for (ClaimVerdict v : ClaimVerdict.values()) {
      claimCount.put(v, 0);
    }
    claims.forEach(c -> claimCount.merge(c.verdict(), 1, Integer::sum));
    String ours = withTarget == 0
        ? "No optimizer of the paper's read-off table was trained in this run; "
            + count.get(Verdict.NO_TARGET) + " reproduced values have no paper value."
        : "Of " + withTarget + " paper values: " + count.get(Verdict.MATCHES) + " matched, "
        + count.get(Verdict.BETTER) + " better than paper, " + count.get(Verdict.WORSE)
        + " worse than paper, " + count.get(Verdict.NOT_RUN) + " not run; "
        + count.get(Verdict.NO_TARGET) + " reproduced values have no paper value.";
    return ours + " Claims: "
        + claimCount.get(ClaimVerdict.SUPPORTED) + " supported, "
        + claimCount.get(ClaimVerdict.NOT_SUPPORTED) + " not supported, "
        + claimCount.get(ClaimVerdict.NOT_TESTED) + " not tested." + authorsSummary();
  }

  private String authorsSummary() {
    if (authorsRows.isEmpty()) {
      return "";
    }
    long withTarget = authorsRows.stream().filter(r -> r.verdict() != Verdict.NO_TARGET).count();
    long matched = authorsRows.stream().filter(r -> r.verdict() == Verdict.MATCHES).count();
    long better = authorsRows.stream().filter(r -> r.verdict() == Verdict.BETTER).count();
    long worse = authorsRows.stream().filter(r -> r.verdict() == Verdict.WORSE).count();
    return " The authors' released models, evaluated here: of " + withTarget + " paper values, "
        + matched + " matched, " + better + " better than paper, " + worse + " worse than paper.";
  }

  private void figures(ReportDocument d, Path outDir, List<Path> figures) {
    Path base = outDir.toAbsolutePath().normalize();
    Map<String, String> byName = new LinkedHashMap<>();
    for (Path f : figures) {
      Path abs = f.toAbsolutePath().normalize();
      String rel = base.relativize(abs).toString().replace('\\', '/');
      byName.put(f.getFileName().toString(), rel);
    }
    for (String fig : FigureSet.NAMES) {
      String png = byName.get(fig + ".png");
      if (png == null && fig.equals("fig_3")) {
        continue; // drawn only for runs with L2O-Scale
      }
      if (png == null) {
        d.add(new Paragraph(FigureSet.caption(fig).replaceFirst(":.*", "")
            + " was not drawn: none of its optimizers has curves."));
      } else {
        d.add(new Image(FigureSet.caption(fig), png, byName.getOrDefault(fig + ".svg", png)));
      }
      List<Link> singles = new ArrayList<>();
      for (Map.Entry<String, String> e : byName.entrySet()) {
        String n = e.getKey();
        if (n.startsWith(fig + "_") && n.endsWith(".png")) {
          String stem = n.substring(0, n.length() - 4);
          singles.add(new Link(Problems.displayName(stem.substring(fig.length() + 1)) + " (PNG)",
              e.getValue()));
          String svg = byName.get(stem + ".svg");
          if (svg != null) {
            singles.add(new Link(Problems.displayName(stem.substring(fig.length() + 1))
                + " (SVG)", svg));
          }
        }
      }
      if (!singles.isEmpty()) {
        d.add(new Links("One panel per file:", singles));
      }
    }
    List<String> other = byName.keySet().stream()
        .filter(n -> !n.matches("fig_(a[123]|3)([_.].*)?")).toList();
    if (!other.isEmpty()) {
      d.add(new Links("Other figures:",
          other.stream().map(n -> new Link(n, byName.get(n))).toList()));
    }
  }

  private Table comparisonTable() {
    List<List<String>> cells = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (ComparisonRow r : rows) {
      boolean none = r.verdict() == Verdict.NOT_RUN || Double.isNaN(r.mean());
      boolean dead = r.seeds() > 0 && r.diverged() == r.seeds();
      String lnMean = dead ? "diverged" : none ? "—" : num(r.lnMean());
      String meanLn = dead ? "diverged" : none ? "—" : num(r.mean()) + " ± " + num(r.std());
      String paper = Double.isNaN(r.paper()) ? "—"
          : num(r.paper()) + (r.paperNote().isEmpty() ? "" : " (" + r.paperNote() + ")");
      List<String> row = new ArrayList<>(List.of(Problems.displayName(r.problem()),
          OptimizerStyle.displayName(r.optimizer()),
          r.verdict() == Verdict.NOT_RUN ? "—" : String.valueOf(r.seeds()),
          r.verdict() == Verdict.NOT_RUN ? "—" : String.valueOf(r.diverged()),
          r.verdict() == Verdict.NOT_RUN ? "—" : String.valueOf(r.steps()),
          lnMean, meanLn));
      reference.ifPresent(ref -> row.add(referenceCell(r.problem(), r.optimizer())));
      row.addAll(List.of(paper, ReportNumbers.signed(r.difference()), r.verdict().label(),
          r.comment()));
      cells.add(row);
      classes.add(cssClass(r.verdict().label()));
    }
    List<String> header = new ArrayList<>(List.of("Problem", "Optimizer", "Runs", "Diverged",
        "Steps", "ln(mean loss)", "mean ± std of ln(loss)"));
    reference.ifPresent(ref -> header.add("Reference"));
    header.addAll(List.of("Paper", "Difference", "Verdict", "Comment"));
    return new Table(header, cells, classes);
  }

  /** The reference's ln(mean loss) for the pair; "—" when it did not run it. */
  private String referenceCell(String problem, String optimizer) {
    return reference.flatMap(ref -> ref.get(problem, optimizer))
        .map(e -> e.diverged() == e.seeds() ? "diverged" : num(e.lnMean())).orElse("—");
  }

  /** The reference's raw ln(mean loss) for the CSV; empty when there is none. */
  private String referenceRaw(String problem, String optimizer) {
    return reference.flatMap(ref -> ref.get(problem, optimizer))
        .map(e -> raw(e.lnMean())).orElse(""); // NaN (all diverged) is empty too
  }

  private Table authorsTable() {
    List<List<String>> cells = new ArrayList<>();
    List<String> classes = new ArrayList<>();
    for (AuthorsComparison.Row r : authorsRows) {
      boolean dead = r.seeds() > 0 && r.diverged() == r.seeds();
      String paper = Double.isNaN(r.paper()) ? "—"
          : num(r.paper()) + (r.paperNote().isEmpty() ? "" : " (" + r.paperNote() + ")");
      List<String> row = new ArrayList<>(List.of(Problems.displayName(r.problem()),
          OptimizerStyle.displayName(r.variant()),
          String.valueOf(r.seeds()), String.valueOf(r.diverged()), String.valueOf(r.steps()),
          dead ? "diverged" : num(r.lnMeanLoss()),
          dead ? "diverged" : num(r.meanLn()) + " ± " + num(r.stdLn())));
      reference.ifPresent(ref -> row.add(referenceCell(r.problem(), r.variant())));
      row.addAll(List.of(paper, ReportNumbers.signed(r.difference()), r.verdict().label(),
          r.explanation()));
      cells.add(row);
      classes.add(cssClass(r.verdict().label()));
    }
    List<String> header = new ArrayList<>(List.of("Problem", "Model", "Runs", "Diverged", "Steps",
        "ln(mean loss)", "mean ± std of ln(loss)"));
    reference.ifPresent(ref -> header.add("Reference"));
    header.addAll(List.of("Paper", "Difference", "Verdict", "Reason or open question"));
    return new Table(header, cells, classes);
  }

  /** The authors' rows as CSV: raw numbers, empty where there is none. */
  String authorsCsv() {
    StringBuilder b = new StringBuilder("problem,model,runs,diverged,steps,ln_mean_loss,mean_ln,"
        + "std_ln,paper,paper_note,difference,verdict,explanation,reference_ln_mean_loss\n");
    for (AuthorsComparison.Row r : authorsRows) {
      b.append(String.join(",", csvCell(r.problem()), csvCell(r.variant()),
          String.valueOf(r.seeds()), String.valueOf(r.diverged()), String.valueOf(r.steps()),
          raw(r.lnMeanLoss()), raw(r.meanLn()), raw(r.stdLn()), raw(r.paper()),
          csvCell(r.paperNote()), raw(r.difference()), csvCell(r.verdict().label()),
          csvCell(r.explanation()), referenceRaw(r.problem(), r.variant()))).append('\n');
    }
    return b.toString();
  }

  /** The comparison table as CSV: raw numbers, empty where there is none. */
  String csv() {
    StringBuilder b = new StringBuilder(
        "problem,optimizer,runs,diverged,steps,ln_mean_loss,mean_ln,std_ln,paper,paper_note,"
            + "difference,verdict,comment,reference_ln_mean_loss\n");
    for (ComparisonRow r : rows) {
      b.append(String.join(",", csvCell(r.problem()), csvCell(r.optimizer()),
          String.valueOf(r.seeds()), String.valueOf(r.diverged()), String.valueOf(r.steps()),
          raw(r.lnMean()), raw(r.mean()), raw(r.std()), raw(r.paper()), csvCell(r.paperNote()),
          raw(r.difference()), csvCell(r.verdict().label()), csvCell(r.comment()),
          referenceRaw(r.problem(), r.optimizer())))
          .append('\n');
    }
    return b.toString();
  }

  private static Table keyValues(String k, String v, Map<String, String> map) {
    return new Table(List.of(k, v),
        map.entrySet().stream().map(e -> List.of(e.getKey(), String.valueOf(e.getValue())))
            .toList(),
        List.of());
  }

  private static String cssClass(String label) {
    return label.replace(" than paper", "").replace(' ', '-');
  }

  private static String num(double v) {
    return ReportNumbers.fixed(v);
  }

  private static String raw(double v) {
    return Double.isNaN(v) ? "" : String.valueOf(v);
  }

  private static String seconds(double s) {
    if (Double.isNaN(s)) {
      return "—";
    }
    if (s < 120) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    return s < 7200 ? String.format(Locale.ROOT, "%.1f min (%.0f s)", s / 60, s)
        : String.format(Locale.ROOT, "%.2f h (%.0f s)", s / 3600, s);
  }

  private static String csvCell(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return "ReproductionReport[profile=" + inputs.profile() + ", rows=" + rows.size()
        + ", claims=" + claims.stream().map(c -> c.id() + ":" + c.verdict().label()).toList()
        + ", unverified=" + unverified + ", targets=" + targets + "]";
  }
}
