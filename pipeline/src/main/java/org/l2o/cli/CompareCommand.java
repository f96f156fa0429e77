package org.l2o.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.l2o.figures.PaperTargets;
import org.l2o.figures.ReferenceRun;
import org.l2o.figures.RunComparison;
import org.l2o.params.ParamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o compare}: a finished run beside the committed reference and the paper. */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    header = "Set a finished run beside the committed reference run and the paper.",
    description = {
      "Reads the run's report table (results/plot/table.csv) and prints, per problem and "
          + "optimizer, ln(mean final training loss) in three columns: this run, the reference, "
          + "the paper's read-off. The reference defaults to the committed run of the paper-mlp "
          + "profile (reference/paper-mlp/), shipped in this build when it has one."
    },
    footer = {
      "",
      "Examples:",
      "  l2o compare                               # ./results against reference/paper-mlp",
      "  l2o compare my-run --reference none       # my-run against the paper alone",
      "  l2o compare my-run --reference other-run  # two runs of yours, and the paper",
      "  l2o compare my-run --out compare.md"
    })
public final class CompareCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "<run>", defaultValue = "results",
      description = "A run's output folder (its results/plot/table.csv), a plot folder or a "
          + "table.csv. Default: ${DEFAULT-VALUE}.")
  String run;

  @Option(names = "--reference", paramLabel = "<profile|path|none>", defaultValue = "paper-mlp",
      description = "A committed reference by profile name (this build's reference/<profile>/), a "
          + "run folder or table.csv, or none. Default: ${DEFAULT-VALUE}.")
  String reference;

  @Option(names = "--out", paramLabel = "<file.md>", description = "Write the table here too.")
  Path out;

  @Override
  public Integer call() throws Exception {
    try {
      ReferenceRun mine = ReferenceRun.locate(run, "")
          .orElseThrow(() -> new ParamException("run", "give a run folder or a table.csv"));
      Optional<ReferenceRun> ref = reference.equals("none") ? Optional.empty()
          : Files.exists(Path.of(reference)) ? ReferenceRun.locate(reference, "")
          : ReferenceRun.committed(reference);
      if (ref.isEmpty() && !reference.equals("none")) {
        spec.commandLine().getErr().println("l2o compare: no committed reference '" + reference
            + "' in this build and no such path; comparing with the paper alone");
      }
      String table = RunComparison.of(mine, ref, PaperTargets.load()).markdown();
      spec.commandLine().getOut().print(table);
      if (out != null) {
        Files.writeString(out, table);
        spec.commandLine().getErr().println("wrote " + out);
      }
      return 0;
    } catch (ParamException e) {
      spec.commandLine().getErr().println("l2o compare: " + e.getMessage());
      return 2;
    }
  }
}
