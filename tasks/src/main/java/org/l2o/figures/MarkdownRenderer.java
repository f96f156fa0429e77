package org.l2o.figures;

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

/** Renders a {@link ReportDocument} as GitHub-flavoured Markdown, escaping every text. */
final class MarkdownRenderer {

  private MarkdownRenderer() {}

  static String render(ReportDocument doc) {
    StringBuilder b = new StringBuilder();
    b.append("# ").append(text(doc.title())).append("\n\n");
    for (Block block : doc.blocks()) {
      if (block instanceof Heading h) {
        int level = Math.max(2, Math.min(6, h.level() + 1));
        b.append("#".repeat(level)).append(' ').append(text(h.text())).append("\n\n");
      } else if (block instanceof Paragraph p) {
        b.append(text(p.text())).append("\n\n");
      } else if (block instanceof Banner w) {
        b.append("> [!WARNING]\n> **").append(text(w.text())).append("**\n\n");
      } else if (block instanceof Table t) {
        table(b, t);
      } else if (block instanceof Image i) {
        b.append("![").append(text(i.caption())).append("](").append(href(i.png()))
            .append(")\n\n*").append(text(i.caption())).append("* ([SVG](")
            .append(href(i.svg())).append("))\n\n");
      } else if (block instanceof Links l) {
        b.append(text(l.lead()));
        String sep = " ";
        for (Link link : l.links()) {
          b.append(sep).append('[').append(text(link.text())).append("](")
              .append(href(link.href())).append(')');
          sep = ", ";
        }
        b.append("\n\n");
      } else if (block instanceof Bullets list) {
        list.items().forEach(item -> b.append("- ").append(text(item)).append('\n'));
        b.append('\n');
      }
    }
    return b.toString();
  }

  private static void table(StringBuilder b, Table t) {
    row(b, t.header());
    b.append('|');
    t.header().forEach(h -> b.append(" --- |"));
    b.append('\n');
    t.rows().forEach(r -> row(b, r));
    b.append('\n');
  }

  private static void row(StringBuilder b, List<String> cells) {
    b.append('|');
    cells.forEach(c -> b.append(' ').append(text(c)).append(" |"));
    b.append('\n');
  }

  /**
   * Escapes Markdown and inline-HTML syntax so that text shows literally; newlines become spaces
   * because every call site is a single line or table cell.
   */
  static String text(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.replace("\r", " ").replace("\n", " ").toCharArray()) {
      if ("\\`*_[]<>#|~".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Percent-encodes what would end or confuse a Markdown link target. */
  static String href(String s) {
    return s.replace("%", "%25").replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        .replace("<", "%3C").replace(">", "%3E");
  }
}
