package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentCaptureTest {

  private static final Instant NOW = Instant.parse("2020-12-06T12:00:00Z");
  private static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

  @TempDir
  Path dir;

  private EnvironmentCapture capture(CommandRunner tools) throws Exception {
    return capture(tools, Map.of());
  }

  private EnvironmentCapture capture(CommandRunner tools, Map<String, String> env) throws Exception {
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "model name : Synthetic CPU\n");
    return new EnvironmentCapture(new HostProbe(cpuinfo), new GitProbe(tools), new CudaProbe(Map.of(), tools),
        env, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Stands in for git only: "rev-parse" answers a commit, "status" a modified file. */
  private static Optional<String> fakeGit(Path directory, List<String> command) {
    if (!command.get(0).equals("git")) {
      return Optional.empty();
    }
    return Optional.of(command.contains("rev-parse") ? COMMIT + "\n" : " M tracked.txt\n");
  }

  @Test
  void withoutTensorFlowEveryKeyIsPresentAndTensorFlowIsMarkedSkipped() throws Exception {
    EnvironmentInfo info = capture(EnvironmentCaptureTest::fakeGit).captureFrom(dir, false);

    List<String> captured = EnvironmentInfo.KEYS.stream()
        .filter(key -> !key.equals(EnvironmentInfo.DEVICE) && !key.equals(EnvironmentInfo.DEVICE_REASON)).toList();
    assertThat(info.asMap().keySet()).containsExactlyElementsOf(captured);
    assertThat(info.get(EnvironmentInfo.CAPTURED_AT)).isEqualTo("2020-12-06T12:00:00Z");
    assertThat(info.get(EnvironmentInfo.CPU_MODEL)).isEqualTo("Synthetic CPU");
    assertThat(info.get(EnvironmentInfo.TF_VERSION)).isEqualTo(EnvironmentInfo.SKIPPED);
    assertThat(info.get(EnvironmentInfo.TF_DEVICES)).isEqualTo(EnvironmentInfo.SKIPPED);
    assertThat(info.get(EnvironmentInfo.TF_NATIVES)).isEqualTo(TensorFlowProbe.javacppPlatform());
    assertThat(info.get(EnvironmentInfo.CUDA_VERSION)).isEqualTo(EnvironmentInfo.NONE);
    assertThat(info.get(EnvironmentInfo.GPU_DEVICES)).isEqualTo(EnvironmentInfo.NONE);
    assertThat(info.get(EnvironmentInfo.GIT_COMMIT)).isEqualTo(COMMIT);
    assertThat(info.get(EnvironmentInfo.GIT_DIRTY)).isEqualTo("true");
  }

  @Test
  void withoutGitTheCommitIsUnknown() throws Exception {
    EnvironmentInfo info = capture((directory, command) -> Optional.empty()).captureFrom(dir, false);

    assertThat(info.get(EnvironmentInfo.GIT_COMMIT)).isEqualTo(EnvironmentInfo.UNKNOWN);
    assertThat(info.get(EnvironmentInfo.GIT_DIRTY)).isEqualTo(EnvironmentInfo.UNKNOWN);
    assertThat(info.asTags()).containsEntry("l2o.env.git.commit", EnvironmentInfo.UNKNOWN);
  }

  @Test
  void withoutGitTheCommitBakedIntoTheImageIsUsed() throws Exception {
    Map<String, String> env = Map.of(EnvironmentCapture.GIT_COMMIT_ENV, "feedface", EnvironmentCapture.GIT_DIRTY_ENV, "false");

    EnvironmentInfo info = capture((directory, command) -> Optional.empty(), env).captureFrom(dir, false);

    assertThat(info.get(EnvironmentInfo.GIT_COMMIT)).isEqualTo("feedface");
    assertThat(info.get(EnvironmentInfo.GIT_DIRTY)).isEqualTo("false");
  }

  @Test
  void gitWinsOverTheBakedCommit() throws Exception {
    Map<String, String> env = Map.of(EnvironmentCapture.GIT_COMMIT_ENV, "feedface", EnvironmentCapture.GIT_DIRTY_ENV, "false");

    EnvironmentInfo info = capture(EnvironmentCaptureTest::fakeGit, env).captureFrom(dir, false);

    assertThat(info.get(EnvironmentInfo.GIT_COMMIT)).isEqualTo(COMMIT);
    assertThat(info.get(EnvironmentInfo.GIT_DIRTY)).isEqualTo("true");
  }

  /** Loads the real TensorFlow natives (1-8 s): the version and the CPU device come from TF itself. */
  @Test
  void withTensorFlowTheVersionAndTheCpuDeviceAreListed() throws Exception {
    EnvironmentInfo info = capture((directory, command) -> Optional.empty()).captureFrom(dir, true);

    assertThat(info.get(EnvironmentInfo.TF_VERSION)).isEqualTo(org.tensorflow.TensorFlow.version()).startsWith("2.");
    assertThat(info.get(EnvironmentInfo.TF_DEVICES).split(",")).contains("/device:CPU:0");
  }

  @Test
  void staticCaptureOfThisCheckoutWritesReadableJson() {
    EnvironmentInfo info = EnvironmentCapture.capture(false);
    Path file = dir.resolve("environment.json");

    info.writeJson(file);

    assertThat(EnvironmentInfo.readJson(file)).isEqualTo(info);
    assertThat(info.get(EnvironmentInfo.JDK_VERSION)).isEqualTo(System.getProperty("java.runtime.version"));
  }
}
