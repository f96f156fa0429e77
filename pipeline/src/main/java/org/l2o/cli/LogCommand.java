package org.l2o.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.l2o.runner.RunHistory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2o log}: past runs, or the tasks of one run, as {@code nextflow log} shows them. */
@Command(
    name = "log",
    mixinStandardHelpOptions = true,
    header = "List past runs, or the tasks of one run.",
    footer = {
      "",
      "Examples:",
      "  l2o log                       # every run in this folder",
      "  l2o log last                  # the tasks of the latest run (its trace)",
      "  l2o log run-2026-11-27_16-40-01 --outdir /scratch/l2o"
    })
public final class LogCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "<run name|last>",
      description = "Show this run's tasks instead of the list of runs.")
  String runName;

  @Option(names = "--outdir", defaultValue = ".", paramLabel = "<dir>",
      description = "The folder runs were started with (default: ${DEFAULT-VALUE}).")
  Path outDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    RunHistory history = new RunHistory(outDir);
    List<RunHistory.Entry> runs = history.read();
    if (runs.isEmpty()) {
      out.println("No runs in " + outDir.toAbsolutePath().normalize() + " (looked for " + history.file() + ")");
      return 0;
    }
    if (runName == null) {
      out.println(String.format("%-20s %-9s %-25s %-7s %-20s %s", "TIMESTAMP", "DURATION", "RUN NAME",
          "STATUS", "TOOL VERSION", "COMMAND"));
      for (RunHistory.Entry e : runs) {
        out.println(String.format("%-20s %-9s %-25s %-7s %-20s %s", e.timestamp(), e.duration(),
            e.runName(), e.status(), e.toolVersion(), e.command()));
      }
      return 0;
    }
    RunHistory.Entry e = runName.equals("last") ? runs.get(runs.size() - 1)
        : runs.stream().filter(r -> r.runName().equals(runName)).findFirst().orElse(null);
    if (e == null) {
      throw new org.l2o.params.ParamException("run", "no run named '" + runName + "' in " + history.file()
          + "; `l2o log` lists them");
    }
    Path trace = outDir.resolve(e.trace());
    out.println(e.runName() + " · " + e.status() + " · " + e.duration() + " · trace " + trace);
    for (String line : Files.readAllLines(trace)) {
      String[] f = line.split("\t");
      if (f.length >= 10) {
        out.println(String.format("%-8s %-10s %-40s %-10s %s", f[0], f[1], f[3], f[4], f[9]));
      }
    }
    return 0;
  }
}
