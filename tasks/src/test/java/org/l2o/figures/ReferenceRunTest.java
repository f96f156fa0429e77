package org.l2o.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.l2o.figures.SyntheticCurves.TOL;
import static org.l2o.figures.SyntheticCurves.decaying;
import static org.l2o.figures.SyntheticCurves.diverge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.curves.LossCurves;
import org.l2o.params.ParamException;

/** A finished run's table read back as a reference, and set beside a new run (synthetic curves). */
class ReferenceRunTest {

  private static final PaperTargets PAPER = PaperTargets.load();

  private static ReproductionReport report(List<LossCurves> curves,
      Optional<ReferenceRun> reference) {
    return ReproductionReport.build(new ReportInputs(curves, List.of(), "test", Map.of(),
        Map.of(), true), PAPER, reference);
  }

  private static Path writtenRun(Path dir, double dmCl, double adam) throws IOException {
    Path plot = dir.resolve("results").resolve("plot");
    report(List.of(decaying("dm-cl", "mlp-orig", 5, 30, 0.8, dmCl, 0.5),
        decaying("adam", "mlp-orig", 5, 30, 0.8, adam, 0.1)), Optional.empty())
        .write(plot, List.of());
    return dir;
  }

  @Test
  void aRunsTableReadsBackAsItsLnOfMeanLossPerPair(@TempDir Path dir) throws IOException {
    Path run = writtenRun(dir, -4.0, -2.0);
    ReproductionReport written = report(List.of(decaying("dm-cl", "mlp-orig", 5, 30, 0.8, -4.0,
        0.5)), Optional.empty());

    ReferenceRun ref = ReferenceRun.locate(run.toString(), "any").orElseThrow();

    assertThat(ref.rows()).containsOnlyKeys("mlp-orig/dm-cl", "mlp-orig/adam");
    double expected = written.rows().stream().filter(r -> r.optimizer().equals("dm-cl"))
        .findFirst().orElseThrow().lnMean();
    assertThat(ref.get("mlp-orig", "dm-cl").orElseThrow().lnMean()).isCloseTo(expected,
        within(TOL));
    assertThat(ref.get("mlp-orig", "dm-cl").orElseThrow().seeds()).isEqualTo(5);
    assertThat(ref.get("mlp-orig", "dm")).isEmpty();
    // the plot folder and the table itself locate the same numbers
    assertThat(ReferenceRun.locate(run.resolve("results/plot").toString(), "").orElseThrow()
        .rows()).isEqualTo(ref.rows());
    assertThat(ReferenceRun.locate(run.resolve("results/plot/table.csv").toString(), "")
        .orElseThrow().rows()).isEqualTo(ref.rows());
  }

  @Test
  void noneAndAnUnknownProfileGiveNoReferenceAndABadPathIsNamed(@TempDir Path dir)
      throws IOException {
    assertThat(ReferenceRun.locate("none", "quick")).isEmpty();
    assertThat(ReferenceRun.locate("", "quick")).isEmpty();
    assertThat(ReferenceRun.locate("auto", "no-such-profile")).isEmpty();
    assertThat(ReferenceRun.committed("../etc")).isEmpty();
    assertThatThrownBy(() -> ReferenceRun.locate(dir.resolve("missing").toString(), ""))
        .isInstanceOf(ParamException.class)
        .hasMessageContaining(dir.resolve("missing").toString())
        .hasMessageContaining("results/plot/");
  }

  /**
   * The committed reference of {@code profile}, bundled in the jar, with its label, the run size
   * and the ln(mean loss) values README quotes ("problem/optimizer" to value, to 2 decimals).
   */
  private static ReferenceRun assertBundled(String profile, int seeds, int steps,
      Map<String, Double> quoted) throws IOException {
    ReferenceRun ref = ReferenceRun.committed(profile).orElseThrow();
    assertThat(ref.label()).startsWith("reference/" + profile + " (" + profile + " profile");
    assertThat(ReferenceRun.locate("auto", profile)).contains(ref);
    quoted.forEach((pair, value) -> {
      String[] ps = pair.split("/");
      ReferenceRun.Entry e = ref.get(ps[0], ps[1]).orElseThrow(() -> new AssertionError(pair));
      assertThat(e.lnMean()).as(profile + " " + pair).isCloseTo(value, within(0.005));
      assertThat(e.seeds()).as(pair).isEqualTo(seeds);
      assertThat(e.steps()).as(pair).isEqualTo(steps);
    });
    return ref;
  }

