package org.l2o.figures;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jfree.chart.JFreeChart;
import org.l2o.variants.Variants;
import org.l2o.progress.Progress;

/**
 * Figures A1-A3 as JFreeChart models, and their PNG/SVG files.
 *
 * <h3>Files</h3>
 *
 * <ul>
 *   <li>{@code fig_a1}: converged MLP-orig loss per meta-training setting (one panel);
 *   <li>{@code fig_a2}: the DM variants, all problems in one 3-column grid, plus
 *       {@code fig_a2_<problem>} with the same panel alone for each problem that has curves;
 *   <li>{@code fig_a3}: L2O-DM-CL-IL against RNNprop, L2O-Scale (once its curves exist), RNNprop-CL-IL
 *       and the analytical optimizers that were evaluated, laid out like A2;
 *   <li>{@code fig_3}: the paper's Fig 3 panel, L2O-Scale against L2O-Scale-CL-IL (the
 *       techniques applied to the previous state of the art), laid out like A2.
 * </ul>
 *
 * The grid suits a report page; the single panels suit a paper column. A figure with no curves at
 * all is not written and is listed in {@link #notes()} instead; a missing optimizer or problem
 * inside a figure is noted on the panel itself.
 */
public final class FigureSet {

  /** The DM variants Fig A2 compares. */
  public static final List<String> A2_OPTIMIZERS =
      Variants.names(List.of(Variants.DM, Variants.DM_AUG, Variants.DM_CL, Variants.DM_IL));
  /** The enhanced L2O and the previous state of the art Fig A3 is about. */
  public static final List<String> A3_EXPECTED =
      Variants.names(List.of(Variants.DM_CL_IL, Variants.RNNPROP, Variants.SCALE));
  /** Drawn in Fig A3 when present, without a "not run" note when absent. */
  public static final List<String> A3_OPTIONAL = Variants.names(List.of(Variants.RNNPROP_CL_IL,
      Variants.ADAM, Variants.SGD, Variants.RMSPROP, Variants.ADAGRAD, Variants.NAG));
  /**
   * The paper authors' released models, drawn beside ours when evaluated (dash-dot, "(authors)"),
   * in the figure of their variant; never noted as "not run".
   */
  public static final List<String> A2_AUTHORS = releasedAs(A2_OPTIMIZERS);
  public static final List<String> A3_AUTHORS =
      releasedAs(Stream.concat(A3_EXPECTED.stream(), A3_OPTIONAL.stream()).toList());
  /** The paper's Fig 3: L2O-Scale with and without curriculum and imitation. */
  public static final List<String> FIG3_EXPECTED =
      Variants.names(List.of(Variants.SCALE, Variants.SCALE_CL_IL));
  /** The figures' file stems, in report order (each also has per-problem files). */
  public static final List<String> NAMES = List.of("fig_a1", "fig_a2", "fig_a3", "fig_3");

  static final int GRID_COLUMNS = 3;

  private static List<String> releasedAs(List<String> ids) {
    return Variants.names(Variants.releasedAs(
        ids.stream().flatMap(id -> Variants.find(id).stream()).toList()));
  }

