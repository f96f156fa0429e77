package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {

  @TempDir Path dir;

  /** A record whose channel c at pixel p holds (p + 80c) mod 256, labelled {@code label}. */
  static byte[] record(int label) {
    byte[] r = new byte[CifarReader.RECORD_BYTES];
    r[0] = (byte) label;
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < 1024; p++) {
        r[1 + c * 1024 + p] = (byte) ((p + 80 * c) % 256);
      }
    }
    return r;
  }

  /** Batch k (1-based) holds {@code k} records labelled k-1; the test batch two labelled 9. */
  Path tarball() throws IOException {
    Map<String, byte[]> batches = new LinkedHashMap<>();
    for (int k = 1; k <= 5; k++) {
      byte[] b = new byte[k * CifarReader.RECORD_BYTES];
      for (int i = 0; i < k; i++) {
        System.arraycopy(record(k - 1), 0, b, i * CifarReader.RECORD_BYTES,
            CifarReader.RECORD_BYTES);
      }
      batches.put("data_batch_" + k, b);
    }
    byte[] test = new byte[2 * CifarReader.RECORD_BYTES];
    System.arraycopy(record(9), 0, test, 0, CifarReader.RECORD_BYTES);
    System.arraycopy(record(9), 0, test, CifarReader.RECORD_BYTES, CifarReader.RECORD_BYTES);
    batches.put("test_batch", test);
    return Files.write(
        dir.resolve("cifar-10-binary.tar.gz"), SyntheticDatasets.cifarTarGz(batches));
  }

  @Test
  void channelsFirstRecordsBecomeNhwcScaledToUnit() throws IOException {
    Dataset d = CifarReader.read(tarball(), "test", false);

    assertThat(d.count()).isEqualTo(2);
    assertThat(d.height()).isEqualTo(32);
    assertThat(d.width()).isEqualTo(32);
    assertThat(d.channels()).isEqualTo(3);
    for (int p : new int[] {0, 1, 33, 1023}) {
      for (int c = 0; c < 3; c++) {
        float expected = ((p + 80 * c) % 256) / 255f;
        assertThat(d.images()[p * 3 + c]).as("pixel %d channel %d", p, c).isEqualTo(expected);
        assertThat(d.images()[3072 + p * 3 + c]).isEqualTo(expected);
      }
    }
  }

  @Test
  void trainSplitConcatenatesTheFiveBatchesInOrder() throws IOException {
    Dataset d = CifarReader.read(tarball(), "train", true);

    assertThat(d.count()).isEqualTo(1 + 2 + 3 + 4 + 5);
    assertThat(d.labels()).containsExactly(0, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 4);
    assertThat(d.verified()).isTrue();
  }

  @Test
  void missingBatchIsNamed() throws IOException {
    Map<String, byte[]> batches = new LinkedHashMap<>();
    batches.put("data_batch_1", record(0));
    Path p = Files.write(dir.resolve("t.tar.gz"), SyntheticDatasets.cifarTarGz(batches));

    assertThatThrownBy(() -> CifarReader.read(p, "train", false))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("no cifar-10-batches-bin/data_batch_2.bin inside");
  }

  @Test
  void unknownSplitIsACallerMistake() {
    assertThatThrownBy(() -> CifarReader.read(dir.resolve("x"), "valid", false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected train or test");
  }
}
