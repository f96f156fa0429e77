package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  /** Two 2x3 images: 0..5 and 250..255, labels 3 and 9. */
  static final byte[] PIXELS = {0, 1, 2, 3, 4, 5, (byte) 250, (byte) 251, (byte) 252, (byte) 253,
      (byte) 254, (byte) 255};
  static final byte[] LABELS = {3, 9};

  Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  @Test
  void gzippedAndRawFilesReadIdentically() throws IOException {
    byte[] raw = SyntheticDatasets.idxImages(2, 2, 3, PIXELS);
    IdxReader.Images a = IdxReader.readImages(write("a", raw));
    IdxReader.Images b = IdxReader.readImages(write("b.gz", SyntheticDatasets.gzip(raw)));

    assertThat(a.count()).isEqualTo(2);
    assertThat(a.rows()).isEqualTo(2);
    assertThat(a.cols()).isEqualTo(3);
    assertThat(a.pixels()).isEqualTo(PIXELS).isEqualTo(b.pixels());
  }

  @Test
  void datasetScalesPixelsByOneOver255AndKeepsLabels() throws IOException {
    Path images =
        write("i.gz", SyntheticDatasets.gzip(SyntheticDatasets.idxImages(2, 2, 3, PIXELS)));
    Path labels = write("l.gz", SyntheticDatasets.gzip(SyntheticDatasets.idxLabels(LABELS)));

    Dataset d = IdxReader.read("synthetic", "train", images, labels, 10, false);

    assertThat(d.count()).isEqualTo(2);
    assertThat(d.height()).isEqualTo(2);
    assertThat(d.width()).isEqualTo(3);
    assertThat(d.channels()).isEqualTo(1);
    assertThat(d.labels()).containsExactly(3, 9);
    for (int i = 0; i < PIXELS.length; i++) {
      assertThat(d.images()[i]).isCloseTo((PIXELS[i] & 0xff) / 255f, within(1e-7f));
    }
    assertThat(d.images()[11]).isEqualTo(1f);
    assertThat(d.images()[0]).isEqualTo(0f);
  }

  @Test
  void wrongMagicNumberNamesBothNumbers() throws IOException {
    Path labels = write("l", SyntheticDatasets.idxLabels(LABELS));

    assertThatThrownBy(() -> IdxReader.readImages(labels))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("magic number 2049 (an IDX labels file), expected 2051");
  }

  @Test
  void payloadShorterThanTheHeaderSaysIsATruncation() throws IOException {
    byte[] raw = SyntheticDatasets.idxImages(2, 2, 3, PIXELS);
    Path p = write("i", Arrays.copyOf(raw, raw.length - 1));

    assertThatThrownBy(() -> IdxReader.readImages(p))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("header declares 2 examples (12 bytes) but only 11 bytes follow");
  }

  @Test
  void bytesAfterTheDeclaredExamplesAreRejected() throws IOException {
    byte[] raw = SyntheticDatasets.idxLabels(LABELS);
    Path p = write("l", Arrays.copyOf(raw, raw.length + 1));

    assertThatThrownBy(() -> IdxReader.readLabels(p))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("data continues after the 2 examples");
  }

  @Test
  void truncatedGzipIsReportedAsSuch() throws IOException {
    byte[] gz = SyntheticDatasets.gzip(SyntheticDatasets.idxImages(2, 2, 3, PIXELS));
    Path p = write("i.gz", Arrays.copyOf(gz, gz.length - 10));

    assertThatThrownBy(() -> IdxReader.readImages(p))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("truncated or corrupt gzip");
  }

  @Test
  void shortHeaderIsReported() throws IOException {
    Path p = write("i", new byte[] {0, 0, 8, 3, 0, 0});

    assertThatThrownBy(() -> IdxReader.readImages(p))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("header truncated: 2 of 12 dimension bytes");
  }

  @Test
  void labelOutsideTheClassRangeIsRejected() throws IOException {
    Path images = write("i", SyntheticDatasets.idxImages(2, 2, 3, PIXELS));
    Path labels = write("l", SyntheticDatasets.idxLabels(new byte[] {1, 10}));

    assertThatThrownBy(() -> IdxReader.read("s", "train", images, labels, 10, false))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("label 10 at index 1, expected [0, 10)");
  }

  @Test
  void differentImageAndLabelCountsAreRejected() throws IOException {
    Path images = write("i", SyntheticDatasets.idxImages(2, 2, 3, PIXELS));
    Path labels = write("l", SyntheticDatasets.idxLabels(new byte[] {1}));

    assertThatThrownBy(() -> IdxReader.read("s", "train", images, labels, 10, false))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("holds 2 images but l holds 1 labels");
  }
}
