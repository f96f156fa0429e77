package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentReportTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  @TempDir
  Path dir;

  private int run(String... args) {
    return EnvironmentReport.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsTheCaptureAsJsonWithTheChosenDevice() throws Exception {
    int code = run("--no-tensorflow", "--device", "cpu");

    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    @SuppressWarnings("unchecked")
    Map<String, String> json = new ObjectMapper().readValue(out.toString(StandardCharsets.UTF_8), Map.class);
    assertThat(json).containsEntry(EnvironmentInfo.TF_VERSION, EnvironmentInfo.SKIPPED)
        .containsEntry(EnvironmentInfo.DEVICE, "CPU /device:CPU:0")
        .containsKey(EnvironmentInfo.JDK_VERSION);
  }

  @Test
  void writesToAFileWhenAsked() {
    Path file = dir.resolve("env.json");

    assertThat(run("--no-tensorflow", "--out", file.toString())).isZero();

    assertThat(EnvironmentInfo.readJson(file).get(EnvironmentInfo.TF_VERSION)).isEqualTo(EnvironmentInfo.SKIPPED);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  /** This machine has CPU natives and no GPU, so a GPU check must fail with exit code 1. */
  @Test
  void gpuCheckOnAMachineWithoutAGpuExitsOne() {
    assertThat(run("--no-tensorflow", "--device", "gpu")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("device=gpu requested").contains("mvn -Pgpu package");
  }

  @Test
  void badUsageExitsTwoWithTheUsageLine() {
    assertThat(run("--devcie", "gpu")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown option '--devcie'").contains(EnvironmentReport.USAGE);
    err.reset();
    assertThat(run("--device")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--device needs a value");
  }
}
