package org.l2o.authors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.rule.WeightLayout;
import org.l2o.provenance.Digests;

/**
 * The import of the authors' released optimizers: a generated file in their structure round-trips
 * to the expected weights, the seven real files import to the right sizes with their provenance,
 * and anything else is refused with a message naming the file.
 */
class AuthorsImporterTest {

  /** The copies in the repository, relative to the tasks module (surefire's working folder). */
  static final Path REFERENCE = Path.of("..", "reference", "authors-models");

  @Test
  void generatedDmFileImportsToItsArraysInSonnetLayout() {
    Map<String, Map<String, PickleWriter.Arr>> net = PickleWriter.network(false, 20);
    float[] w = AuthorsImporter.weights(PickleWriter.authorsFile(net), LearnedOptimizerConfig.dm(),
        "generated.pkl");

    WeightLayout layout = WeightLayout.of(LearnedOptimizerConfig.dm());
    assertThat(w).hasSize(5141);
    // Each of our blocks holds the Sonnet array it maps to, element for element in C order.
    assertBlock(w, layout, "lstm1/w", net.get("lstm_1").get("w_gates"));
    assertBlock(w, layout, "lstm1/b", net.get("lstm_1").get("b_gates"));
    assertBlock(w, layout, "lstm2/w", net.get("lstm_2").get("w_gates"));
    assertBlock(w, layout, "lstm2/b", net.get("lstm_2").get("b_gates"));
    assertBlock(w, layout, "linear/w", net.get("linear").get("w"));
    assertBlock(w, layout, "linear/b", net.get("linear").get("b"));
    // Row 1, column 41 of lstm_1/w_gates (the f gate of unit 1, from the sign feature) sits at
    // offset 1 * 80 + 41 of lstm1/w.
    assertThat(w[layout.block("lstm1/w").offset() + 80 + 41])
        .isEqualTo(net.get("lstm_1").get("w_gates").data()[80 + 41]);
  }

  @Test
  void generatedRnnpropFileImportsWithItsInputProjectionFirst() {
    Map<String, Map<String, PickleWriter.Arr>> net = PickleWriter.network(true, 20);
    float[] w = AuthorsImporter.weights(PickleWriter.authorsFile(net),
        LearnedOptimizerConfig.rnnprop(), "generated.pkl");

    WeightLayout layout = WeightLayout.of(LearnedOptimizerConfig.rnnprop());
    assertThat(w).hasSize(6641);
    assertThat(layout.block("input/w").offset()).isZero();
    assertBlock(w, layout, "input/w", net.get("input_projection").get("w"));
    assertBlock(w, layout, "input/b", net.get("input_projection").get("b"));
    assertBlock(w, layout, "lstm1/w", net.get("lstm_1").get("w_gates"));
    assertBlock(w, layout, "linear/b", net.get("linear").get("b"));
  }

  @Test
  void generatedFileHasTheRealFilesOpcodeShape() throws IOException {
    // Same length up to the memo opcodes (BINPUT/BINGET, 2 bytes each) that dill adds: the
    // generated DM file and the real one hold the same arrays in the same nesting.
    byte[] real = bundled(AuthorsModel.DM);
    byte[] generated = PickleWriter.authorsFile(PickleWriter.network(false, 20));
    assertThat(SonnetArrays.read(real, "dm").keySet())
        .isEqualTo(SonnetArrays.read(generated, "generated").keySet());
    SonnetArrays.read(real, "dm").forEach((name, a) -> assertThat(a.shape())
        .as(name).isEqualTo(SonnetArrays.read(generated, "generated").get(name).shape()));
  }

  @Test
  void realDmFilesImportTo5141WeightsWithTheirProvenance() throws IOException {
    for (AuthorsModel m : new AuthorsModel[] {AuthorsModel.DM, AuthorsModel.DM_AUG,
        AuthorsModel.DM_CL, AuthorsModel.DM_IL, AuthorsModel.DM_CL_IL}) {
      TrainedOptimizer t = AuthorsImporter.importBundled(m);
      assertThat(t.weights()).as(m.variant()).hasSize(5141);
      assertThat(t.config()).isEqualTo(new LearnedOptimizerConfig("dm", 2, 20, 5.0, 0.01));
      assertProvenance(t, m);
    }
  }

  @Test
  void realRnnpropFilesImportTo6641Weights() throws IOException {
    for (AuthorsModel m : new AuthorsModel[] {AuthorsModel.RNNPROP, AuthorsModel.RNNPROP_CL_IL}) {
      TrainedOptimizer t = AuthorsImporter.importBundled(m);
      assertThat(t.weights()).as(m.variant()).hasSize(6641);
      assertThat(t.config().architecture()).isEqualTo("rnnprop");
      assertProvenance(t, m);
    }
  }

