package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.authors.AuthorsImporter;
import org.l2o.authors.AuthorsModel;
import org.l2o.curves.CurveSummary;
import org.l2o.curves.LossCurves;
import org.l2o.data.DataFetcher;
import org.l2o.data.FetchRequest;
import org.l2o.data.QuietLogs;
import org.l2o.data.SyntheticDatasets;
import org.l2o.params.ResolvedParams;
import org.l2o.tracking.Tags;

/**
 * The evaluate stage on the authors' released models, on a small SYNTHETIC MNIST-like data set (made
 * up here, not MNIST): it imports the bundled file by itself, or takes an import-authors folder of
 * the same model (same curves), tags the run as the authors', and refuses another model's folder.
 */
class EvaluateAuthorsStageTest {

  @TempDir Path tmp;

  @BeforeAll
  static void quietFetchLogs() {
    QuietLogs.data();
  }

  private Path data() throws IOException {
    Path mirror = tmp.resolve("mirror");
    SyntheticDatasets.writeMnistLike(mirror, 100, 50, 5);
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(mirror.toUri()), false, false,
        tmp.resolve("cache"));
    new DataFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        new PrintStream(PrintStream.nullOutputStream())).fetch(r, tmp.resolve("data"));
    return tmp.resolve("data");
  }

  private StageContext context(String name, Path data, Path trained,
      TrainingStagesTest.RecordingTracker t) throws IOException {
    ResolvedParams p = ResolvedParams.defaults().merge(Map.of(
        "optimizer", "authors-dm-cl-il", "problem", "mlp-orig", "eval_steps", 15,
        "eval_seeds", 2, "device", "cpu"), "test", true);
    Path out = tmp.resolve(name);
    Files.createDirectories(out);
    Map<String, List<Path>> in = new HashMap<>();
    in.put("data", List.of(data));
    if (trained != null) {
      in.put("trained", List.of(trained));
    }
    return new StageContext("evaluate (" + name + ")", p, in, out, t);
  }

  @Test
  void importsTheBundledModelOrTheSameImportFolderAndTagsTheRunAsTheAuthors() throws Exception {
    Path data = data();
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    StageContext bundled = context("bundled", data, null, t);
    Stages.byName("evaluate").run(bundled);

    assertThat(t.tags).containsEntry(Tags.ORIGIN, "authors")
        .containsEntry(Tags.VARIANT, "authors-dm-cl-il");
    LossCurves curves = LossCurves.read(bundled.out());
    assertThat(curves.optimizer()).isEqualTo("authors-dm-cl-il");
    assertThat(curves.meta()).containsEntry("origin", "authors")
        .containsEntry("authors_sha256", AuthorsModel.DM_CL_IL.sha256());
    CurveSummary s = CurveSummary.of(curves);
    assertThat(s.seeds()).isEqualTo(2);
    assertThat(s.steps()).isEqualTo(16);

    Path imported = tmp.resolve("imported");
    AuthorsImporter.importBundled(AuthorsModel.DM_CL_IL).save(imported);
    StageContext fromFolder = context("folder", data, imported,
        new TrainingStagesTest.RecordingTracker());
    Stages.byName("evaluate").run(fromFolder);
    assertThat(LossCurves.read(fromFolder.out()).losses())
        .as("the same weights give the same curves either way").isEqualTo(curves.losses());
  }

  @Test
  void anotherModelsImportFolderIsRefused() throws Exception {
    Path imported = tmp.resolve("imported-dm");
    AuthorsImporter.importBundled(AuthorsModel.DM).save(imported);
    StageContext ctx = context("wrong", data(), imported, new TrainingStagesTest.RecordingTracker());
    assertThatThrownBy(() -> Stages.byName("evaluate").run(ctx))
        .isInstanceOf(StageException.class)
        .hasMessageContaining("holds variant 'authors-dm'")
        .satisfies(e -> assertThat(((StageException) e).exitCode()).isEqualTo(2));
  }
}
