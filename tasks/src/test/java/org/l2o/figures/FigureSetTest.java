package org.l2o.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.l2o.figures.SyntheticCurves.TOL;
import static org.l2o.figures.SyntheticCurves.decaying;
import static org.l2o.figures.SyntheticCurves.diverge;
import static org.l2o.figures.SyntheticCurves.offsetStd;

import java.awt.BasicStroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYIntervalSeriesCollection;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.curves.LossCurves;

/** Figures built from synthetic curves (made-up numbers, not MNIST). */
class FigureSetTest {

  private static final int SEEDS = 4;
  private static final int STEPS = 50;
  private static final double SPREAD = 0.2;

  private static ReportInputs inputs(List<LossCurves> curves) {
    return new ReportInputs(curves, List.of(), "test", Map.of(), Map.of(), true);
  }

  private static YIntervalSeriesCollection curves(JFreeChart chart) {
    return (YIntervalSeriesCollection) ((XYPlot) chart.getPlot())
        .getDataset(LossCurveChart.CURVES);
  }

  private static XYSeriesCollection crosses(JFreeChart chart) {
    return (XYSeriesCollection) ((XYPlot) chart.getPlot()).getDataset(LossCurveChart.DIVERGENCES);
  }

  private static List<String> keys(YIntervalSeriesCollection c) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < c.getSeriesCount(); i++) {
      out.add(c.getSeriesKey(i).toString());
    }
    return out;
  }

  private static List<String> subtitles(JFreeChart chart) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < chart.getSubtitleCount(); i++) {
      if (chart.getSubtitle(i) instanceof TextTitle t) {
        out.add(t.getText());
      }
    }
    return out;
  }

  @Test
  void figA2PanelHoldsOneMeanCurveWithStdBandPerVariant() {
    List<LossCurves> in = List.of(
        decaying("dm", "mlp-orig", SEEDS, STEPS, 0.8, -1.0, SPREAD),
        decaying("dm-aug", "mlp-orig", SEEDS, STEPS, 0.8, -3.0, SPREAD),
        decaying("dm-cl", "mlp-orig", SEEDS, STEPS, 0.8, -6.0, SPREAD),
        decaying("dm-il", "mlp-orig", SEEDS, STEPS, 0.8, -3.2, SPREAD));

    JFreeChart panel = FigureSet.build(inputs(in)).figure("fig_a2_mlp-orig").orElseThrow().panel();
    YIntervalSeriesCollection c = curves(panel);

    assertThat(keys(c)).containsExactly("L2O-DM", "L2O-DM-AUG", "L2O-DM-CL", "L2O-DM-IL");
    int cl = 2;
    assertThat(c.getItemCount(cl)).isEqualTo(STEPS); // short curves are not thinned
    int last = STEPS - 1;
    double sd = offsetStd(SEEDS, SPREAD);
    assertThat(c.getXValue(cl, last)).isEqualTo(last);
    assertThat(c.getYValue(cl, last)).isCloseTo(-6.0, within(TOL));
    assertThat(c.getStartYValue(cl, last)).isCloseTo(-6.0 - sd, within(TOL));
    assertThat(c.getEndYValue(cl, last)).isCloseTo(-6.0 + sd, within(TOL));
    // step 0: all variants start at ln loss 0.8
    assertThat(c.getYValue(0, 0)).isCloseTo(0.8, within(TOL));
    // mid-way, by the sqrt schedule: 0.8 + (-6 - 0.8) * sqrt(t / (T-1))
    int t = 30;
    assertThat(c.getYValue(cl, t))
        .isCloseTo(0.8 + (-6.0 - 0.8) * Math.sqrt(t / (double) last), within(TOL));
    assertThat(crosses(panel).getSeriesCount()).isZero();
    assertThat(subtitles(panel)).noneMatch(s -> s.contains("diverged"));
  }

  @Test
  void longCurvesAreThinnedForDrawingButTheLastStepKeepsFullResolutionStatistics() {
    int steps = 10_000;
    LossCurves dm = decaying("dm", "mlp-relu", 10, steps, 0.8, -2.0, SPREAD);

    JFreeChart panel = FigureSet.build(inputs(List.of(dm))).figure("fig_a2_mlp-relu")
        .orElseThrow().panel();
    YIntervalSeriesCollection c = curves(panel);

    int n = c.getItemCount(0);
    assertThat(n).isLessThanOrEqualTo(DrawingPoints.MAX_POINTS_DEFAULT + 1).isGreaterThan(100);
    assertThat(c.getXValue(0, n - 1)).isEqualTo(steps - 1);
    assertThat(c.getYValue(0, n - 1)).isCloseTo(-2.0, within(TOL));
    assertThat(c.getEndYValue(0, n - 1) - c.getYValue(0, n - 1))
        .isCloseTo(offsetStd(10, SPREAD), within(TOL));
  }

  @Test
  void nanAndInfRunsBecomeDivergenceCrossesAndTheLegendCountsThem(@TempDir Path dir)
      throws IOException {
    LossCurves dm = decaying("dm", "mlp-orig", 10, 200, 0.8, -1.0, SPREAD);
    dm = diverge(dm, 0, 120, Float.NaN);
    dm = diverge(dm, 1, 150, Float.POSITIVE_INFINITY);
    dm = diverge(dm, 2, 0, Float.NaN);
    LossCurves aug = diverge(diverge(
        decaying("dm-aug", "mlp-orig", 2, 200, 0.8, -3.0, SPREAD), 0, 10, Float.NaN),
        1, 20, Float.NEGATIVE_INFINITY);

    FigureSet set = FigureSet.build(inputs(List.of(dm, aug)));
    JFreeChart panel = set.figure("fig_a2_mlp-orig").orElseThrow().panel();

    assertThat(keys(curves(panel)))
        .containsExactly("L2O-DM (3/10 diverged)", "L2O-DM-AUG (2/2 diverged)");
    XYSeriesCollection x = crosses(panel);
    assertThat(x.getSeriesCount()).isEqualTo(2);
    var dmCrosses = x.getSeries(0);
    assertThat(dmCrosses.getItemCount()).isEqualTo(3);
    assertThat(dmCrosses.getX(0).doubleValue()).isEqualTo(0);
    assertThat(dmCrosses.getX(1).doubleValue()).isEqualTo(120);
    assertThat(dmCrosses.getX(2).doubleValue()).isEqualTo(150);
    // the cross sits on the seed's own last finite ln-loss (seed 0 at step 119)
    double offset0 = SPREAD * (0 - 4.5);
    assertThat(dmCrosses.getY(1).doubleValue())
        .isCloseTo(0.8 + (-1.0 - 0.8) * Math.sqrt(119 / 199.0) + offset0, within(TOL));
    // the all-diverged AUG line stops after step 19 instead of crashing or drawing NaN
    YIntervalSeriesCollection c = curves(panel);
    assertThat(c.getXValue(1, c.getItemCount(1) - 1)).isEqualTo(19);
    assertThat(subtitles(panel))
        .anyMatch(s -> s.contains("× = step at which a run diverged"))
        .anyMatch(s -> s.contains("L2O-DM-AUG: all 2 runs diverged by step 20"));

    List<Path> files = set.writeAll(dir);
    assertThat(files).extracting(p -> p.getFileName().toString())
        .contains("fig_a1.png", "fig_a1.svg", "fig_a2.png", "fig_a2.svg",
            "fig_a2_mlp-orig.png", "fig_a2_mlp-orig.svg");
    BufferedImage png = ImageIO.read(dir.resolve("fig_a2_mlp-orig.png").toFile());
    assertThat(png.getWidth()).isEqualTo((int) (PrintTheme.PANEL_WIDTH * PrintTheme.PNG_SCALE));
    assertThat(png.getHeight()).isEqualTo((int) (PrintTheme.PANEL_HEIGHT * PrintTheme.PNG_SCALE));
    String svg = Files.readString(dir.resolve("fig_a2_mlp-orig.svg"));
    assertThat(svg).contains("<svg").contains("L2O-DM (3/10 diverged)");
  }

  @Test
  void missingOptimizersAndProblemsAreNotedAndL2oScaleAppearsOnceItsCurvesExist() {
    List<LossCurves> without = List.of(
        decaying("dm-cl-il", "mlp-orig", SEEDS, STEPS, 0.8, -11, SPREAD),
        decaying("rnnprop", "mlp-orig", SEEDS, STEPS, 0.8, -6, SPREAD),
        decaying("adam", "mlp-orig", SEEDS, STEPS, 0.8, -4, SPREAD));

    FigureSet before = FigureSet.build(inputs(without));
    JFreeChart panel = before.figure("fig_a3_mlp-orig").orElseThrow().panel();
    assertThat(keys(curves(panel))).containsExactly("L2O-DM-CL-IL", "RNNprop", "Adam");
    assertThat(subtitles(panel)).contains("not run: L2O-Scale");
    assertThat(before.figure("fig_a3_conv-cifar")).isEmpty();
    assertThat(before.figure("fig_a3").orElseThrow().panels()).hasSize(5);
    assertThat(before.figure("fig_a2")).isEmpty();
    assertThat(before.notes())
        .anyMatch(n -> n.startsWith("Fig A2 not drawn"))
        .anyMatch(n -> n.contains("Conv-CIFAR") && n.startsWith("Fig A3"))
        .anyMatch(n -> n.equals("Fig A3: L2O-Scale not run"));

    List<LossCurves> with = new ArrayList<>(without);
    with.add(decaying("scale", "mlp-orig", SEEDS, STEPS, 0.8, -1.1, SPREAD));
    JFreeChart after = FigureSet.build(inputs(with)).figure("fig_a3_mlp-orig").orElseThrow()
        .panel();
    assertThat(keys(curves(after))).containsExactly("L2O-DM-CL-IL", "RNNprop", "L2O-Scale", "Adam");
    assertThat(subtitles(after)).noneMatch(s -> s.startsWith("not run"));
  }

  @Test
  void authorsModelsAreDrawnBesideOursWithTheirColourALabelAndADashDotLine() {
    List<LossCurves> in = List.of(
        decaying("dm-cl-il", "mlp-orig", SEEDS, STEPS, 0.8, -11, SPREAD),
        decaying("authors-dm-cl-il", "mlp-orig", SEEDS, STEPS, 0.8, -9, SPREAD),
        decaying("authors-rnnprop", "mlp-orig", SEEDS, STEPS, 0.8, -6, SPREAD),
        decaying("authors-dm-cl", "mlp-orig", SEEDS, STEPS, 0.8, -5, SPREAD));
    FigureSet set = FigureSet.build(inputs(in));

    JFreeChart a3 = set.figure("fig_a3_mlp-orig").orElseThrow().panel();
    assertThat(keys(curves(a3)))
        .containsExactly("L2O-DM-CL-IL", "L2O-DM-CL-IL (authors)", "RNNprop (authors)");
    XYPlot plot = (XYPlot) a3.getPlot();
    assertThat(plot.getRenderer().getSeriesPaint(1)).isEqualTo(plot.getRenderer().getSeriesPaint(0))
        .isEqualTo(OptimizerStyle.of("dm-cl-il").color());
    BasicStroke ours = (BasicStroke) plot.getRenderer().getSeriesStroke(0);
    BasicStroke theirs = (BasicStroke) plot.getRenderer().getSeriesStroke(1);
    assertThat(ours.getDashArray()).isNull();
    assertThat(theirs.getDashArray()).isNotNull()
        .isNotEqualTo(((BasicStroke) PrintTheme.line(true)).getDashArray());
    // Their RNNprop stands in for nothing: our RNNprop is still reported as not run.
    assertThat(subtitles(a3)).anyMatch(t -> t.contains("not run") && t.contains("RNNprop"));
    assertThat(set.notes()).noneMatch(n -> n.contains("(authors)"));

    JFreeChart a2 = set.figure("fig_a2_mlp-orig").orElseThrow().panel();
    assertThat(keys(curves(a2))).containsExactly("L2O-DM-CL (authors)");
  }

  @Test
  void fig3SetsL2oScaleAgainstItsClIlVersionOnceEitherHasCurves() {
    List<LossCurves> dmOnly = List.of(decaying("dm-cl-il", "mlp-orig", SEEDS, STEPS, 0.8, -11, SPREAD));
    FigureSet none = FigureSet.build(inputs(dmOnly));
    assertThat(none.figure("fig_3")).isEmpty();
    assertThat(none.notes()).noneMatch(n -> n.startsWith("Fig 3"));

    List<LossCurves> scale = List.of(
        decaying("scale", "mlp-orig", SEEDS, STEPS, 0.8, -1.1, SPREAD),
        decaying("scale-cl-il", "mlp-orig", SEEDS, STEPS, 0.8, -1.8, SPREAD),
        decaying("scale", "mlp-relu", SEEDS, STEPS, 0.8, -3.1, SPREAD));
    FigureSet set = FigureSet.build(inputs(scale));
    JFreeChart panel = set.figure("fig_3_mlp-orig").orElseThrow().panel();
    assertThat(keys(curves(panel))).containsExactly("L2O-Scale", "L2O-Scale-CL-IL");
    assertThat(set.figure("fig_3").orElseThrow().caption()).startsWith("Fig 3: L2O-Scale against");
    assertThat(set.figure("fig_3_mlp-relu").orElseThrow().caption()).endsWith("(MLP-ReLU)");
    assertThat(set.notes()).contains("Fig 3: L2O-Scale-CL-IL not run on MLP-ReLU");
    assertThat(OptimizerStyle.of("scale-cl-il").color()).isNotEqualTo(OptimizerStyle.of("scale").color());
  }

  @Test
  void eachOptimizerKeepsItsColourAcrossFigures() {
    List<LossCurves> in = List.of(
        decaying("dm", "mlp-orig", SEEDS, STEPS, 0.8, -1, SPREAD),
        decaying("dm-cl-il", "mlp-orig", SEEDS, STEPS, 0.8, -11, SPREAD),
        decaying("dm-cl-il", "mlp-relu", SEEDS, STEPS, 0.8, -7, SPREAD));
    FigureSet set = FigureSet.build(inputs(in));

    XYPlot a1 = (XYPlot) set.figure("fig_a1").orElseThrow().panel().getPlot();
    XYPlot a2 = (XYPlot) set.figure("fig_a2_mlp-orig").orElseThrow().panel().getPlot();
    XYPlot a3orig = (XYPlot) set.figure("fig_a3_mlp-orig").orElseThrow().panel().getPlot();
    XYPlot a3relu = (XYPlot) set.figure("fig_a3_mlp-relu").orElseThrow().panel().getPlot();

    assertThat(a1.getRenderer().getSeriesPaint(0)).isEqualTo(OptimizerStyle.of("dm").color());
    assertThat(a2.getRenderer().getSeriesPaint(0)).isEqualTo(OptimizerStyle.of("dm").color());
    assertThat(a3orig.getRenderer().getSeriesPaint(0))
        .isEqualTo(a3relu.getRenderer().getSeriesPaint(0))
        .isEqualTo(OptimizerStyle.of("dm-cl-il").color())
        .isNotEqualTo(OptimizerStyle.of("dm").color());
  }

  @Test
  void figA1PlotsConvergedLossPerSettingWithErrorBarsOverRuns() {
    int seeds = 20;
    List<LossCurves> in = List.of(
        decaying("dm-a1-100-100", "mlp-orig", seeds, STEPS, 0.8, -1.0, SPREAD),
        decaying("dm-a1-200-100", "mlp-orig", seeds, STEPS, 0.8, -2.0, SPREAD),
        decaying("dm-a1-200-500", "mlp-orig", seeds, STEPS, 0.8, -2.5, SPREAD),
        diverge(decaying("dm-a1-500-500", "mlp-orig", 2, STEPS, 0.8, -2.5, SPREAD), 0, 3,
            Float.NaN),
        decaying("dm-aug", "mlp-orig", seeds, STEPS, 0.8, -3.0, SPREAD),
        decaying("dm-cl", "mlp-orig", seeds, STEPS, 0.8, -6.0, SPREAD));

    JFreeChart a1 = FigureSet.build(inputs(in)).figure("fig_a1").orElseThrow().panel();
    XYPlot plot = (XYPlot) a1.getPlot();
    XYIntervalSeriesCollection d = (XYIntervalSeriesCollection) plot.getDataset();

    assertThat(d.getSeriesCount()).isEqualTo(3);
    assertThat(d.getSeriesKey(0)).isEqualTo("N_valid = 100");
    assertThat(d.getSeriesKey(1)).isEqualTo("N_valid = 500");
    assertThat(d.getSeriesKey(2)).isEqualTo("L2O-DM-AUG (N_train=1000, N_valid=1500)");
    double sd = offsetStd(seeds, SPREAD);
    // x is the slot of N_train among {100, 200, 500, 1000}
    assertThat(((org.jfree.chart.axis.SymbolAxis) plot.getDomainAxis()).getSymbols())
        .containsExactly("100", "200", "500", "1000");
    assertThat(d.getItemCount(0)).isEqualTo(2);
    assertThat(d.getXValue(0, 1)).isEqualTo(1);
    assertThat(d.getYValue(0, 1)).isCloseTo(-2.0, within(TOL));
    assertThat(d.getStartYValue(0, 1)).isCloseTo(-2.0 - sd, within(TOL));
    assertThat(d.getEndYValue(0, 1)).isCloseTo(-2.0 + sd, within(TOL));
    // dm-a1-500-500: one of two runs diverged -> the point is the survivor's, annotated
    assertThat(d.getItemCount(1)).isEqualTo(2);
    assertThat(d.getXValue(1, 1)).isEqualTo(2);
    assertThat(d.getYValue(1, 1)).isCloseTo(-2.5 + SPREAD * 0.5, within(TOL));
    assertThat(plot.getAnnotations()).hasSize(1);
    assertThat(d.getXValue(2, 0)).isEqualTo(3);
    assertThat(d.getYValue(2, 0)).isCloseTo(-3.0, within(TOL));
  }

  @Test
  void figA1MarksAllDivergedSettingsInsteadOfDroppingThem() {
    LossCurves gone = diverge(diverge(
        decaying("dm-a1-1000-100", "mlp-orig", 2, STEPS, 0.8, -1, SPREAD), 0, 5, Float.NaN),
        1, 7, Float.POSITIVE_INFINITY);
    LossCurves ok = decaying("dm-a1-100-100", "mlp-orig", 2, STEPS, 0.8, -1, SPREAD);

    JFreeChart a1 = FigureSet.build(inputs(List.of(gone, ok))).figure("fig_a1").orElseThrow()
        .panel();
    XYPlot plot = (XYPlot) a1.getPlot();

    assertThat(plot.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND)).hasSize(1);
    assertThat(subtitles(a1))
        .anyMatch(s -> s.contains("N_train=1000, N_valid=100") && s.contains("all 2 runs diverged"));
    assertThat(((XYIntervalSeriesCollection) plot.getDataset()).getItemCount(0)).isEqualTo(1);
  }

  @Test
  void writingTheSameCurvesTwiceGivesIdenticalFiles(@TempDir Path dir) throws IOException {
    List<LossCurves> in = List.of(
        diverge(decaying("dm", "mlp-orig", SEEDS, STEPS, 0.8, -1, SPREAD), 1, 20, Float.NaN),
        decaying("dm-cl", "mlp-orig", SEEDS, STEPS, 0.8, -6, SPREAD));

    // Two independent builds, one panel each (rendering the grids too would only cost time).
    Figure a = FigureSet.build(inputs(in)).figure("fig_a2_mlp-orig").orElseThrow();
    Figure b = FigureSet.build(inputs(in)).figure("fig_a2_mlp-orig").orElseThrow();
    List<Path> first = FigureWriter.write(a, dir.resolve("a"));
    List<Path> second = FigureWriter.write(b, dir.resolve("b"));

    assertThat(first).hasSize(2);
    for (int i = 0; i < first.size(); i++) {
      assertThat(Files.readAllBytes(second.get(i)))
          .as("%s", second.get(i).getFileName())
          .isEqualTo(Files.readAllBytes(first.get(i)));
    }
  }
}
