package org.l2o.figures;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.l2o.params.ParamException;

/**
 * A finished run's final numbers, read back from the {@code table.csv} its report wrote (and
 * the {@code authors.csv} beside it, when it evaluated the authors' released models): what a new
 * run is set beside. The committed reference runs ({@code reference/<profile>/table.csv} in
 * the repository) ship inside the jar, so the plot stage finds the one of its profile on any
 * machine; a user can also point at any earlier run's output folder.
 *
 * @param label where the numbers come from, shown in the report's column note
 * @param rows ln(mean final loss) per "problem/optimizer" (an authors' model under its optimizer
 *     name, {@code authors-dm-cl-il}); rows that were not run are absent
 */
public record ReferenceRun(String label, Map<String, Entry> rows) {

  /** The classpath folder holding the committed references, one sub-folder per profile. */
  static final String RESOURCE_ROOT = "/org/l2o/reference/";

  /** A reference's number for one curve set; lnMean is NaN when every run diverged. */
  public record Entry(double lnMean, int seeds, int diverged, int steps) {}

  private static final CsvMapper CSV = new CsvMapper();

  public ReferenceRun {
    rows = Map.copyOf(rows);
  }

  /** The reference's entry for {@code optimizer} on {@code problem}, if it ran that pair. */
  public Optional<Entry> get(String problem, String optimizer) {
    return Optional.ofNullable(rows.get(problem + "/" + optimizer));
  }

  /**
   * Resolves the {@code reference} param: {@code none}; {@code auto}, the committed reference of
   * {@code profile} if the build has one; or a path to a {@code table.csv}, a plot output folder,
   * or a run's output folder ({@code results/plot/table.csv} under it).
   *
   * @throws ParamException naming the path when it holds no table
   */
  public static Optional<ReferenceRun> locate(String spec, String profile) throws IOException {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty() || s.equals("none")) {
      return Optional.empty();
    }
    if (s.equals("auto")) {
      return committed(profile);
    }
    Path p = Path.of(s);
    for (Path candidate : List.of(p, p.resolve(ReproductionReport.CSV_FILE),
        p.resolve("results").resolve("plot").resolve(ReproductionReport.CSV_FILE),
        p.resolve("plot").resolve(ReproductionReport.CSV_FILE))) {
      if (Files.isRegularFile(candidate)) {
        Path authors = candidate.resolveSibling(ReproductionReport.AUTHORS_CSV_FILE);
        return Optional.of(read(candidate, s).withAuthors(
            Files.isRegularFile(authors) ? Files.newInputStream(authors) : null, authors.toString()));
      }
    }
    throw new ParamException("reference", "'" + s + "': no "
        + ReproductionReport.CSV_FILE + " at " + p.toAbsolutePath() + " nor under its plot/ or "
        + "results/plot/; give a run's output folder, a table.csv, 'auto' or 'none'");
  }

  /** The reference committed for {@code profile} and bundled in the jar, if there is one. */
  public static Optional<ReferenceRun> committed(String profile) throws IOException {
    if (profile == null || !profile.matches("[A-Za-z0-9._-]+")) {
      return Optional.empty();
    }
    String base = RESOURCE_ROOT + profile + "/";
    try (InputStream in = ReferenceRun.class.getResourceAsStream(base + ReproductionReport.CSV_FILE)) {
      if (in == null) {
        return Optional.empty();
      }
      String label = "reference/" + profile;
      try (InputStream about = ReferenceRun.class.getResourceAsStream(base + "REFERENCE")) {
        if (about != null) {
          label += " (" + new String(about.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
              .strip().lines().findFirst().orElse("") + ")";
        }
      }
      String authors = base + ReproductionReport.AUTHORS_CSV_FILE;
      return Optional.of(parse(in, label, "classpath " + base + ReproductionReport.CSV_FILE)
          .withAuthors(ReferenceRun.class.getResourceAsStream(authors), "classpath " + authors));
    }
  }

  /**
   * This reference with the rows of the {@code authors.csv} beside its table (the authors'
   * released models); itself when there is none ({@code authors} null). Closes {@code authors}.
   */
  private ReferenceRun withAuthors(InputStream authors, String origin) throws IOException {
    if (authors == null) {
      return this;
    }
    try (authors) {
      Map<String, Entry> all = new LinkedHashMap<>(rows);
      all.putAll(parse(authors, label, origin).rows());
      return new ReferenceRun(label, all);
    }
  }

  /** Reads a report's {@code table.csv}. */
  public static ReferenceRun read(Path table, String label) throws IOException {
    try (InputStream in = Files.newInputStream(table)) {
      return parse(in, label, table.toString());
    }
  }

  private static ReferenceRun parse(InputStream in, String label, String origin)
      throws IOException {
    CsvSchema header = CsvSchema.emptySchema().withHeader();
    Map<String, Entry> rows = new LinkedHashMap<>();
    try (MappingIterator<Map<String, String>> it =
        CSV.readerForMapOf(String.class).with(header).readValues(in)) {
      int line = 1;
      while (it.hasNext()) {
        Map<String, String> r = it.next();
        line++;
        if (!r.containsKey("ln_mean_loss")) {
          throw new IllegalArgumentException(origin + ": no column ln_mean_loss (a table written "
              + "before reports compared ln of the mean loss); rerun its plot stage");
        }
        String ln = r.get("ln_mean_loss");
        try {
          int runs = Integer.parseInt(r.get("runs"));
          int diverged = Integer.parseInt(r.get("diverged"));
          boolean blank = ln == null || ln.isBlank();
          if (runs == 0 || blank && diverged < runs) {
            continue; // not run (or an empty curve set): nothing to set beside
          }
          // authors.csv names its optimizer "model"
          String optimizer = r.containsKey("optimizer") ? r.get("optimizer") : r.get("model");
          rows.put(r.get("problem") + "/" + optimizer, new Entry(
              blank ? Double.NaN : Double.parseDouble(ln), runs, diverged,
              Integer.parseInt(r.get("steps"))));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(origin + " line " + line + ": not a number in "
              + r, e);
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    return new ReferenceRun(label, rows);
  }
}
