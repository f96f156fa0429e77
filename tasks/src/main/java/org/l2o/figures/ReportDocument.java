package org.l2o.figures;

import java.util.ArrayList;
import java.util.List;

/**
 * The report as a list of plain-text blocks, rendered twice ({@link MarkdownRenderer},
 * {@link HtmlRenderer}) so that the HTML and the Markdown twin cannot drift apart. Text here is
 * raw; each renderer escapes it for its format.
 */
final class ReportDocument {

  sealed interface Block permits Heading, Paragraph, Banner, Table, Image, Links, Bullets {}

  record Heading(int level, String text) implements Block {}

  record Paragraph(String text) implements Block {}

  /** A loud warning shown above everything else. */
  record Banner(String text) implements Block {}

  /**
   * A table; {@code rowClasses} (may be empty) gives each row a CSS class, used to colour
   * verdicts in HTML.
   */
  record Table(List<String> header, List<List<String>> rows, List<String> rowClasses)
      implements Block {}

  /** An embedded PNG with a link to its SVG twin; paths are relative to the report. */
  record Image(String caption, String png, String svg) implements Block {}

  record Link(String text, String href) {}

  record Links(String lead, List<Link> links) implements Block {}

  record Bullets(List<String> items) implements Block {}

  private final String title;
  private final List<Block> blocks = new ArrayList<>();

  ReportDocument(String title) {
    this.title = title;
  }

  ReportDocument add(Block b) {
    blocks.add(b);
    return this;
  }

  String title() {
    return title;
  }

  List<Block> blocks() {
    return List.copyOf(blocks);
  }
}
