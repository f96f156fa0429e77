package org.l2o.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.l2o.params.ParamException;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.stages.StageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code l2o} command: prints usage when run alone. */
@Command(
    name = "l2o",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    header = "Reproduce \"Training Stronger Baselines for Learning to Optimize\" (NeurIPS 2020).",
    description = {
      "",
      "Meta-trains L2O-DM and its curriculum (CL) and imitation (IL) variants with TensorFlow Java,",
      "evaluates them against analytical optimizers, and draws the paper's figures A1-A3 with a",
      "report that sets every reproduced number beside the paper's. Every task is logged to MLflow.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  l2o run --profile smoke                 # the whole pipeline in about a minute",
      "  l2o run --profile quick --resume        # reuse finished tasks",
      "  l2o run --only plot --resume            # redraw the figures from cached results",
      "  l2o stage evaluate --help               # the single-stage contract (Nextflow calls it)",
      "  l2o import-authors reference/authors-models/dm_cl_il/cw.l2l-0 --out imported/dm-cl-il",
      "  l2o log                                 # past runs",
      "",
      "Exit codes: 0 ok, 1 a task or stage failed, 2 bad params or usage, 130 interrupted (Ctrl-C)."
    },
    subcommands = {
      RunCommand.class,
      StageCommand.class,
      ExportNextflowCommand.class,
      ImportAuthorsCommand.class,
      LogCommand.class,
      EnvCommand.class,
      CompareCommand.class,
      MlflowServerCommand.class,
      MlflowCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    })
public final class L2o implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A command line with the project's exit codes and one-line error messages. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new L2o());
    // `l2o run --help` lists every param, from the one declaration.
    cl.getSubcommands().get("run").getCommandSpec().usageMessage().footer(
        runFooterWithParams(cl.getSubcommands().get("run").getCommandSpec().usageMessage().footer()));
    cl.setUsageHelpWidth(110);
    cl.setExitCodeExceptionMapper(L2o::exitCodeOf);
    cl.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          PrintWriter err = cmd.getErr();
          String msg = ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
          err.println(cmd.getColorScheme().errorText("Error: " + msg));
          if (debug()) {
            ex.printStackTrace(err);
          } else if (!(ex instanceof ParamException) && !(ex instanceof StageException)) {
            err.println("(set L2O_DEBUG=1 for the stack trace)");
          }
          err.flush();
          return exitCodeOf(ex);
        });
    return cl;
  }

  private static String[] runFooterWithParams(String[] footer) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(" ");
    for (ParamSpec p : ParamSchema.all()) {
      if (p.perTask()) {
        continue;
      }
      if (line.length() + p.name().length() + 2 > 100) {
        lines.add(line.toString());
        line = new StringBuilder(" ");
      }
      line.append(' ').append(p.name()).append(',');
    }
    lines.add(line.substring(0, line.length() - 1));
    List<String> out = new ArrayList<>();
    for (String f : footer) {
      if (f.equals("@PARAMS@")) {
        out.addAll(lines);
      } else {
        out.add(f);
      }
    }
    return out.toArray(String[]::new);
  }

  static int exitCodeOf(Throwable t) {
    if (t instanceof ParamException) {
      return 2;
    }
    if (t instanceof StageException s) {
      return s.exitCode();
    }
    if (t instanceof CommandLine.ParameterException || t instanceof IllegalArgumentException) {
      return 2;
    }
    return 1;
  }

  static boolean debug() {
    String d = System.getenv("L2O_DEBUG");
    return d != null && !d.isBlank() && !d.equals("0");
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.out.flush();
    System.err.flush();
    System.exit(code);
  }
}
