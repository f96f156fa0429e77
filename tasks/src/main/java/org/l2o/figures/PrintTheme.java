package org.l2o.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.TextTitle;

/**
 * Fonts, strokes and sizes for figures that stay legible when a panel is printed at a third of a
 * page width: large sans-serif text, thick lines, light grid on white.
 */
final class PrintTheme {

  /** Logical size of one panel; PNGs are rendered at {@link #PNG_SCALE} times this. */
  static final int PANEL_WIDTH = 800;
  static final int PANEL_HEIGHT = 600;
  /** Device pixels per logical pixel in PNGs: 1600 x 1200 per panel, about 300 dpi at 5.3 in. */
  static final double PNG_SCALE = 2.0;
  static final float LINE_WIDTH = 2.5f;

  static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 24);
  static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 20);
  static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 17);
  static final Font NOTE_FONT = new Font(Font.SANS_SERIF, Font.ITALIC, 15);
  private static final Color GRID = new Color(0xDDDDDD);

  private PrintTheme() {}

  /**
   * Sets print fonts and colours on the chart's own title, axes and legend. It deliberately does
   * not use a StandardChartTheme: applying one clears the renderers' series paints and strokes,
   * which would undo the fixed optimizer colours.
   */
  static void apply(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    if (chart.getTitle() != null) {
      chart.getTitle().setFont(TITLE_FONT);
    }
    if (chart.getPlot() instanceof XYPlot plot) {
      plot.setBackgroundPaint(Color.WHITE);
      plot.setDomainGridlinePaint(GRID);
      plot.setRangeGridlinePaint(GRID);
      plot.setDomainGridlineStroke(new BasicStroke(1f));
      plot.setRangeGridlineStroke(new BasicStroke(1f));
      plot.setOutlinePaint(Color.DARK_GRAY);
      plot.setNoDataMessageFont(LABEL_FONT);
      for (int i = 0; i < plot.getDomainAxisCount(); i++) {
        style(plot.getDomainAxis(i));
      }
      for (int i = 0; i < plot.getRangeAxisCount(); i++) {
        style(plot.getRangeAxis(i));
      }
    }
    if (chart.getLegend() != null) {
      chart.getLegend().setItemFont(TICK_FONT);
      chart.getLegend().setItemPaint(Color.BLACK);
    }
  }

  private static void style(Axis axis) {
    if (axis != null) {
      axis.setLabelFont(LABEL_FONT);
      axis.setTickLabelFont(TICK_FONT);
      axis.setLabelPaint(Color.BLACK);
      axis.setTickLabelPaint(Color.BLACK);
      axis.setAxisLinePaint(Color.DARK_GRAY);
      axis.setTickMarkPaint(Color.DARK_GRAY);
    }
  }

  /** A small italic subtitle under the title: notes about missing or diverged runs. */
  static TextTitle note(String text) {
    TextTitle t = new TextTitle(text, NOTE_FONT);
    t.setPaint(Color.DARK_GRAY);
    return t;
  }

  /**
   * The line of {@code style}: solid for our learned optimizers, dashed for analytical ones,
   * dash-dot for the paper authors' released models.
   */
  static Stroke line(OptimizerStyle style) {
    if (style.authors()) {
      return new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
          new float[] {14f, 5f, 3f, 5f}, 0f);
    }
    return line(style.analytical());
  }

  /** Solid for learned optimizers; dashed for analytical ones. */
  static Stroke line(boolean dashed) {
    return dashed
        ? new BasicStroke(LINE_WIDTH, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {9f, 6f}, 0f)
        : new BasicStroke(LINE_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }
}
