package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code l2o bench}: its help, its usage errors, and (slow) one real run's table and JSON. */
class BenchCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run execute(String... args) {
    CommandLine cl = L2o.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpExplainsWhatIsMeasuredAndWhereResultsGo() {
    Run r = execute("bench", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--reps", "--threads", "--outdir", "--no-baseline")
        .contains("results/bench/bench.json")
        .contains("CPU time", "GFLOP/s", "peak RSS", "'before'", "TF_OVERRIDE_GLOBAL_THREADPOOL")
        .contains("default: 1,2");
  }

  @Test
  void badCountsAreUsageErrors() {
    Run reps = execute("bench", "--reps", "0");
    assertThat(reps.exit()).isEqualTo(2);
    assertThat(reps.err()).contains("reps must be >= 1, got 0");
    Run threads = execute("bench", "--threads", "1,0");
    assertThat(threads.exit()).isEqualTo(2);
    assertThat(threads.err()).contains("threads", "[1, 0]");
    Run notANumber = execute("bench", "--threads", "two");
    assertThat(notANumber.exit()).isEqualTo(2);
  }

  @Test
  @Tag("slow")
  void oneQuickRunPrintsTheTableAndWritesTheJson(@TempDir Path dir) throws Exception {
    Run r =
        execute(
            "bench", "--threads", "1", "--reps", "1", "--warmup", "0", "--seeds", "1",
            "--no-baseline", "--no-ceilings", "--outdir", dir.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("meta-training", "evaluation", "Targets (issue 9");
    Path json = dir.resolve(BenchCommand.RESULT);
    assertThat(json).exists();
    assertThat(Files.readString(json)).contains("\"measurements\"", "\"mlp-orig");
  }
}
