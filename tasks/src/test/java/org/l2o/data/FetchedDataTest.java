package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a fetch output directory, on SYNTHETIC data served from a file:// mirror. */
class FetchedDataTest {

  @TempDir Path tmp;

  @BeforeAll
  static void quiet() {
    QuietLogs.data();
  }

  FetchResult fetchSynthetic(int nTrain, int nTest) throws IOException {
    Path mirror = tmp.resolve("mirror");
    SyntheticDatasets.writeMnistLike(mirror, nTrain, nTest, 5);
    FetchRequest r = new FetchRequest(List.of("mnist"), List.of(mirror.toUri()), false, false,
        tmp.resolve("cache"));
    return new DataFetcher(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(5), 2,
        new PrintStream(PrintStream.nullOutputStream())).fetch(r, tmp.resolve("out"));
  }

  @Test
  void metaTrainIsTheTrainingSplitAfterTheFirst5000() throws IOException {
    FetchResult r = fetchSynthetic(5_100, 10);
    FetchedData data = FetchedData.open(tmp.resolve("out"));

    Dataset train = data.load("mnist", "train");
    Dataset meta = data.mnistMetaTrain();

    assertThat(meta.count()).isEqualTo(100);
    assertThat(meta.labels()).containsExactly(train.slice(5_000, 5_100).labels());
    assertThat(meta.images()).containsExactly(train.slice(5_000, 5_100).images());
    Manifest.SplitEntry recorded = r.manifest().datasets().get("mnist").splits().get("meta_train");
    assertThat(recorded.count()).isEqualTo(100);
    int[] counts = meta.classCounts();
    for (int c = 0; c < 10; c++) {
      assertThat(recorded.classCounts().get(c)).isEqualTo(counts[c]);
    }
  }

  @Test
  void metaTrainNeedsMoreThanTheHeldOutExamples() throws IOException {
    fetchSynthetic(100, 10);
    FetchedData data = FetchedData.open(tmp.resolve("out"));

    assertThat(data.manifest().datasets().get("mnist").splits()).doesNotContainKey("meta_train");
    assertThatThrownBy(data::mnistMetaTrain)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mnist/train holds 100 examples")
        .hasMessageContaining("more than 5000");
  }

  @Test
  void loadedSplitsCarryTheManifestsVerifiedFlagAndShape() throws IOException {
    fetchSynthetic(100, 30);
    FetchedData data = FetchedData.open(tmp.resolve("out"));

    Dataset test = data.load("mnist", "test");

    assertThat(data.verified()).isFalse();
    assertThat(test.verified()).isFalse();
    assertThat(test.count()).isEqualTo(30);
    assertThat(test.featureSize()).isEqualTo(784);
    for (float v : test.images()) {
      assertThat(v).isBetween(0f, 1f);
    }
    assertThat(data.datasets()).containsExactly("mnist");
  }

  @Test
  void aFileChangedAfterTheFetchIsRefused() throws IOException {
    fetchSynthetic(100, 10);
    Path f = tmp.resolve("out/mnist/" + OfficialDatasets.TEST_LABELS);
    Files.delete(f); // do not write through the hard link into the cache
    Files.write(f, SyntheticDatasets.gzip(SyntheticDatasets.idxLabels(new byte[3])));
    FetchedData data = FetchedData.open(tmp.resolve("out"));

    assertThatThrownBy(() -> data.load("mnist", "test"))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(f.toString())
        .hasMessageContaining("changed after the fetch");
  }

  @Test
  void datasetOrSplitNotFetchedIsNamed() throws IOException {
    fetchSynthetic(100, 10);
    FetchedData data = FetchedData.open(tmp.resolve("out"));

    assertThatThrownBy(() -> data.load("cifar10", "train"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cifar10 was not fetched into");
    assertThatThrownBy(() -> data.load("mnist", "valid"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown split 'valid'");
  }

  @Test
  void directoryWithoutManifestIsNotAFetch() {
    assertThatThrownBy(() -> FetchedData.open(tmp))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("no manifest.json in " + tmp);
  }
}