  @Test
  void realFilesHoldExactlyTheReadmesArrays() throws IOException {
    Map<String, int[]> dm = new LinkedHashMap<>();
    dm.put("linear/b", new int[] {1});
    dm.put("linear/w", new int[] {20, 1});
    dm.put("lstm_1/b_gates", new int[] {80});
    dm.put("lstm_1/w_gates", new int[] {22, 80});
    dm.put("lstm_2/b_gates", new int[] {80});
    dm.put("lstm_2/w_gates", new int[] {40, 80});
    Map<String, SonnetArrays.Array> read = SonnetArrays.read(bundled(AuthorsModel.DM_CL_IL), "x");
    assertThat(read.keySet()).containsExactlyElementsOf(dm.keySet());
    dm.forEach((k, shape) -> assertThat(read.get(k).shape()).as(k).isEqualTo(shape));
    // Spot values as numpy 2.4 reads this file (first and last element, float32 printed exactly),
    // so that a byte-order or offset slip in our reader cannot pass.
    assertThat(read.get("lstm_1/w_gates").data()[0]).isEqualTo(-0.05569857731461525f);
    assertThat(read.get("lstm_1/w_gates").data()[22 * 80 - 1]).isEqualTo(0.16750212013721466f);
    assertThat(read.get("lstm_2/b_gates").data()[0]).isEqualTo(0.4481869041919708f);
    assertThat(read.get("linear/w").data()[19]).isEqualTo(-0.3759036660194397f);
    assertThat(read.get("linear/b").data()[0]).isEqualTo(-0.006333720404654741f);

    Map<String, SonnetArrays.Array> rp = SonnetArrays.read(bundled(AuthorsModel.RNNPROP), "x");
    assertThat(rp.get("input_projection/w").shape()).isEqualTo(new int[] {2, 20});
    assertThat(rp.get("input_projection/b").shape()).isEqualTo(new int[] {20});
    assertThat(rp.get("lstm_1/w_gates").shape()).isEqualTo(new int[] {40, 80});
  }

  @Test
  void theSevenModelsAreDistinctAndFinite() throws IOException {
    Map<String, float[]> seen = new LinkedHashMap<>();
    for (AuthorsModel m : AuthorsModel.values()) {
      float[] w = AuthorsImporter.importBundled(m).weights();
      for (float x : w) {
        assertThat(Float.isFinite(x)).as(m.variant()).isTrue();
      }
      seen.forEach((other, v) -> assertThat(Arrays.equals(v, w))
          .as(m.variant() + " vs " + other).isFalse());
      seen.put(m.variant(), w);
    }
  }

  @Test
  void repositoryCopiesMatchThePinnedDigestsAndTheBundle() throws IOException {
    for (AuthorsModel m : AuthorsModel.values()) {
      Path file = REFERENCE.resolve(m.relativePath());
      assertThat(Digests.ofFile(file)).as(m.relativePath()).isEqualTo(m.sha256());
      assertThat(Files.readAllBytes(file)).isEqualTo(bundled(m));
    }
    // SHA256SUMS beside them lists the same seven digests.
    String sums = Files.readString(REFERENCE.resolve("SHA256SUMS"));
    for (AuthorsModel m : AuthorsModel.values()) {
      assertThat(sums).contains(m.sha256() + "  " + m.relativePath());
    }
  }

  @Test
  void importFileReadsTheRepositoryCopy() throws IOException {
    TrainedOptimizer t = AuthorsImporter.importFile(REFERENCE.resolve("dm_cl_il/cw.l2l-0"));
    assertThat(t.weights()).isEqualTo(AuthorsImporter.importBundled(AuthorsModel.DM_CL_IL).weights());
  }

  @Test
  void savedAndLoadedImportPassesTheCheckAndAnotherVariantFails(@TempDir Path dir)
      throws IOException {
    TrainedOptimizer t = AuthorsImporter.importBundled(AuthorsModel.DM_CL);
    // Only weights.f32 and config.json: loading needs no SavedModel.
    TrainedOptimizer same = new TrainedOptimizer(t.config(), t.weights(), t.training());
    AuthorsImporter.checkImported(same, AuthorsModel.DM_CL, dir);
    assertThatThrownBy(() -> AuthorsImporter.checkImported(same, AuthorsModel.DM_CL_IL, dir))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("authors-dm-cl'")
        .hasMessageContaining("not authors-dm-cl-il");
  }

  // ---- refusals ----

