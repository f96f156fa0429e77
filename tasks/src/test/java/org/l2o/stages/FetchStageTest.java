package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.data.FetchedData;
import org.l2o.data.FetchedFile;
import org.l2o.data.Manifest;
import org.l2o.data.QuietLogs;
import org.l2o.data.SyntheticDatasets;
import org.l2o.engine.MetricKeys;
import org.l2o.params.ResolvedParams;
import org.l2o.tracking.Tags;

/**
 * The fetch stage as the runner calls it, from a local file:// mirror of SYNTHETIC MNIST-like data
 * (generated here, only MNIST's file names and layout): what it writes, tags and prints, the data
 * cache on a second fetch, and failures that name the param or URL at fault.
 */
class FetchStageTest {

  private static final List<String> FILES = List.of("train-images-idx3-ubyte.gz",
      "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz");

  @TempDir Path tmp;

  private URI mirror;
  private final StringWriter printed = new StringWriter();

  @BeforeAll
  static void quietFetchLogs() {
    QuietLogs.data();
  }

  @BeforeEach
  void writeMirror() throws Exception {
    mirror = SyntheticDatasets.writeMnistLike(tmp.resolve("mirror"), 100, 20, 5);
  }

  private ResolvedParams params(Map<String, Object> extra) {
    Map<String, Object> raw = new HashMap<>(Map.of(
        "datasets", List.of("mnist"),
        "data_mirrors", mirror.toString(),
        "data_verify", false,
        "data_cache", tmp.resolve("cache").toString(),
        "offline", false));
    raw.putAll(extra);
    return ResolvedParams.defaults().merge(raw, "test", true);
  }

  private StageContext context(String name, Map<String, Object> extra,
      TrainingStagesTest.RecordingTracker t) throws Exception {
    Path out = tmp.resolve("out-" + name);
    Files.createDirectories(out);
    return new StageContext("test " + name, params(extra), Map.of(), out, t, out,
        new PrintWriter(printed, true));
  }

  /** Runs the stage under the executor, as {@code l2o stage fetch} does, and returns its failure. */
  private StageException failure(String name, Map<String, Object> extra) {
    Path out = tmp.resolve("out-" + name);
    Throwable thrown = catchThrowable(() -> StageExecutor.execute(
        Stages.byName("fetch"), "test " + name, params(extra), Map.of(), out,
        new TrainingStagesTest.RecordingTracker(), Map.of(), new PrintWriter(printed, true)));
    assertThat(thrown).isInstanceOf(StageException.class);
    assertThat(out).as("a failed task leaves no output folder").doesNotExist();
    return (StageException) thrown;
  }

  @Test
  void fetchesAFileMirrorIntoTheOutputAndMarksItUnverified() throws Exception {
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    StageContext ctx = context("first", Map.of(), t);

    Stages.byName("fetch").run(ctx);

    Manifest m = Manifest.read(ctx.out());
    assertThat(m.verified()).isFalse();
    assertThat(m.datasets()).containsOnlyKeys("mnist");
    Manifest.DatasetEntry mnist = m.datasets().get("mnist");
    assertThat(mnist.verified()).isFalse();
    assertThat(mnist.files()).extracting(FetchedFile::name).containsExactlyInAnyOrderElementsOf(FILES);
    assertThat(mnist.files()).allSatisfy(f -> {
      assertThat(f.verified()).isFalse();
      assertThat(f.source()).startsWith(mirror.toString());
    });
    assertThat(mnist.splits().get("train").count()).isEqualTo(100);
    assertThat(mnist.splits().get("test").count()).isEqualTo(20);
    for (String f : FILES) {
      assertThat(ctx.out().resolve("mnist").resolve(f)).isRegularFile();
    }
    FetchedData data = FetchedData.open(ctx.out());
    assertThat(data.verified()).isFalse();
    assertThat(data.load("mnist", "test").count()).isEqualTo(20);

    assertThat(t.tags).containsEntry(Tags.DATA_VERIFIED, "false");
    assertThat(t.metrics).containsExactlyInAnyOrder(MetricKeys.FILES_DOWNLOADED,
        MetricKeys.FILES_FROM_CACHE);
    assertThat(t.artifacts).containsExactly(Manifest.FILE_NAME);
    assertThat(printed.toString())
        .contains("WARNING: UNVERIFIED DATA (data_verify=false)")
        .contains("mnist/train-images-idx3-ubyte.gz from " + mirror)
        .contains("fetch: [mnist] (4 downloaded, 0 from the cache " + tmp.resolve("cache")
            + ", UNVERIFIED)");
  }

  @Test
  void aSecondFetchTakesTheFilesFromTheCacheEvenOffline() throws Exception {
    Stages.byName("fetch").run(context("first", Map.of(), new TrainingStagesTest.RecordingTracker()));
    printed.getBuffer().setLength(0);

    StageContext again = context("again", Map.of("offline", true),
        new TrainingStagesTest.RecordingTracker());
    Stages.byName("fetch").run(again);

    assertThat(printed.toString()).contains("fetch: [mnist] (0 downloaded, 4 from the cache");
    assertThat(Manifest.read(again.out()).datasets().get("mnist").files())
        .extracting(FetchedFile::sha256)
        .containsExactlyElementsOf(Manifest.read(tmp.resolve("out-first")).datasets().get("mnist")
            .files().stream().map(FetchedFile::sha256).toList());

    StageException e = failure("offline-empty", Map.of("offline", true,
        "data_cache", tmp.resolve("empty-cache").toString()));
    assertThat(e).hasMessageContaining("offline and not in the data cache " + tmp.resolve("empty-cache"))
        .hasMessageContaining("mnist/train-images-idx3-ubyte.gz");
  }

  @Test
  void verificationRefusesTheSyntheticFilesAndSaysHowToAcceptThem() {
    StageException e = failure("verified", Map.of("data_verify", true));
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e).hasMessageContaining("no mirror gave a verified copy of mnist/")
        .hasMessageContaining(tmp.resolve("mirror").toUri().toString())
        .hasMessageContaining("data_verify=false");
  }

  @Test
  void aMirrorThatDoesNotExistIsNamed() {
    Path nowhere = tmp.resolve("nowhere");
    StageException e = failure("nowhere", Map.of("data_mirrors", nowhere.toString()));
    assertThat(e.exitCode()).isEqualTo(1);
    assertThat(e).hasMessageContaining("no mirror gave a readable copy of mnist/")
        .hasMessageContaining(nowhere.toUri() + "/mnist/train-images-idx3-ubyte.gz: no such file")
        .hasMessageContaining("data_mirrors");
  }

  @Test
  void aMirrorOfAnotherSchemeIsBadInputNamingTheParam() {
    StageException e = failure("ftp", Map.of("data_mirrors", "ftp://example.org/data"));
    assertThat(e.exitCode()).as("bad input, not a failed fetch").isEqualTo(2);
    assertThat(e).hasMessageContaining("data_mirrors")
        .hasMessageContaining("'ftp://example.org/data'");
  }
}
