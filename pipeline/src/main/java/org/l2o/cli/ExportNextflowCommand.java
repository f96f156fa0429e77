package org.l2o.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.nextflow.NextflowExport;
import org.l2o.params.ParamException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code l2o export-nextflow}: regenerates the Nextflow pipeline from the Java declaration. */
@Command(
    name = "export-nextflow",
    mixinStandardHelpOptions = true,
    header = "Generate main.nf, modules, nextflow.config, conf/ and nextflow_schema.json from the declaration.",
    description = {
      "",
      "The Nextflow pipeline is generated, never edited: one process per stage calling",
      "`l2o stage`, the same fan-out as `l2o run`, and every param with its default. Run it after",
      "changing the pipeline declaration or the param schema, and commit the result.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  l2o export-nextflow                 # rewrite pipeline/ (from the repository root)",
      "  l2o export-nextflow --check         # exit 1 if the committed files are out of date",
      "  nextflow run pipeline -profile test"
    })
public final class ExportNextflowCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", defaultValue = "pipeline", paramLabel = "<dir>",
      description = "The pipeline folder, which holds bin/l2o (default: ${DEFAULT-VALUE}).")
  Path dir;

  @Option(names = "--check", description = "Write nothing; exit 1 when a generated file is missing or differs.")
  boolean check;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    if (!Files.isDirectory(dir)) {
      throw new ParamException("--dir", "export-nextflow: no folder " + dir.toAbsolutePath().normalize()
          + "; run it from the repository root or pass --dir <the pipeline folder>");
    }
    NextflowExport export = NextflowExport.generate();
    if (check) {
      List<String> stale = export.staleFiles(dir);
      if (stale.isEmpty()) {
        out.println("The Nextflow pipeline in " + dir + " is up to date (" + export.files().size() + " files).");
        return 0;
      }
      PrintWriter err = spec.commandLine().getErr();
      err.println("Out of date in " + dir + ": " + String.join(", ", stale) + "; " + NextflowExport.REGENERATE_HINT);
      return 1;
    }
    List<Path> written = export.writeTo(dir);
    out.println("Wrote " + written.size() + " files under " + dir + ":");
    export.files().keySet().forEach(f -> out.println("  " + f));
    return 0;
  }
}
