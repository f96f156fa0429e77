package org.l2o.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 2,000 meta-training steps on full-size MLP-orig keep native memory flat: every tensor fed or
 * fetched is closed. Resident set size after warm-up vs at the end, within a generous bound.
 */
@Tag("slow")
class MemoryTest {

  private static final long BOUND_MB = 150;

  static long rssKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS line in /proc/self/status; this check needs Linux");
  }

  @Test
  void twoThousandTrainingStepsKeepNativeMemoryFlat() throws IOException {
    long[] rss = new long[2];
    MetaTrainConfig cfg =
        MetaTrainConfig.builder()
            .epochs(20)
            .nTrain(100)
            .nValid(20)
            .validEvery(5)
            .validEpisodes(2)
            .seed(1)
            .build();
    TrainingResult r =
        new MetaTrainer(
                cfg,
                MetaTrainerTest.SYNTHETIC,
                new EngineListener() {
                  @Override
                  public void onProgress(long done, long total, String message) {
                    try {
                      if (done == 3) {
                        System.gc();
                        rss[0] = rssKb();
                      } else if (done == total) {
                        System.gc();
                        rss[1] = rssKb();
                      }
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  }
                })
            .train();
    assertThat(r.trainSteps()).isEqualTo(2000);
    long growthMb = (rss[1] - rss[0]) / 1024;
    System.out.printf("RSS after 300 steps %d MB, after 2000 steps %d MB (growth %d MB)%n",
        rss[0] / 1024, rss[1] / 1024, growthMb);
    assertThat(rss[0]).isPositive();
    assertThat(growthMb).isLessThan(BOUND_MB);
  }
}