  /** The committed references ship in the jar: the report finds them wherever it runs. */
  @Test
  void theCommittedReferencesAreBundledWithTheNumbersTheReadmeQuotes() throws IOException {
    assertBundled("quick", 5, 1001,
        Map.of("mlp-orig/dm", -1.03, "mlp-orig/dm-cl-il", -2.14));
    assertBundled("paper-mlp", 10, 10_001,
        Map.of("mlp-orig/dm-il", -3.95, "mlp-orig/dm-cl-il", -2.61, "mlp-deeper/dm", -1.18));
    // the authors run: analytical rows in its table.csv, the released models in its authors.csv
    assertBundled("authors", 10, 10_001, Map.of("mlp-orig/adam", -7.12,
        "mlp-orig/authors-dm-cl-il", -5.71, "mlp-relu/authors-dm", 1.19));
  }

  @Test
  void theAuthorsModelsOfAReferenceGetTheirReferenceColumnToo(@TempDir Path dir)
      throws IOException {
    Path plot = dir.resolve("ref");
    report(List.of(decaying("authors-dm-cl-il", "mlp-orig", 5, 30, 0.8, -6.0, 0.3),
        decaying("adam", "mlp-orig", 5, 30, 0.8, -2.0, 0.1)), Optional.empty())
        .write(plot, List.of());
    ReferenceRun ref = ReferenceRun.locate(plot.toString(), "").orElseThrow();
    double refClIl = ref.get("mlp-orig", "authors-dm-cl-il").orElseThrow().lnMean();
    assertThat(refClIl).isCloseTo(-6.0, within(0.5));
    assertThat(ref.get("mlp-orig", "adam")).isPresent();

    report(List.of(decaying("authors-dm-cl-il", "mlp-orig", 5, 30, 0.8, -5.0, 0.3)),
        Optional.of(ref)).write(dir.resolve("mine"), List.of());

    String md = Files.readString(dir.resolve("mine/report.md"));
    assertThat(md).contains("| mean ± std of ln(loss) | Reference | Paper | Difference | Verdict "
        + "| Reason or open question |")
        .containsPattern("\\| L2O-DM-CL-IL \\(authors\\) \\|.*\\| "
            + java.util.regex.Pattern.quote(ReportNumbers.fixed(refClIl)) + " \\| -11.00 \\|");
    List<String> csv = Files.readAllLines(dir.resolve("mine/authors.csv"));
    assertThat(csv.get(0)).endsWith(",reference_ln_mean_loss");
    assertThat(Double.parseDouble(csv.get(1).substring(csv.get(1).lastIndexOf(',') + 1)))
        .isCloseTo(refClIl, within(TOL));

    // `l2o compare` reads the same files: the released model is set beside the paper's CL-IL
    RunComparison c = RunComparison.of(ReferenceRun.locate(dir.resolve("mine").toString(), "")
        .orElseThrow(), Optional.of(ref), PAPER);
    RunComparison.Row clIl = c.rows().stream()
        .filter(r -> r.optimizer().equals("authors-dm-cl-il")).findFirst().orElseThrow();
    assertThat(clIl.reference()).isCloseTo(refClIl, within(TOL));
    assertThat(clIl.paper()).isEqualTo(-11.0);
  }

  @Test
  void aTableFromBeforeLnOfMeanIsRefusedWithItsName(@TempDir Path dir) throws IOException {
    Path old = dir.resolve("table.csv");
    Files.writeString(old, "problem,optimizer,runs,diverged,steps,reproduced_mean,reproduced_std,"
        + "paper,paper_note,difference,verdict,comment\nmlp-orig,dm,5,0,1001,-0.9,0.4,0.0,,,,\n");

    assertThatThrownBy(() -> ReferenceRun.read(old, "old"))
        .hasMessageContaining(old.toString()).hasMessageContaining("ln_mean_loss");
  }

