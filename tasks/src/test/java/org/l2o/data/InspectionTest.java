package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a downloaded file is judged against official digests (on SYNTHETIC files). */
class InspectionTest {

  @TempDir Path dir;

  static final DatasetSpec MNIST = OfficialDatasets.get("mnist");

  static byte[] gzipFast(byte[] raw) throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bos) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      gz.write(raw);
    }
    return bos.toByteArray();
  }

  byte[] labelsPayload() {
    byte[] labels = new byte[1000];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = (byte) ((i * 7) % 10);
    }
    return SyntheticDatasets.idxLabels(labels);
  }

  @Test
  void reCompressedCopyIsGenuineByItsPayloadDigest() throws IOException {
    Path original = Files.write(dir.resolve("a.gz"), SyntheticDatasets.gzip(labelsPayload()));
    Path recompressed = Files.write(dir.resolve("b.gz"), gzipFast(labelsPayload()));
    RemoteFile probe = new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, null, null, null);
    Inspection a = FileInspector.inspect(original, probe, MNIST);
    RemoteFile official = new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, a.sha256(), null,
        a.payloadSha256());

    Inspection b = FileInspector.inspect(recompressed, official, MNIST);

    assertThat(b.sha256()).isNotEqualTo(a.sha256());
    assertThat(b.payloadSha256()).isEqualTo(a.payloadSha256());
    assertThat(b.against(official).genuine()).isTrue();
    assertThat(b.against(official).check()).isEqualTo("payload-sha256");
  }

  @Test
  void withoutAPayloadDigestOnlyTheArchiveDigestCounts() throws IOException {
    Path original = Files.write(dir.resolve("a.gz"), SyntheticDatasets.gzip(labelsPayload()));
    Path recompressed = Files.write(dir.resolve("b.gz"), gzipFast(labelsPayload()));
    RemoteFile probe = new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, null, null, null);
    Inspection a = FileInspector.inspect(original, probe, MNIST);
    RemoteFile official =
        new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, a.sha256(), null, null);

    Inspection b = FileInspector.inspect(recompressed, official, MNIST);

    assertThat(a.against(official).check()).isEqualTo("archive-sha256");
    assertThat(b.against(official).genuine()).isFalse();
    assertThat(b.against(official).detail())
        .isEqualTo("sha256 mismatch: expected " + a.sha256() + ", got " + b.sha256());
  }

  @Test
  void md5MatchIsEnoughWhereUpstreamPublishesOnlyMd5() throws IOException {
    Path f = Files.write(dir.resolve("a.gz"), SyntheticDatasets.gzip(labelsPayload()));
    RemoteFile probe = new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, null, null, null);
    Inspection a = FileInspector.inspect(f, probe, MNIST);
    RemoteFile official = new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, null, a.md5(), null);

    assertThat(a.against(official).check()).isEqualTo("archive-md5");
    assertThat(a.md5()).hasSize(32);
    assertThat(a.against(probe).genuine()).isFalse();
    assertThat(a.against(probe).detail()).contains("no official checksum is known");
  }

  @Test
  void inspectionCountsLabelsPerClassAndPayloadBytes() throws IOException {
    Path f = Files.write(dir.resolve("a.gz"), SyntheticDatasets.gzip(labelsPayload()));
    RemoteFile probe = new RemoteFile("x", RemoteFile.Kind.IDX_LABELS, -1, null, null, null);

    Inspection a = FileInspector.inspect(f, probe, MNIST);

    assertThat(a.payloadBytes()).isEqualTo(8 + 1000);
    assertThat(a.bytes()).isEqualTo(Files.size(f));
    assertThat(a.sha256()).isEqualTo(FileInspector.sha256(f));
    // (7i mod 10) visits every class once per 10 consecutive i
    assertThat(a.parts().get(0).classCounts()).containsOnly(100);
  }
}
