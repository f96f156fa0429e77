package org.l2o.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.l2o.curves.CurveSummary;
import org.l2o.params.ParamSchema;
import org.l2o.variants.FigA1Setting;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * Fig A1: the converged MLP-orig ln-loss after the last step for each meta-training setting, as ×
 * marks with error bars of one standard deviation over the runs.
 *
 * <h3>Chart model</h3>
 *
 * One {@link XYIntervalSeriesCollection}: one series per N_valid of the {@code dm-a1-<ntrain>-
 * <nvalid>} grid (key "N_valid = 500"), joined by a line as the paper draws them; x is the slot
 * of the point's N_train among all distinct N_train values (a {@link SymbolAxis} labels the slots
 * with the values); then single-point series for {@code dm} and {@code dm-aug} when present.
 * Settings whose runs all diverged have no point: a labelled dashed vertical marker in the
 * series colour stands at their N_train instead. Partly diverged settings carry a "k/n diverged" annotation.
 */
final class ConvergedLossChart {

  /**
   * Meta-training horizons of the two baselines when their curves carry none: the params' paper
   * defaults (paper, appendix A: L2O-DM 100/100, L2O-DM-AUG 1000/1500).
   */
  static final Map<String, int[]> BASELINE_HORIZONS = Map.of(
      Variants.DM.name(),
      new int[] {ParamSchema.defaultInt("n_train"), ParamSchema.defaultInt("n_valid")},
      Variants.DM_AUG.name(),
      new int[] {ParamSchema.defaultInt("aug_n_train"), ParamSchema.defaultInt("aug_n_valid")});

  /** Curve metadata keys that override {@link #BASELINE_HORIZONS} (a profile may scale them). */
  static final String META_N_TRAIN = "n_train";
  static final String META_N_VALID = "n_valid";

  /** Sequential-ish colours for the N_valid series; baselines keep their own fixed colours. */
  private static final List<Color> GRID_COLORS =
      List.of(new Color(0x332288), new Color(0x44AA99), new Color(0x88CCEE),
          new Color(0x117733), new Color(0xCC6677), new Color(0x882255), new Color(0xAA4499));

  private ConvergedLossChart() {}

  private static Optional<FigA1Setting> figA1(String id) {
    return Variants.find(id).flatMap(Variant::figA1Setting);
  }

  /** Whether {@code id} is one of the optimizers Fig A1 shows. */
  static boolean shows(String id) {
    return figA1(id).isPresent() || BASELINE_HORIZONS.containsKey(id);
  }