  @Test
  void refusesADisallowedGlobal() {
    byte[] evil = new PickleWriter().proto(3).global("os", "system").unicode("echo hi")
        .op(0x85).op('R').op('.').bytes();
    assertThatThrownBy(() -> AuthorsImporter.weights(evil, LearnedOptimizerConfig.dm(), "evil.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageStartingWith("evil.pkl: refused: global os.system");
  }

  @Test
  void refusesAnAllowedHelperCalledOnAnotherModule() {
    byte[] evil = new PickleWriter().proto(3).global("dill._dill", "_import_module")
        .unicode("subprocess").op(0x85).op('R').op('.').bytes();
    assertThatThrownBy(() -> AuthorsImporter.weights(evil, LearnedOptimizerConfig.dm(), "evil.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("evil.pkl")
        .hasMessageContaining("_import_module(subprocess");
  }

  @Test
  void refusesBuildOnAnythingButNumpyObjects() {
    // An empty dict given a dict as its state: Python would update its __dict__.
    byte[] evil = new PickleWriter().proto(3).op('}').op('}').op('b').op('.').bytes();
    assertThatThrownBy(() -> AuthorsImporter.weights(evil, LearnedOptimizerConfig.dm(), "b.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("b.pkl: refused: BUILD");
  }

  @Test
  void refusesAnotherProtocol() {
    byte[] p2 = PickleWriter.authorsFile(PickleWriter.network(false, 20));
    p2[1] = 2;
    assertThatThrownBy(() -> AuthorsImporter.weights(p2, LearnedOptimizerConfig.dm(), "p2.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("p2.pkl: refused: not a protocol-3 pickle");
  }

  @Test
  void refusesAWrongShape() {
    Map<String, Map<String, PickleWriter.Arr>> net = PickleWriter.network(false, 20);
    net.get("lstm_1").put("w_gates", PickleWriter.arr(new float[] {0}, 80, 22));
    byte[] file = PickleWriter.authorsFile(net);
    assertThatThrownBy(() -> AuthorsImporter.weights(file, LearnedOptimizerConfig.dm(), "t.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("t.pkl: refused: lstm_1/w_gates has shape [80, 22], expected [22, 80]");
  }

  @Test
  void refusesAMissingArray() {
    Map<String, Map<String, PickleWriter.Arr>> net = PickleWriter.network(false, 20);
    net.get("linear").remove("b");
    byte[] file = PickleWriter.authorsFile(net);
    assertThatThrownBy(() -> AuthorsImporter.weights(file, LearnedOptimizerConfig.dm(), "m.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("m.pkl: refused: missing array linear/b [1]");
  }

  @Test
  void refusesAnExtraArray() {
    // An RNNprop file read as L2O-DM: its input projection has no place.
    byte[] file = PickleWriter.authorsFile(PickleWriter.network(true, 20));
    assertThatThrownBy(() -> AuthorsImporter.weights(file, LearnedOptimizerConfig.dm(), "r.pkl"))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("r.pkl: refused:");
  }

  @Test
  void refusesAnUnknownDigestEvenWithTheRightStructure(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("cw.l2l-0");
    Files.write(file, PickleWriter.authorsFile(PickleWriter.network(false, 20)));
    assertThatThrownBy(() -> AuthorsImporter.importFile(file))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining(file + ": refused: SHA-256 ")
        .hasMessageContaining("is not one of the seven released models");
  }

  @Test
  void refusesARealFileWithOneWeightChanged(@TempDir Path dir) throws IOException {
    byte[] b = bundled(AuthorsModel.DM_CL_IL);
    b[b.length - 10] ^= 1; // inside linear/b's data; the structure still reads
    Path file = dir.resolve("tampered");
    Files.write(file, b);
    assertThatThrownBy(() -> AuthorsImporter.importFile(file))
        .isInstanceOf(RefusedModelException.class)
        .hasMessageContaining("is not one of the seven");
  }

  // ---- helpers ----

  static byte[] bundled(AuthorsModel m) throws IOException {
    try (InputStream in = m.openBundled()) {
      assertThat(in).as("bundled " + m.relativePath()).isNotNull();
      return in.readAllBytes();
    }
  }

  private static void assertProvenance(TrainedOptimizer t, AuthorsModel m) {
    assertThat(t.training()).containsEntry("variant", m.variant()).containsEntry("origin", "authors");
    @SuppressWarnings("unchecked")
    Map<String, Object> source = (Map<String, Object>) t.training().get("source");
    assertThat(source).containsEntry("sha256", m.sha256())
        .containsEntry("repository", "VITA-Group/L2O-Training-Techniques")
        .containsEntry("commit", "0a3da557")
        .containsEntry("license", "MIT")
        .containsEntry("path", "L2O-DM & RNNProp/trained_models/" + m.relativePath());
  }

  private static void assertBlock(float[] w, WeightLayout layout, String block, PickleWriter.Arr a) {
    WeightLayout.Block b = layout.block(block);
    assertThat(Arrays.copyOfRange(w, b.offset(), b.offset() + b.size())).as(block)
        .isEqualTo(a.data());
  }
}
