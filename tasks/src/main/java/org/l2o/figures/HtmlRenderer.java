package org.l2o.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.l2o.figures.ReportDocument.Banner;
import org.l2o.figures.ReportDocument.Block;
import org.l2o.figures.ReportDocument.Bullets;
import org.l2o.figures.ReportDocument.Heading;
import org.l2o.figures.ReportDocument.Image;
import org.l2o.figures.ReportDocument.Link;
import org.l2o.figures.ReportDocument.Links;
import org.l2o.figures.ReportDocument.Paragraph;
import org.l2o.figures.ReportDocument.Table;

/**
 * Renders a {@link ReportDocument} as one self-contained HTML page, escaping every text. Figures
 * are embedded as {@code data:} URIs of their PNGs, so the page renders wherever it is shown on
 * its own, such as MLflow's HTML artifact viewer (which loads no files beside it); links to the
 * SVGs and single panels stay relative, for the page opened from its folder.
 */
final class HtmlRenderer {

  private static final String STYLE = """
      body { font-family: sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
             line-height: 1.45; color: #111; }
      .banner { background: #b00020; color: #fff; font-weight: bold; font-size: 1.2rem;
                padding: 1rem; border-radius: 4px; }
      table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
      th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left;
               vertical-align: top; }
      th { background: #f2f2f2; }
      tr.matches td { background: #e8f5e9; }
      tr.better td { background: #e3f2fd; }
      tr.worse td { background: #ffebee; }
      tr.not-run td, tr.no-paper-value td, tr.not-tested td { color: #666; }
      tr.supported td { background: #e8f5e9; }
      tr.not-supported td { background: #ffebee; }
      figure { margin: 1.5rem 0; }
      figure img { max-width: 100%; border: 1px solid #ddd; }
      figcaption { font-style: italic; }
      """;

  private HtmlRenderer() {}

  /** The page; figure paths in {@code doc} are relative to {@code baseDir}, where they are read. */
  static String render(ReportDocument doc, Path baseDir) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(escape(doc.title())).append("</title>\n<style>\n").append(STYLE)
        .append("</style>\n</head>\n<body>\n<h1>").append(escape(doc.title())).append("</h1>\n");
    for (Block block : doc.blocks()) {
      if (block instanceof Heading h) {
        int level = Math.max(2, Math.min(6, h.level() + 1));
        b.append("<h").append(level).append('>').append(escape(h.text())).append("</h")
            .append(level).append(">\n");
      } else if (block instanceof Paragraph p) {
        b.append("<p>").append(escape(p.text())).append("</p>\n");
      } else if (block instanceof Banner w) {
        b.append("<div class=\"banner\" role=\"alert\">").append(escape(w.text()))
            .append("</div>\n");
      } else if (block instanceof Table t) {
        table(b, t);
      } else if (block instanceof Image i) {
        b.append("<figure><img src=\"").append(embedded(baseDir, i.png())).append("\" alt=\"")
            .append(escape(i.caption())).append("\"><figcaption>").append(escape(i.caption()))
            .append(" (<a href=\"").append(escape(i.svg())).append("\">SVG</a>)</figcaption></figure>\n");
      } else if (block instanceof Links l) {
        b.append("<p>").append(escape(l.lead()));
        String sep = " ";
        for (Link link : l.links()) {
          b.append(sep).append("<a href=\"").append(escape(link.href())).append("\">")
              .append(escape(link.text())).append("</a>");
          sep = ", ";
        }
        b.append("</p>\n");
      } else if (block instanceof Bullets list) {
        b.append("<ul>\n");
        list.items().forEach(item -> b.append("<li>").append(escape(item)).append("</li>\n"));
        b.append("</ul>\n");
      }
    }
    return b.append("</body>\n</html>\n").toString();
  }

  /** A PNG as a data: URI; a missing file keeps its relative link, so the page says what is absent. */
  private static String embedded(Path baseDir, String png) throws IOException {
    Path file = baseDir.resolve(png);
    if (!Files.isRegularFile(file)) {
      return escape(png);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
  }

  private static void table(StringBuilder b, Table t) {
    b.append("<table>\n<thead><tr>");
    t.header().forEach(h -> b.append("<th>").append(escape(h)).append("</th>"));
    b.append("</tr></thead>\n<tbody>\n");
    for (int i = 0; i < t.rows().size(); i++) {
      String cls = i < t.rowClasses().size() ? t.rowClasses().get(i) : "";
      b.append(cls.isEmpty() ? "<tr>" : "<tr class=\"" + escape(cls) + "\">");
      List<String> row = t.rows().get(i);
      row.forEach(c -> b.append("<td>").append(escape(c)).append("</td>"));
      b.append("</tr>\n");
    }
    b.append("</tbody>\n</table>\n");
  }

  /** Escapes the five characters that can change HTML structure, in text and attributes. */
  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (char c : s.toCharArray()) {
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
