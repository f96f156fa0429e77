package org.l2o.figures;

import java.awt.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.util.ShapeUtils;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalDataItem;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.l2o.curves.CurveSummary;

/**
 * One panel of Fig A2 or A3: ln training loss against iteration on one problem, one line per
 * optimizer (mean over its runs) with a band of one standard deviation.
 *
 * <h3>Chart model</h3>
 *
 * Dataset 0 ({@link #CURVES}) is a {@link YIntervalSeriesCollection}: one series per optimizer,
 * keyed by its legend label, holding (step, mean, mean - std, mean + std) at the drawn steps.
 * Dataset 1 ({@link #DIVERGENCES}) is an {@link XYSeriesCollection}: per optimizer with diverged
 * runs, one × per diverged run at (its divergence step, its last finite ln-loss). Steps where no
 * run is alive have no point: the line stops and the × marks show why.
 */
final class LossCurveChart {

  static final int CURVES = 0;
  static final int DIVERGENCES = 1;
  static final String DIVERGENCE_SUFFIX = " diverged runs";

  private LossCurveChart() {}

  /**
   * Builds the panel for {@code problem}.
   *
   * @param shown optimizer ids to draw, in legend order; ids without curves are skipped
   * @param expected ids the figure is about: any of them without curves gets a "not run" note
   */
  static JFreeChart build(
      String problem, List<String> shown, List<String> expected, SummaryTable table,
      int maxPoints) {
    YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
    XYSeriesCollection divergences = new XYSeriesCollection();
    DeviationRenderer lines = new DeviationRenderer(true, false);
    lines.setAlpha(0.18f);
    XYLineAndShapeRenderer crosses = new XYLineAndShapeRenderer(false, true);
    Shape cross = ShapeUtils.createDiagonalCross(7f, 1.6f);
    boolean anyDiverged = false;
    List<String> allDiverged = new ArrayList<>();

    for (String id : shown) {
      var found = table.get(id, problem);
      if (found.isEmpty()) {
        continue;
      }
      CurveSummary s = found.get();
      OptimizerStyle style = OptimizerStyle.of(id);
      String label = legendLabel(s);
      int i = curves.getSeriesCount();
      curves.addSeries(meanSeries(label, s, maxPoints));
      lines.setSeriesPaint(i, style.color());
      lines.setSeriesFillPaint(i, style.color());
      lines.setSeriesStroke(i, PrintTheme.line(style));

      if (s.allDiverged()) {
        int last = Arrays.stream(s.divergedAtStep()).max().orElse(0);
        allDiverged.add(style.displayName() + ": all " + s.seeds() + " runs diverged by step "
            + last);
      }
      if (s.diverged() > 0) {
        anyDiverged = true;
        int j = divergences.getSeriesCount();
        divergences.addSeries(divergenceSeries(label + DIVERGENCE_SUFFIX, s));
        crosses.setSeriesPaint(j, style.color());
        crosses.setSeriesShape(j, cross);
        crosses.setSeriesVisibleInLegend(j, false);
      }
    }

    NumberAxis x = new NumberAxis("iteration");
    x.setAutoRangeIncludesZero(true);
    NumberAxis y = new NumberAxis("ln training loss");
    y.setAutoRangeIncludesZero(false);
    XYPlot plot = new XYPlot(curves, x, y, lines);
    plot.setDataset(DIVERGENCES, divergences);
    plot.setRenderer(DIVERGENCES, crosses);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // crosses on top of lines
    plot.setNoDataMessage("not run: no curves on " + Problems.displayName(problem));

    JFreeChart chart = new JFreeChart(Problems.displayName(problem), PrintTheme.TITLE_FONT, plot,
        true);
    PrintTheme.apply(chart);
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);

    List<String> missing = new ArrayList<>();
    for (String id : expected) {
      if (!table.has(id, problem)) {
        missing.add(OptimizerStyle.displayName(id));
      }
    }
    if (!missing.isEmpty() && curves.getSeriesCount() > 0) {
      chart.addSubtitle(PrintTheme.note("not run: " + String.join(", ", missing)));
    }
    for (String n : allDiverged) {
      chart.addSubtitle(PrintTheme.note(n));
    }
    if (anyDiverged) {
      chart.addSubtitle(PrintTheme.note(
          "× = step at which a run diverged (NaN/Inf); lines average the runs still alive"));
    }
    return chart;
  }

  /** "L2O-DM" or "L2O-DM (3/10 diverged)": the divergence count is never left out. */
  static String legendLabel(CurveSummary s) {
    String name = OptimizerStyle.displayName(s.optimizer());
    return s.diverged() == 0 ? name : name + " (" + s.diverged() + "/" + s.seeds() + " diverged)";
  }

  private static YIntervalSeries meanSeries(String label, CurveSummary s, int maxPoints) {
    YIntervalSeries series = new YIntervalSeries(label, false, false);
    for (int t : DrawingPoints.steps(s.steps(), maxPoints)) {
      double m = s.logLossMeanPerStep()[t];
      if (Double.isNaN(m)) {
        continue; // no run alive here; the divergence crosses say why the line ends
      }
      double sd = s.logLossStdPerStep()[t];
      series.add(new YIntervalDataItem(t, m, m - sd, m + sd), false);
    }
    series.fireSeriesChanged();
    return series;
  }

  private static XYSeries divergenceSeries(String key, CurveSummary s) {
    XYSeries series = new XYSeries(key, true, true);
    for (int k = 0; k < s.seeds(); k++) {
      int at = s.divergedAtStep()[k];
      if (at < 0) {
        continue;
      }
      double y = s.lastFiniteLogLoss()[k];
      if (Double.isNaN(y)) {
        // Diverged at step 0: no finite value of its own; mark it at the others' first mean.
        y = s.logLossMeanPerStep()[0];
      }
      if (!Double.isNaN(y)) {
        series.add(at, y, false);
      }
    }
    series.fireSeriesChanged();
    return series;
  }
}
