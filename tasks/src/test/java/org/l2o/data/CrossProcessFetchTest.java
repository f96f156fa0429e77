package org.l2o.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Two JVMs fetching the same file share one download through the cache's file lock. */
@Timeout(120)
class CrossProcessFetchTest {

  @TempDir Path tmp;

  @Test
  void processesWaitingOnTheLockDownloadEachFileOnce() throws Exception {
    Path served = tmp.resolve("served");
    SyntheticDatasets.writeMnistLike(served.resolve("mnist"), 60, 20, 3);
    Path cache = tmp.resolve("cache");
    String train = OfficialDatasets.TRAIN_IMAGES;
    try (MirrorServer server = MirrorServer.serving(served)) {
      List<Process> children = new ArrayList<>();
      List<StringBuffer> outputs = new ArrayList<>();
      CountDownLatch bothWaiting = new CountDownLatch(2);
      // Hold the lock of the first file so that both children must queue on it.
      try (DataCache.Held held = DataCache.open(cache).lock("mnist", train)) {
        for (int i = 0; i < 2; i++) {
          Process p = new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp", System.getProperty("java.class.path"),
                  FetchInChildProcess.class.getName(),
                  cache.toString(), tmp.resolve("out" + i).toString(), server.base().toString())
              .redirectErrorStream(true)
              .start();
          p.getOutputStream().close();
          children.add(p);
          StringBuffer text = new StringBuffer();
          outputs.add(text);
          Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(
                new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
              String line;
              while ((line = r.readLine()) != null) {
                text.append(line).append('\n');
                if (line.contains("waiting for another process fetching mnist/" + train)) {
                  bothWaiting.countDown();
                }
              }
            } catch (IOException e) {
              text.append(e);
            }
          });
          reader.setDaemon(true);
          reader.start();
        }
        assertThat(bothWaiting.await(60, TimeUnit.SECONDS))
            .as("both children report waiting on the lock; output: %s", outputs)
            .isTrue();
        assertThat(server.requests()).isZero();
      }
      for (Process p : children) {
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("child output: %s", outputs).isZero();
      }

      assertThat(server.requests("/mnist/" + train)).isEqualTo(1);
      assertThat(server.requests()).isEqualTo(4);
      assertThat(Files.readString(tmp.resolve("out0/manifest.json")))
          .isEqualTo(Files.readString(tmp.resolve("out1/manifest.json")));
      String all = outputs.get(0).toString() + outputs.get(1);
      assertThat(all).contains("downloaded=4 cacheHits=0").contains("downloaded=0 cacheHits=4");
    }
  }
}
