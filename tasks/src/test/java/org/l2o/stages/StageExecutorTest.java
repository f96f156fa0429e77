package org.l2o.stages;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.params.ResolvedParams;
import org.l2o.protocol.StageProtocol;
import org.l2o.provenance.ToolVersion;
import org.l2o.tracking.RunStatus;

/**
 * What every task's output carries ({@code provenance.json}) and the executor's promise that an
 * output folder exists only when its stage succeeded.
 */
@SuppressWarnings("unchecked")
class StageExecutorTest {

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  @TempDir Path tmp;

  /** A stage that writes one file, or throws when told to. */
  private record FileStage(boolean fail, String message) implements Stage {
    FileStage(boolean fail) {
      this(fail, "the optimizee diverged");
    }

    @Override
    public String name() {
      return "evaluate";
    }

    @Override
    public Set<String> inputRoles() {
      return Set.of("data");
    }

    @Override
    public Record settings(ResolvedParams p) {
      return null;
    }

    @Override
    public void run(StageContext ctx) throws Exception {
      Files.writeString(ctx.out().resolve("result.txt"), "done");
      if (fail) {
        throw new IllegalStateException(message);
      }
    }
  }

  private final StringWriter printed = new StringWriter();

  private Path execute(Stage stage, Path out, TrainingStagesTest.RecordingTracker t) throws Exception {
    Path data = Files.createDirectories(tmp.resolve("data"));
    ResolvedParams p = ResolvedParams.defaults().merge(Map.of("eval_steps", 7), "test", true);
    return StageExecutor.execute(stage, "evaluate (adam/quadratic)", p,
        Map.of("data", List.of(data)), out, t, Map.of("l2o.env.host", "test-host"),
        new PrintWriter(printed, true));
  }

  @Test
  void provenanceRecordsStageToolVersionParamsInputsTimesAndEnvironment() throws Exception {
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    Instant before = Instant.now();
    Path out = execute(new FileStage(false), tmp.resolve("out"), t);

    assertThat(out.resolve("result.txt")).hasContent("done");
    Map<String, Object> prov = new ObjectMapper().readValue(
        out.resolve(StageProtocol.PROVENANCE_FILE).toFile(), MAP);
    assertThat(prov.get("stage")).isEqualTo("evaluate");
    assertThat(prov.get("tool_version")).isEqualTo(ToolVersion.current());
    assertThat((Map<String, Object>) prov.get("params")).containsEntry("eval_steps", 7);
    assertThat((Map<String, Object>) prov.get("inputs")).containsEntry("data",
        List.of(tmp.resolve("data").toString()));
    Instant started = Instant.parse((String) prov.get("started"));
    Instant finished = Instant.parse((String) prov.get("finished"));
    assertThat(started).isAfterOrEqualTo(before.minusMillis(1));
    assertThat(finished).isAfterOrEqualTo(started);
    // The stage process's CPU time: here the test JVM's, which has certainly spent some.
    assertThat(prov.get(StageExecutor.CPU_SECONDS)).isInstanceOfSatisfying(Number.class,
        cpu -> assertThat(cpu.doubleValue()).isPositive());
    assertThat((String) prov.get("java")).contains(System.getProperty("java.version"));
    assertThat((String) prov.get("os")).startsWith(System.getProperty("os.name"));
    assertThat((Map<String, Object>) prov.get("environment")).containsEntry("l2o.env.host", "test-host");
    assertThat(t.artifacts).contains(StageProtocol.PROVENANCE_FILE);
    assertThat(t.ended).isEqualTo(RunStatus.FINISHED);
  }

  @Test
  void aFailingStageLeavesNoOutputFolderAndEndsTheRunFailed() throws Exception {
    TrainingStagesTest.RecordingTracker t = new TrainingStagesTest.RecordingTracker();
    Path out = tmp.resolve("out");
    assertThatThrownBy(() -> execute(new FileStage(true), out, t))
        .isInstanceOf(StageException.class)
        .hasMessage("evaluate: the optimizee diverged");
    assertThat(out).doesNotExist();
    assertThat(t.ended).isEqualTo(RunStatus.FAILED);
  }

  @Test
  void aMessageThatAlreadyNamesTheStageIsNotPrefixedTwice() {
    assertThatThrownBy(() -> execute(new FileStage(true, "evaluate: no such problem"),
        tmp.resolve("out"), new TrainingStagesTest.RecordingTracker()))
        .hasMessage("evaluate: no such problem");
  }

  @Test
  void aRerunReplacesThePreviousOutputWhole() throws Exception {
    Path out = tmp.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("stale.txt"), "from an older run");
    execute(new FileStage(false), out, new TrainingStagesTest.RecordingTracker());
    assertThat(out.resolve("stale.txt")).doesNotExist();
    try (Stream<Path> s = Files.list(tmp)) {
      assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp-"));
    }
  }

  @Test
  void anUndeclaredInputRoleIsAUsageError() {
    Path data = tmp.resolve("d");
    assertThatThrownBy(() -> StageExecutor.execute(new FileStage(false), "t",
        ResolvedParams.defaults(), Map.of("trained", List.of(data)), tmp.resolve("o"),
        new TrainingStagesTest.RecordingTracker(), Map.of(), new PrintWriter(printed, true)))
        .isInstanceOf(StageException.class)
        .hasMessageContaining("unknown input role 'trained'")
        .satisfies(e -> assertThat(((StageException) e).exitCode()).isEqualTo(2));
  }
}
