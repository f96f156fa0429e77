package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.TrainedOptimizer;
import picocli.CommandLine;

/** {@code l2o import-authors}: a real released file in, our format out; anything else exits 2. */
class ImportAuthorsCommandTest {

  /** The repository's copies, relative to the pipeline module (surefire's working folder). */
  private static final Path MODELS = Path.of("..", "reference", "authors-models");

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
  void importsTheRnnpropCheckpointIntoALoadableFolder(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("imported/rnnprop");
    Run r = execute("import-authors", MODELS.resolve("rnnprop/rp.l2l-0").toString(),
        "--out", out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("Imported authors-rnnprop (6,641 weights")
        .contains("390f3ae55e413fd63336554047b57eb31e8dd055c1cf7bd089acff1b1424bc12")
        .contains("-p optimizer=authors-rnnprop");
    TrainedOptimizer t = TrainedOptimizer.load(out);
    assertThat(t.weights()).hasSize(6641);
    assertThat(t.training()).containsEntry("variant", "authors-rnnprop");
    assertThat(out.resolve("saved_model/saved_model.pb")).exists();
    assertThat(Files.list(dir.resolve("imported")).toList()).as("no temporary folder left")
        .containsExactly(out);
  }

  @Test
  void aFileThatIsNotOneOfTheSevenExits2NamingIt(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("cw.l2l-0");
    Files.write(bad, new byte[] {(byte) 0x80, 3, '.'});
    Run r = execute("import-authors", bad.toString(), "--out", dir.resolve("out").toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains(bad + ": refused: SHA-256");
    assertThat(dir.resolve("out")).doesNotExist();

    Run missing = execute("import-authors", dir.resolve("nope").toString(), "--out",
        dir.resolve("out").toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("no file").contains("reference/authors-models");
  }

  @Test
  void anExistingOutputIsNotOverwritten(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("keep.txt"), "mine");
    Run r = execute("import-authors", MODELS.resolve("dm/cw.l2l-0").toString(),
        "--out", dir.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("already exists");
    assertThat(dir.resolve("keep.txt")).hasContent("mine");
  }
}
