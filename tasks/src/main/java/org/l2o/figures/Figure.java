package org.l2o.figures;

import java.util.List;
import java.util.Objects;
import org.jfree.chart.JFreeChart;

/**
 * One output image: one or more chart panels laid out in a grid, written as
 * {@code <name>.png} and {@code <name>.svg}.
 *
 * @param name file stem, such as {@code fig_a2} or {@code fig_a2_mlp-orig}
 * @param caption what the figure shows, for the report
 * @param panels the chart models, row by row
 * @param columns panels per row
 */
public record Figure(String name, String caption, List<JFreeChart> panels, int columns) {

  public Figure {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(caption, "caption");
    panels = List.copyOf(panels);
    if (panels.isEmpty()) {
      throw new IllegalArgumentException(name + ": a figure needs at least one panel");
    }
    if (columns < 1) {
      throw new IllegalArgumentException(name + ": columns = " + columns + ", expected >= 1");
    }
  }

  /** Rows of the grid. */
  public int rows() {
    return (panels.size() + columns - 1) / columns;
  }

  /** The only panel of a single-panel figure. */
  public JFreeChart panel() {
    if (panels.size() != 1) {
      throw new IllegalStateException(name + " has " + panels.size() + " panels, not one");
    }
    return panels.get(0);
  }
}
