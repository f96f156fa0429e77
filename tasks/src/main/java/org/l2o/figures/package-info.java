/** Figures A1-A3 (JFreeChart, PNG and SVG) and the HTML/Markdown reproduction report. */
package org.l2o.figures;