  /** Fig A1, or empty when no A1 setting nor baseline was evaluated on MLP-orig. */
  static Optional<JFreeChart> build(SummaryTable table) {
    List<CurveSummary> found = table.on(Problems.TRAINING_PROBLEM, ConvergedLossChart::shows);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setCapLength(10);
    renderer.setErrorStroke(new BasicStroke(1.8f));
    Shape cross = ShapeUtils.createDiagonalCross(8f, 1.8f);
    XYPlot plot = new XYPlot();
    List<String> notes = new ArrayList<>();
    int maxSeeds = 0;

    TreeMap<Integer, List<CurveSummary>> grid = new TreeMap<>();
    List<CurveSummary> baselines = new ArrayList<>();
    TreeSet<Integer> horizons = new TreeSet<>();
    for (CurveSummary s : found) {
      horizons.add(horizons(s)[0]);
      Optional<FigA1Setting> a1 = figA1(s.optimizer());
      if (a1.isPresent()) {
        grid.computeIfAbsent(a1.get().nValid(), k -> new ArrayList<>()).add(s);
      } else {
        baselines.add(s);
      }
      maxSeeds = Math.max(maxSeeds, s.seeds());
    }

    List<Integer> positions = List.copyOf(horizons);
    for (Map.Entry<Integer, List<CurveSummary>> e : grid.entrySet()) {
      int i = data.getSeriesCount();
      Color color = GRID_COLORS.get(i % GRID_COLORS.size());
      XYIntervalSeries series = new XYIntervalSeries("N_valid = " + e.getKey());
      for (CurveSummary s : e.getValue()) {
        addPoint(series, s, positions.indexOf(horizons(s)[0]), color, plot, notes);
      }
      data.addSeries(series);
      renderer.setSeriesPaint(i, color);
      renderer.setSeriesLinesVisible(i, true);
      renderer.setSeriesStroke(i, PrintTheme.line(false));
    }
    for (CurveSummary s : baselines) {
      int[] h = horizons(s);
      int i = data.getSeriesCount();
      Color color = OptimizerStyle.of(s.optimizer()).color();
      XYIntervalSeries series = new XYIntervalSeries(
          OptimizerStyle.displayName(s.optimizer()) + " (N_train=" + h[0] + ", N_valid=" + h[1]
              + ")");
      addPoint(series, s, positions.indexOf(h[0]), color, plot, notes);
      data.addSeries(series);
      renderer.setSeriesPaint(i, color);
      renderer.setSeriesLinesVisible(i, false);
    }
    for (int i = 0; i < data.getSeriesCount(); i++) {
      renderer.setSeriesShape(i, cross);
      renderer.setSeriesShapesVisible(i, true);
    }

    // One evenly spaced slot per distinct N_train, as the grid is a design choice, not a measure.
    SymbolAxis x = new SymbolAxis("N_train (episode length in meta-training)",
        positions.stream().map(String::valueOf).toArray(String[]::new));
    x.setGridBandsVisible(false);
    NumberAxis y = new NumberAxis("ln training loss after the last step");
    y.setAutoRangeIncludesZero(false);
    plot.setDataset(data);
    plot.setDomainAxis(x);
    plot.setRangeAxis(y);
    plot.setRenderer(renderer);

    JFreeChart chart = new JFreeChart(
        "Converged MLP-orig loss by training setting", PrintTheme.TITLE_FONT, plot, true);
    PrintTheme.apply(chart);
    chart.getLegend().setPosition(RectangleEdge.BOTTOM);
    chart.addSubtitle(PrintTheme.note(
        "× = mean over up to " + maxSeeds + " runs; bars = ± 1 std; diverged runs left out and "
            + "counted"));
    for (String n : notes) {
      chart.addSubtitle(PrintTheme.note(n));
    }
    return Optional.of(chart);
  }

  /** {N_train, N_valid} of a setting: from its id, its metadata, or the paper's baseline values. */
  static int[] horizons(CurveSummary s) {
    Optional<FigA1Setting> a1 = figA1(s.optimizer());
    if (a1.isPresent()) {
      return new int[] {a1.get().nTrain(), a1.get().nValid()};
    }
    int[] paper = BASELINE_HORIZONS.getOrDefault(s.optimizer(), new int[] {0, 0});
    return new int[] {
      metaInt(s, META_N_TRAIN, paper[0]), metaInt(s, META_N_VALID, paper[1])
    };
  }

  /** Adds the setting at x = {@code slot}, or marks it when no run converged. */
  private static void addPoint(
      XYIntervalSeries series, CurveSummary s, int slot, Color color, XYPlot plot,
      List<String> notes) {
    String name = OptimizerStyle.displayName(s.optimizer());
    if (s.allDiverged() || Double.isNaN(s.finalLogLossMean())) {
      ValueMarker marker = new ValueMarker(slot, color, PrintTheme.line(true));
      marker.setLabel("all diverged");
      marker.setLabelFont(PrintTheme.NOTE_FONT);
      marker.setLabelPaint(color);
      marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
      marker.setLabelAnchor(RectangleAnchor.TOP_LEFT);
      marker.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
      plot.addDomainMarker(marker);
      notes.add(name + (s.allDiverged() ? ": all " + s.seeds() + " runs diverged" : ": no runs")
          + ", no converged loss");
      return;
    }
    double m = s.finalLogLossMean();
    double sd = s.finalLogLossStd();
    series.add(slot, slot, slot, m, m - sd, m + sd);
    if (s.diverged() > 0) {
      XYTextAnnotation a = new XYTextAnnotation(
          s.diverged() + "/" + s.seeds() + " diverged", slot, m + sd);
      a.setFont(PrintTheme.NOTE_FONT);
      a.setPaint(color);
      a.setTextAnchor(TextAnchor.BOTTOM_CENTER);
      plot.addAnnotation(a);
    }
  }

  private static int metaInt(CurveSummary s, String key, int fallback) {
    String v = s.meta().get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          s.optimizer() + " on " + s.problem() + ": meta " + key + " = '" + v
              + "', expected an integer horizon", e);
    }
  }
}
