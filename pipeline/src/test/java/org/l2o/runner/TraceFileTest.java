package org.l2o.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.params.ResolvedParams;

class TraceFileTest {

  private static final Instant START = Instant.parse("2026-12-03T10:00:00Z");

  @Test
  void cpuShareIsCpuTimeOverWallTimeAsNextflowPrintsIt() {
    // 90 s of CPU in 120 s: 75%; two busy threads for 10 s: 200%.
    assertThat(TraceFile.cpuPercent(90_000, START, START.plusSeconds(120))).isEqualTo("75.0%");
    assertThat(TraceFile.cpuPercent(20_000, START, START.plusSeconds(10))).isEqualTo("200.0%");
    assertThat(TraceFile.cpuPercent(-1, START, START.plusSeconds(10))).isEqualTo("-");
    assertThat(TraceFile.cpuPercent(5, START, START)).isEqualTo("-");
  }

  @Test
  void aRowHasOneCellPerColumnWithTheCpuShareUnderItsHeader(@TempDir Path dir) throws Exception {
    TaskPlan task = new TaskPlan("evaluate", "adam/mlp-orig", ResolvedParams.defaults(), Map.of(),
        "process_single");
    Path file = dir.resolve("trace.txt");
    try (TraceFile trace = new TraceFile(file)) {
      trace.append(new TaskRecord(1, task, "ab12cd34ef", TaskStatus.COMPLETED, 0, 1, 4242, START,
          START, START.plusSeconds(200), 3L << 30, 150_000, dir, null));
      trace.append(new TaskRecord(2, task, "ab12cd34ef", TaskStatus.CACHED, 0, 0, -1, START, START,
          START, -1, -1, dir, null));
    }
    List<String> lines = Files.readAllLines(file);
    List<String> header = List.of(lines.get(0).split("\t"));
    assertThat(header).isEqualTo(TraceFile.COLUMNS).contains("%cpu", "realtime", "peak_rss");
    String[] done = lines.get(1).split("\t");
    String[] cached = lines.get(2).split("\t");
    assertThat(done).hasSize(header.size());
    assertThat(done[header.indexOf("realtime")]).isEqualTo("3m 20s");
    assertThat(done[header.indexOf("%cpu")]).isEqualTo("75.0%");
    assertThat(done[header.indexOf("peak_rss")]).isEqualTo("3.0 GB");
    assertThat(done[header.indexOf("hash")]).isEqualTo("ab/12cd34");
    assertThat(cached[header.indexOf("%cpu")]).isEqualTo("-");
  }
}
