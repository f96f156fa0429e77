package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Params are validated before anything runs: a bad one exits 2, names itself, and creates nothing. */
class RunCommandTest {

  @TempDir Path dir;

  private record Outcome(int exit, String out, String err) {}

  private Outcome l2o(String... args) {
    CommandLine cl = L2o.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Outcome(exit, out.toString(), err.toString());
  }

  @Test
  void badParamsFileExitsTwoNamingTheKeyAndRunsNothing() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "eval_steps: -5\n");

    Outcome o = l2o("run", "--params-file", file.toString(), "--outdir", dir.resolve("out").toString());

    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("eval_steps").contains("-5").contains("bad.yaml").contains("[1, 10000000]");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void unknownKeySuggestsTheNearestParam() {
    Outcome o = l2o("run", "--profile", "smoke", "-p", "eval_stpes=3", "--outdir", dir.toString());

    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("unknown param 'eval_stpes'").contains("did you mean 'eval_steps'");
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void wrongTypeNamesWhatIsAllowed() {
    Outcome o = l2o("run", "-p", "data_verify=maybe", "--outdir", dir.toString());

    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("data_verify").contains("maybe").contains("boolean");
  }

  @Test
  void inconsistentSelectionIsRejectedBeforeAnythingRuns() {
    Outcome o = l2o("run", "--profile", "smoke", "-p", "eval_optimizers=dm-cl", "--outdir", dir.toString());

    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).contains("eval_optimizers").contains("curriculum_variants");
    assertThat(dir.resolve("work")).doesNotExist();
  }

  @Test
  void everyCommandHasHelpWithExamples() {
    for (String cmd : new String[] {"run", "stage", "log", "env", "mlflow-server", "export-nextflow"}) {
      Outcome o = l2o(cmd, "--help");
      assertThat(o.exit()).as(cmd).isZero();
      assertThat(o.out()).as(cmd).contains("Usage: l2o " + cmd).containsIgnoringCase("example");
    }
  }

  @Test
  void versionNamesTheToolDigest() {
    Outcome o = l2o("--version");

    assertThat(o.exit()).isZero();
    assertThat(o.out()).containsPattern("l2o 0\\.1\\.0\\+[0-9a-f]{12}");
  }
}
