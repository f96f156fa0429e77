package org.l2o.nextflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.l2o.data.SyntheticDatasets;
import org.l2o.runner.PipelineDeclaration;
import org.l2o.runner.PlannedTasks;
import org.l2o.runner.ProfileParams;
import org.l2o.runner.TaskPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated pipeline for real: Nextflow 24.10 runs {@code -profile test} end to end with the
 * packaged tool ({@code bin/l2o}), on SYNTHETIC data in MNIST's file format (not MNIST) served
 * from a {@code file://} mirror with {@code data_verify=false}. Then {@code -resume} reruns
 * nothing, a new evaluation param reruns only evaluate and plot, and the Java runner ({@code l2o
 * run}) computes byte-identical evaluation curves from the same params.
 *
 * <p>The methods share one Nextflow launch folder and run in order: each builds on the first run.
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NextflowPipelineIT {

  static final Duration RUN_TIMEOUT = Duration.ofMinutes(30);
  /** More than the 5,000 examples the fetch holds out of the training split (as the authors do). */
  static final int SYNTHETIC_TRAIN = 6000;
  static final int SYNTHETIC_TEST = 1000;
  static final long SYNTHETIC_SEED = 2020L;

  @TempDir
  static Path shared;

  private static NextflowHarness nextflow;
  private static Path launch;
  private static Map<String, String> env;
  private static PlannedTasks planned;
  private static List<NextflowRuns.Task> firstTrace;

  @BeforeAll
  static void syntheticMirrorAndParams() throws Exception {
    requireDistribution();
    nextflow = NextflowHarness.create();
    launch = Files.createDirectories(shared.resolve("launch"));
    env = Map.of("L2O_DATA_CACHE", Files.createDirectories(shared.resolve("data-cache")).toString());
    writeSyntheticParams(shared, launch.resolve("synthetic.yaml"), "");
    planned = PipelineDeclaration.plan(ProfileParams.resolve("smoke", launch.resolve("synthetic.yaml"), List.of()));
  }

  /** The packaged tool that {@code pipeline/bin/l2o} runs; failsafe runs after {@code package}. */
  static void requireDistribution() {
    Path module = NextflowHarness.pipelineModuleDir();
    if (!Files.isRegularFile(module.resolve("target/l2o.jar")) || !Files.isDirectory(module.resolve("target/dist/lib"))) {
      throw new IllegalStateException("no packaged tool under " + module.resolve("target")
          + "; these integration tests run after `mvn package` (mvn -Pall-tests verify)");
    }
  }

  /**
   * Writes SYNTHETIC MNIST-format files into {@code root/mirror} and a params file pointing the fetch
   * at them; {@code extraYaml} is appended.
   */
  static void writeSyntheticParams(Path root, Path paramsFile, String extraYaml) throws Exception {
    var mirror = SyntheticDatasets.writeMnistLike(root.resolve("synthetic-mnist-mirror"), SYNTHETIC_TRAIN,
        SYNTHETIC_TEST, SYNTHETIC_SEED);
    Files.writeString(paramsFile, "# SYNTHETIC data in MNIST's file format, not MNIST: unverifiable by design.\n"
        + "data_mirrors: \"" + mirror + "\"\n"
        + "data_verify: false\n" + extraYaml);
  }

  private static List<NextflowRuns.Task> run(String trace, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", NextflowHarness.pipelineModuleDir().toString(),
        "-profile", "test", "-params-file", "synthetic.yaml", "-with-trace", trace));
    args.addAll(List.of(extra));
    NextflowHarness.Result r = nextflow.run(launch, env, RUN_TIMEOUT, args);
    System.out.printf("nextflow %s: %d s%n", String.join(" ", extra), r.elapsed().toSeconds());
    assertThat(r.succeeded()).as(r.describe()).isTrue();
    return NextflowRuns.trace(launch.resolve(trace));
  }

  private static String nameOf(TaskPlan t) {
    return "L2O:L2O_" + t.stage().toUpperCase().replace('-', '_') + " (" + t.id() + ")";
  }

  private static NextflowRuns.Task taskOf(List<NextflowRuns.Task> trace, TaskPlan t) {
    return trace.stream().filter(r -> r.name().equals(nameOf(t))).findFirst()
        .orElseThrow(() -> new AssertionError(nameOf(t) + " is not in the trace"));
  }

  @Test
  @Order(1)
  void testProfileRunsEndToEndOnSyntheticData() throws Exception {
    firstTrace = run("trace-1.tsv");

    assertThat(firstTrace).hasSize(planned.all().size() + 1).allMatch(t -> t.status().equals("COMPLETED"));
    Path results = launch.resolve("results");
    for (TaskPlan t : planned.of("evaluate")) {
      Path curves = NextflowRuns.workDir(launch, taskOf(firstTrace, t)).resolve(t.folderName()).resolve("curves.f32");
      assertThat(curves).as(t.name()).isRegularFile();
      assertThat(Files.size(curves)).as(t.name()).isPositive();
      assertThat(results.resolve("evaluate").resolve(t.folderName()).resolve("curves.f32")).hasSameBinaryContentAs(curves);
    }
    // Published where `l2o run` puts them: results/plot/report.md, not results/plot/figures/.
    assertThat(results.resolve("plot").resolve("report.md")).isRegularFile();
    assertThat(results.resolve("plot").resolve("table.csv")).isRegularFile();
    assertThat(results.resolve("fetch").resolve("manifest.json")).isRegularFile();
    String versions = NextflowRuns.read(NextflowRuns.workDir(launch, taskOf(firstTrace, planned.single("fetch")))
        .resolve("versions.yml"));
    assertThat(versions).contains("l2o: \"l2o 0.1.0+");
    try (var info = Files.list(results.resolve("pipeline_info"))) {
      // The trace itself goes where -with-trace sends it (trace-1.tsv); the report stays here.
      assertThat(info.map(p -> p.getFileName().toString()).toList())
          .anyMatch(n -> n.startsWith("execution_report_")).anyMatch(n -> n.startsWith("execution_timeline_"));
    }
  }

  @Test
  @Order(2)
  void resumeRerunsNoTask() {
    List<NextflowRuns.Task> again = run("trace-2.tsv", "-resume");

    assertThat(again).filteredOn(t -> !t.isVersion()).hasSize(planned.all().size())
        .allMatch(t -> t.status().equals("CACHED"));
  }

  @Test
  @Order(3)
  void aNewEvaluationParamRerunsOnlyEvaluateAndPlot() {
    List<NextflowRuns.Task> changed = run("trace-3.tsv", "-resume", "--eval_steps", "120");

    Set<String> rerun = changed.stream().filter(t -> !t.isVersion() && t.status().equals("COMPLETED"))
        .map(NextflowRuns.Task::name).collect(Collectors.toCollection(TreeSet::new));
    Set<String> expected = planned.all().stream().filter(t -> t.stage().equals("evaluate") || t.stage().equals("plot"))
        .map(NextflowPipelineIT::nameOf).collect(Collectors.toCollection(TreeSet::new));
    assertThat(rerun).isEqualTo(expected);
    assertThat(changed).filteredOn(t -> !t.isVersion() && !expected.contains(t.name()))
        .allMatch(t -> t.status().equals("CACHED"));
  }

  @Test
  @Order(4)
  void theJavaRunnerComputesTheSameEvaluationCurves() throws Exception {
    Path javaOut = Files.createDirectories(shared.resolve("java-runner"));
    Path l2o = NextflowHarness.pipelineModuleDir().resolve("bin/l2o");
    List<String> command = List.of(l2o.toString(), "run", "--profile", "smoke",
        "--params-file", launch.resolve("synthetic.yaml").toString(), "--outdir", javaOut.toString(), "--no-tracking");

    NextflowHarness.Result java = NextflowHarness.execute(command, javaOut, env, RUN_TIMEOUT,
        Files.createDirectories(javaOut.resolve("logs")), "l2o-run");

    assertThat(java.succeeded()).as(java.describe()).isTrue();
    assertThat(planned.of("evaluate")).isNotEmpty();
    for (TaskPlan t : planned.of("evaluate")) {
      Path fromJava = javaOut.resolve("results/evaluate").resolve(t.folderName()).resolve("curves.f32");
      Path fromNextflow = NextflowRuns.workDir(launch, taskOf(firstTrace, t)).resolve(t.folderName()).resolve("curves.f32");
      assertThat(fromJava).as("%s: the Java runner's curves equal Nextflow's, byte for byte", t.name())
          .hasSameBinaryContentAs(fromNextflow);
    }
  }
}