  static {
    // The plot stage renders off-screen. Without this, a DISPLAY variable pointing at no X server
    // (ssh sessions, CI) makes AWT try to connect and fail; an explicit setting is respected.
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private final List<Figure> figures;
  private final List<String> notes;
  private final int maxPoints;

  private FigureSet(List<Figure> figures, List<String> notes, int maxPoints) {
    this.figures = List.copyOf(figures);
    this.notes = List.copyOf(notes);
    this.maxPoints = maxPoints;
  }

  /** Builds every chart model from {@code in}'s curves at full statistical resolution. */
  public static FigureSet build(ReportInputs in) {
    return build(SummaryTable.of(in.curves()), DrawingPoints.MAX_POINTS_DEFAULT);
  }

  static FigureSet build(SummaryTable table, int maxPoints) {
    List<Figure> figures = new ArrayList<>();
    List<String> notes = new ArrayList<>();

    ConvergedLossChart.build(table).ifPresentOrElse(
        chart -> figures.add(new Figure("fig_a1", caption("fig_a1"), List.of(chart), 1)),
        () -> notes.add("Fig A1 not drawn: no " + Variants.FIG_A1_PREFIX + "*, dm or dm-aug curves "
            + "on MLP-orig"));

    List<String> a2Shown = new ArrayList<>(A2_OPTIMIZERS);
    a2Shown.addAll(A2_AUTHORS);
    List<String> a3Shown = new ArrayList<>(A3_EXPECTED);
    a3Shown.addAll(A3_AUTHORS);
    a3Shown.addAll(A3_OPTIONAL);
    addCurveFigure("fig_a2", a2Shown, A2_OPTIMIZERS, table, maxPoints, figures, notes);
    addCurveFigure("fig_a3", a3Shown, A3_EXPECTED, table, maxPoints, figures, notes);
    // Drawn only once some L2O-Scale curve exists, so that DM-only runs get no empty figure note.
    if (FIG3_EXPECTED.stream().anyMatch(id -> table.problems().stream().anyMatch(p -> table.has(id, p)))) {
      addCurveFigure("fig_3", FIG3_EXPECTED, FIG3_EXPECTED, table, maxPoints, figures, notes);
    }
    return new FigureSet(figures, notes, maxPoints);
  }

  /**
   * The caption of a figure file stem: {@code fig_a1}, {@code fig_a2}, {@code fig_a3}, or one of
   * their per-problem files such as {@code fig_a2_mlp-relu}.
   */
  public static String caption(String name) {
    String base = base(name);
    String problem =
        name.length() > base.length() + 1
            ? Problems.displayName(name.substring(base.length() + 1))
            : null;
    String text = switch (base) {
      case "fig_a1" -> "Fig A1: converged MLP-orig training loss (ln) after the last step, per "
          + "L2O-DM meta-training setting (N_train, N_valid); mean ± std over runs";
      case "fig_a2" -> "Fig A2: L2O-DM, L2O-DM-AUG, L2O-DM-CL and L2O-DM-IL; ln training loss "
          + "against iteration, mean ± std over runs";
      case "fig_a3" -> "Fig A3: L2O-DM-CL-IL against the previous state of the art (RNNprop, "
          + "L2O-Scale) and analytical optimizers; ln training loss against iteration, "
          + "mean ± std over runs";
      case "fig_3" -> "Fig 3: L2O-Scale against L2O-Scale-CL-IL (curriculum and imitation "
          + "applied to it); ln training loss against iteration, mean ± std over runs";
      default -> name;
    };
    return problem == null ? text : text + " (" + problem + ")";
  }

  /** The figure a file stem belongs to: {@code fig_a2} for {@code fig_a2_mlp-relu}. */
  static String base(String name) {
    for (String n : NAMES) {
      if (name.equals(n) || name.startsWith(n + "_")) {
        return n;
      }
    }
    return name;
  }

  /** {@code Fig A2} for {@code fig_a2}, {@code Fig 3} for {@code fig_3}. */
  static String label(String name) {
    return "Fig " + name.substring("fig_".length()).toUpperCase(java.util.Locale.ROOT);
  }

  private static void addCurveFigure(
      String name, List<String> shown, List<String> expected, SummaryTable table,
      int maxPoints, List<Figure> figures, List<String> notes) {
    String caption = caption(name);
    List<String> problems = new ArrayList<>(Problems.PAPER_ORDER);
    for (String p : table.problems()) {
      if (!problems.contains(p) && shown.stream().anyMatch(id -> table.has(id, p))) {
        problems.add(p);
      }
    }
    List<JFreeChart> panels = new ArrayList<>();
    List<Figure> singles = new ArrayList<>();
    List<String> empty = new ArrayList<>();
    for (String p : problems) {
      JFreeChart chart = LossCurveChart.build(p, shown, expected, table, maxPoints);
      panels.add(chart);
      if (shown.stream().anyMatch(id -> table.has(id, p))) {
        singles.add(new Figure(name + "_" + p, caption(name + "_" + p), List.of(chart), 1));
      } else {
        empty.add(Problems.displayName(p));
      }
    }
    String label = label(name);
    if (singles.isEmpty()) {
      notes.add(label + " not drawn: none of " + displayNames(shown) + " has curves");
      return;
    }
    if (!empty.isEmpty()) {
      notes.add(label + ": no curves on " + String.join(", ", empty) + " (panel left empty)");
    }
    for (String id : expected) {
      List<String> missingOn = new ArrayList<>();
      for (String p : problems) {
        if (!table.has(id, p) && !empty.contains(Problems.displayName(p))) {
          missingOn.add(Problems.displayName(p));
        }
      }
      if (!missingOn.isEmpty() && missingOn.size() < problems.size() - empty.size()) {
        notes.add(label + ": " + OptimizerStyle.displayName(id) + " not run on "
            + String.join(", ", missingOn));
      } else if (!missingOn.isEmpty()) {
        notes.add(label + ": " + OptimizerStyle.displayName(id) + " not run");
      }
    }
    figures.add(new Figure(name, caption, panels, Math.min(GRID_COLUMNS, panels.size())));
    figures.addAll(singles);
  }

  private static String displayNames(List<String> ids) {
    return String.join(", ", ids.stream().map(OptimizerStyle::displayName).toList());
  }

  /** Every figure that has at least one curve, A1 first. */
  public List<Figure> figures() {
    return figures;
  }

  /** The figure with file stem {@code name}, such as {@code fig_a2_mlp-relu}. */
  public Optional<Figure> figure(String name) {
    return figures.stream().filter(f -> f.name().equals(name)).findFirst();
  }

  /** What was skipped and why: figures without curves, optimizers not run. */
  public List<String> notes() {
    return notes;
  }

  /** Writes every figure as PNG and SVG into {@code outDir}; returns the files written. */
  public List<Path> writeAll(Path outDir) throws IOException {
    List<Path> written = new ArrayList<>();
    try (Progress p = Progress.start("plot figures", figures.size(), "figures")) {
      for (Figure f : figures) {
        p.setMessage(f.name());
        written.addAll(FigureWriter.write(f, outDir));
        p.step(1);
      }
    }
    return written;
  }

  @Override
  public String toString() {
    return "FigureSet[figures=" + figures.stream().map(Figure::name).toList()
        + ", maxPointsPerLine=" + maxPoints + ", notes=" + notes.size() + "]";
  }
}