  @Test
  void theReportGetsAReferenceColumnOnlyWhenOneIsPresent(@TempDir Path dir) throws IOException {
    ReferenceRun ref = ReferenceRun.locate(writtenRun(dir.resolve("ref"), -5.0, -2.0).toString(),
        "").orElseThrow();
    double refCl = ref.get("mlp-orig", "dm-cl").orElseThrow().lnMean();
    List<LossCurves> mine = List.of(decaying("dm-cl", "mlp-orig", 5, 30, 0.8, -3.0, 0.1));

    report(mine, Optional.of(ref)).write(dir.resolve("with"), List.of());
    report(mine, Optional.empty()).write(dir.resolve("without"), List.of());

    String with = Files.readString(dir.resolve("with/report.md"));
    // this run, the reference and the paper side by side
    assertThat(with).contains("| Reference | Paper | Difference |")
        .contains(" | " + ReportNumbers.fixed(refCl) + " | -6.00 | ")
        .contains("Reference: ln(mean loss) of " + ref.label());
    assertThat(Files.readString(dir.resolve("without/report.md"))).doesNotContain("Reference");
    String clLine = Files.readAllLines(dir.resolve("with/table.csv")).stream()
        .filter(l -> l.startsWith("mlp-orig,dm-cl,")).findFirst().orElseThrow();
    assertThat(Double.parseDouble(clLine.substring(clLine.lastIndexOf(',') + 1)))
        .isCloseTo(refCl, within(TOL));
  }

  @Test
  void aReferenceWhoseRunsAllDivergedSaysSo(@TempDir Path dir) throws IOException {
    LossCurves dead = decaying("dm", "mlp-orig", 2, 30, 0.8, -1.0, 0.1);
    dead = diverge(diverge(dead, 0, 10, Float.NaN), 1, 12, Float.NaN);
    Path plot = dir.resolve("ref");
    report(List.of(dead), Optional.empty()).write(plot, List.of());

    ReferenceRun ref = ReferenceRun.locate(plot.toString(), "").orElseThrow();

    ReferenceRun.Entry e = ref.get("mlp-orig", "dm").orElseThrow();
    assertThat(e.lnMean()).isNaN();
    assertThat(e.diverged()).isEqualTo(2).isEqualTo(e.seeds());
    assertThat(ref.get("mlp-orig", "dm-cl")).isEmpty(); // not run: no entry
    report(List.of(decaying("dm", "mlp-orig", 2, 30, 0.8, -1.0, 0.1)), Optional.of(ref))
        .write(dir.resolve("mine"), List.of());
    assertThat(Files.readString(dir.resolve("mine/report.md")))
        .containsPattern("\\| MLP-orig \\| L2O-DM \\| 2 \\| 0 \\| 30 \\| [^|]+\\| [^|]+\\| diverged \\|");
  }

  @Test
  void compareSetsTheRunBesideTheReferenceAndThePaper(@TempDir Path dir) throws IOException {
    ReferenceRun ref = ReferenceRun.locate(writtenRun(dir.resolve("ref"), -5.0, -2.0).toString(),
        "").orElseThrow();
    ReferenceRun mine = ReferenceRun.locate(writtenRun(dir.resolve("mine"), -3.0, -2.5).toString(),
        "").orElseThrow();

    RunComparison c = RunComparison.of(mine, Optional.of(ref), PAPER);

    assertThat(c.rows()).extracting(RunComparison.Row::optimizer).containsExactly("dm-cl", "adam");
    RunComparison.Row cl = c.rows().get(0);
    assertThat(cl.run()).isCloseTo(mine.get("mlp-orig", "dm-cl").orElseThrow().lnMean(),
        within(TOL));
    assertThat(cl.reference()).isCloseTo(ref.get("mlp-orig", "dm-cl").orElseThrow().lnMean(),
        within(TOL));
    assertThat(cl.paper()).isEqualTo(-6.0);
    assertThat(c.rows().get(1).paper()).isNaN();
    assertThat(c.markdown()).contains("| This run | Reference | Paper |")
        .contains("| MLP-orig | L2O-DM-CL | " + ReportNumbers.fixed(cl.run()) + " | "
            + ReportNumbers.fixed(cl.reference()) + " | -6.00 | "
            + ReportNumbers.signed(cl.run() - cl.reference()) + " |");
  }
}
