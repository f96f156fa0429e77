package org.l2o.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUtils;

/**
 * Writes a {@link Figure} as PNG and SVG by letting each JFreeChart draw itself into its grid cell
 * of one Graphics2D: a BufferedImage for PNG, JFreeSVG's SVGGraphics2D for SVG.
 */
final class FigureWriter {

  private FigureWriter() {}

  /** Writes {@code <name>.png} and {@code <name>.svg} into {@code dir}; returns both paths. */
  static List<Path> write(Figure f, Path dir) throws IOException {
    Files.createDirectories(dir);
    int w = f.columns() * PrintTheme.PANEL_WIDTH;
    int h = f.rows() * PrintTheme.PANEL_HEIGHT;

    Path png = dir.resolve(f.name() + ".png");
    int pw = (int) Math.round(w * PrintTheme.PNG_SCALE);
    int ph = (int) Math.round(h * PrintTheme.PNG_SCALE);
    BufferedImage image = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, pw, ph);
      g.scale(PrintTheme.PNG_SCALE, PrintTheme.PNG_SCALE);
      draw(f, g);
    } finally {
      g.dispose();
    }
    if (!ImageIO.write(image, "png", png.toFile())) {
      throw new IllegalStateException("no PNG writer in this JDK (ImageIO); cannot write " + png);
    }

    Path svg = dir.resolve(f.name() + ".svg");
    SVGGraphics2D sg = new SVGGraphics2D(w, h);
    sg.setDefsKeyPrefix(f.name() + "-"); // fixed ids: the same figure gives the same SVG bytes
    sg.setColor(Color.WHITE);
    sg.fillRect(0, 0, w, h);
    draw(f, sg);
    SVGUtils.writeToSVG(svg.toFile(), sg.getSVGElement());
    return List.of(png, svg);
  }

  private static void draw(Figure f, Graphics2D g) {
    for (int i = 0; i < f.panels().size(); i++) {
      int col = i % f.columns();
      int row = i / f.columns();
      Rectangle2D cell = new Rectangle2D.Double(
          col * PrintTheme.PANEL_WIDTH, row * PrintTheme.PANEL_HEIGHT,
          PrintTheme.PANEL_WIDTH, PrintTheme.PANEL_HEIGHT);
      f.panels().get(i).draw(g, cell);
    }
  }
}
