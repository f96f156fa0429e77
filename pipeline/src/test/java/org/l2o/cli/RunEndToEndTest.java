package org.l2o.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.l2o.data.SyntheticDatasets;
import org.l2o.runner.TraceFile;

/**
 * {@code l2o run} end to end, as a user runs it: a separate JVM, real stage processes, real TF Java
 * training, on a local file:// mirror of SYNTHETIC MNIST-format data (generated here; CI has no
 * internet) accepted with data_verify=false. The smoke profile is shrunk further so the suite
 * stays quick; the full smoke profile is timed by hand (README).
 */
@Tag("slow")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunEndToEndTest {

  @TempDir static Path dir;
  static String mirror;
  /** The first smoke run, which every test starts from; its mlruns/ as it left them. */
  static CliProcess.Result first;
  static Path firstMlruns;
  static List<String[]> firstTrace;
  static Path firstResults;

  /**
   * One smoke run that every test builds on. Each test then changes params no other test uses
   * (eval_steps 30, 25, 22, 20000), so the tests pass in any order and each one alone.
   */
  @BeforeAll
  static void syntheticMirrorAndFirstRun() throws Exception {
    mirror = SyntheticDatasets.writeMnistLike(dir.resolve("mirror"), 6000, 1000, 11).toString();
    first = l2o(Map.of());
    firstTrace = traceOfLastRun();
    firstMlruns = dir.resolve("mlruns-after-first-run");
    copyTree(dir.resolve("mlruns"), firstMlruns);
    firstResults = dir.resolve("results-after-first-run");
    copyTree(dir.resolve("results"), firstResults);
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static List<String> args(String... extra) {
    List<String> a = new ArrayList<>(List.of("run", "--profile", "smoke", "--outdir", dir.toString(),
        "-p", "data_mirrors=" + mirror, "-p", "data_verify=false",
        "-p", "data_cache=" + dir.resolve("cache"),
        "-p", "meta_epochs=4", "-p", "valid_every=2", "-p", "valid_episodes=1",
        "-p", "eval_steps=40", "-p", "eval_seeds=2"));
    a.addAll(List.of(extra));
    return a;
  }

  private static CliProcess.Result l2o(Map<String, String> env, String... extra) throws Exception {
    return CliProcess.run(dir, env, args(extra).toArray(String[]::new));
  }

  private static List<String[]> traceOfLastRun() throws Exception {
    Path info = dir.resolve("results/pipeline_info");
    Path last;
    try (Stream<Path> s = Files.list(info)) {
      last = s.filter(p -> p.getFileName().toString().startsWith("execution_trace_"))
          .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified())).orElseThrow();
    }
    return Files.readAllLines(last).stream().skip(1).map(l -> l.split("\t")).toList();
  }

  /** A trace row's cell under {@code column}, Nextflow's column name. */
  private static String cell(String[] row, String column) {
    return row[TraceFile.COLUMNS.indexOf(column)];
  }

  private static List<String> namesWithStatus(String status) throws Exception {
    return namesWithStatus(traceOfLastRun(), status);
  }

  private static List<String> namesWithStatus(List<String[]> trace, String status) {
    return trace.stream().filter(r -> cell(r, "status").equals(status)).map(r -> cell(r, "name")).toList();
  }

  @Test
  @Order(1)
  void smokeRunProducesFiguresReportAndCurves() throws Exception {
    CliProcess.Result r = first;

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(namesWithStatus(firstTrace, "COMPLETED")).containsExactlyInAnyOrder("fetch (data)",
        "train-baseline (dm)", "evaluate (dm/mlp-orig)", "evaluate (adam/mlp-orig)", "plot (figures)");
    Path results = firstResults;
    assertThat(results.resolve("plot/report.html")).exists();
    assertThat(results.resolve("plot/report.md")).content().contains("UNVERIFIED");
    assertThat(results.resolve("plot/fig_a2.png")).exists();
    assertThat(results.resolve("plot/fig_a3.svg")).exists();
    assertThat(Files.size(results.resolve("evaluate/adam_mlp-orig/curves.f32"))).isEqualTo(2L * 41 * 4);
    // Every stage process that ran has its measured CPU share, and the report its CPU time.
    assertThat(firstTrace).filteredOn(row -> cell(row, "status").equals("COMPLETED"))
        .allSatisfy(row -> assertThat(cell(row, "%cpu")).matches("[0-9]+\\.[0-9]%"));
    assertThat(r.output()).containsPattern("Done · 5 completed.* · tasks' CPU [0-9]");
    assertThat(results.resolve("plot/report.md")).content()
        .containsPattern("\\| evaluate \\| [0-9.]+ (s|min)[^|]* \\| [0-9.]+ (s|min)[^|—]* \\|");
    assertThat(results.resolve("train-baseline/dm/optimizer/weights.f32")).exists();
    assertThat(Files.readAllLines(dir.resolve(".l2o/history.tsv")).get(1)).as("the command as typed")
        .endsWith("\tl2o " + String.join(" ", args()));
    assertMlflowRuns();
  }

  /**
   * One parent run and one FINISHED child per task in mlruns/ (as the first run left it), with
   * params, metrics, artifacts, and only declared metric and tag keys.
   */
  private static void assertMlflowRuns() throws Exception {
    Path exp = firstMlruns.resolve("1");
    List<Path> runs;
    try (Stream<Path> s = Files.list(exp)) {
      runs = s.filter(p -> Files.isRegularFile(p.resolve("meta.yaml"))).toList();
    }
    List<Path> parents = runs.stream().filter(r -> !Files.exists(r.resolve("tags/mlflow.parentRunId"))).toList();
    assertThat(parents).hasSize(1);
    String parentId = parents.get(0).getFileName().toString();
    List<Path> children = runs.stream().filter(r -> Files.exists(r.resolve("tags/mlflow.parentRunId"))).toList();
    assertThat(children).hasSize(5);
    for (Path c : children) {
      assertThat(c.resolve("tags/mlflow.parentRunId")).hasContent(parentId);
      assertThat(c.resolve("meta.yaml")).content().contains("status: 3");
      assertThat(c.resolve("params")).isNotEmptyDirectory();
      assertThat(readTag(c, "mlflow.source.type")).isEqualTo("LOCAL");
      assertThat(readTag(c, "mlflow.source.name")).startsWith("l2o stage ");
    }
    assertThat(readTag(parents.get(0), "mlflow.source.name")).isEqualTo("l2o run --profile smoke");
    assertThat(readTag(parents.get(0), "l2o.command")).isEqualTo("l2o " + String.join(" ", args()));
    Path train = children.stream().filter(c -> readTag(c, "mlflow.runName").equals("train-baseline (dm)"))
        .findFirst().orElseThrow();
    assertThat(train.resolve("metrics/meta_loss")).exists();
    assertThat(Files.readAllLines(train.resolve("metrics/meta_loss"))).hasSizeGreaterThan(4);
    assertThat(train.resolve("artifacts/optimizer/weights.f32")).exists();
    // The trained optimizer is an MLflow Model in its run, listed by the UI's model-history tag.
    assertThat(train.resolve("artifacts/optimizer/MLmodel")).content().contains("tensorflow:")
        .contains("saved_model_dir: saved_model").contains("run_id: " + train.getFileName());
    assertThat(readTag(train, "mlflow.log-model.history")).contains("\"artifact_path\":\"optimizer\"");
    assertThat(parents.get(0).resolve("artifacts/report/fig_a2.png")).exists();
    assertEveryKeyIsDeclared(runs);
  }

  /** Every metric and tag key the tracking server received is one MetricKeys or Tags declares. */
  private static void assertEveryKeyIsDeclared(List<Path> runs) throws Exception {
    for (Path run : runs) {
      Path metrics = run.resolve("metrics");
      if (Files.isDirectory(metrics)) {
        try (Stream<Path> s = Files.walk(metrics)) {
          for (Path m : s.filter(Files::isRegularFile).toList()) {
            String key = metrics.relativize(m).toString().replace('\\', '/');
            assertThat(org.l2o.engine.MetricKeys.isDeclared(key)).as("metric '%s' is declared", key).isTrue();
          }
        }
      }
      try (Stream<Path> s = Files.walk(run.resolve("tags"))) {
        for (Path t : s.filter(Files::isRegularFile).toList()) {
          String key = run.resolve("tags").relativize(t).toString().replace('\\', '/');
          assertThat(org.l2o.tracking.Tags.isDeclared(key)
              || key.startsWith(org.l2o.env.EnvironmentInfo.TAG_PREFIX)).as("tag '%s' is declared", key).isTrue();
        }
      }
    }
  }

  /** A cached task's child run links the run that computed it and repeats its params and latest metrics. */
  private static void assertCachedTrainingRunRepeatsTheComputingRun() throws Exception {
    List<Path> cached;
    try (Stream<Path> s = Files.list(dir.resolve("mlruns/1"))) {
      cached = s.filter(r -> readTag(r, "mlflow.runName").equals("train-baseline (dm)"))
          .filter(r -> !readTag(r, "l2o.cached_from_run").isEmpty()).toList();
    }
    assertThat(cached).isNotEmpty();
    for (Path run : cached) {
      Path computing = dir.resolve("mlruns/1").resolve(readTag(run, "l2o.cached_from_run"));
      assertThat(readTag(computing, "mlflow.runName")).isEqualTo("train-baseline (dm)");
      List<String> metaLoss = Files.readAllLines(computing.resolve("metrics/meta_loss"));
      assertThat(Files.readAllLines(run.resolve("metrics/meta_loss"))).singleElement().satisfies(line ->
          assertThat(line.split(" ")).as("value and step of the latest point")
              .endsWith(metaLoss.get(metaLoss.size() - 1).split(" ")[1], metaLoss.get(metaLoss.size() - 1).split(" ")[2]));
      try (Stream<Path> a = Files.list(run.resolve("params")); Stream<Path> b = Files.list(computing.resolve("params"))) {
        assertThat(a.map(p -> p.getFileName().toString()).toList())
            .containsExactlyInAnyOrderElementsOf(b.map(p -> p.getFileName().toString()).toList());
      }
    }
  }

  private static String readTag(Path run, String tag) {
    try {
      return Files.readString(run.resolve("tags").resolve(tag));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @Test
  @Order(2)
  void resumeReusesEveryTask() throws Exception {
    CliProcess.Result r = l2o(Map.of(), "--resume");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(namesWithStatus("CACHED")).hasSize(5);
    assertThat(namesWithStatus("COMPLETED")).isEmpty();
    assertCachedTrainingRunRepeatsTheComputingRun();
  }

  @Test
  @Order(3)
  void changingAnEvaluationParamRerunsOnlyEvaluateAndPlot() throws Exception {
    CliProcess.Result r = l2o(Map.of(), "--resume", "-p", "eval_steps=30");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(namesWithStatus("COMPLETED")).containsExactlyInAnyOrder(
        "evaluate (dm/mlp-orig)", "evaluate (adam/mlp-orig)", "plot (figures)");
    assertThat(namesWithStatus("CACHED")).containsExactlyInAnyOrder("fetch (data)", "train-baseline (dm)");
  }

  @Test
  @Order(4)
  void aFailingStageStopsTheRunAndResumeRecomputesOnlyIt() throws Exception {
    CliProcess.Result failed =
        l2o(Map.of(StageCommand.FAULT_ENV, "evaluate (dm/mlp-orig)"), "--resume", "-p", "eval_steps=25");

    assertThat(failed.exit()).isEqualTo(1);
    assertThat(failed.output()).contains("evaluate (dm/mlp-orig) failed").contains("failing on purpose");
    String failedKeyDir = traceOfLastRun().stream().filter(r -> cell(r, "status").equals("FAILED"))
        .map(r -> cell(r, "workdir")).findFirst().orElseThrow();
    assertThat(Path.of(failedKeyDir)).isDirectory();
    assertThat(Path.of(failedKeyDir).resolve("outputs.json")).doesNotExist();
    assertThat(Path.of(failedKeyDir).resolve("out")).doesNotExist();

    CliProcess.Result resumed = l2o(Map.of(), "--resume", "-p", "eval_steps=25");

    assertThat(resumed.exit()).as(resumed.output()).isZero();
    assertThat(namesWithStatus("COMPLETED")).containsExactlyInAnyOrder("evaluate (dm/mlp-orig)", "plot (figures)");
  }

  /**
   * The trained optimizer is registered with `l2o mlflow register`, then a run that trains nothing
   * evaluates it from the registry (-p trained=models:/...), through the tracking server.
   */
  @Test
  @Order(5)
  void aRegisteredOptimizerIsEvaluatedFromTheRegistry() throws Exception {
    Path trainRun;
    try (Stream<Path> s = Files.list(dir.resolve("mlruns/1"))) {
      trainRun = s.filter(r -> Files.exists(r.resolve("artifacts/optimizer/MLmodel"))).findFirst().orElseThrow();
    }
    try (org.l2o.tracking.server.EmbeddedMlflowServer server =
        org.l2o.tracking.server.EmbeddedMlflowServer.start("127.0.0.1", 0, dir.resolve("mlruns"))) {
      CliProcess.Result reg = CliProcess.run(dir, Map.of(), "mlflow", "register", trainRun.getFileName().toString(),
          "--name", "l2o-dm", "--tracking-uri", server.uri().toString());
      assertThat(reg.exit()).as(reg.output()).isZero();
      assertThat(reg.output()).contains("registered models:/l2o-dm/1");
      assertThat(dir.resolve("mlruns/models/l2o-dm/version-1/meta.yaml")).content()
          .contains("run_id: " + trainRun.getFileName());

      CliProcess.Result r = l2o(Map.of("MLFLOW_TRACKING_URI", server.uri().toString()), "--resume",
          "-p", "baseline_variants=", "-p", "trained=models:/l2o-dm/1", "-p", "eval_steps=22");
      assertThat(r.exit()).as(r.output()).isZero();
      assertThat(namesWithStatus("COMPLETED")).contains("evaluate (dm/mlp-orig)", "plot (figures)");
      assertThat(traceOfLastRun().stream().map(row -> cell(row, "name"))).doesNotContain("train-baseline (dm)");
      assertThat(dir.resolve("results/evaluate/dm_mlp-orig/curves.json")).content()
          .contains("models:/l2o-dm/1").contains(trainRun.getFileName().toString());
    }
  }

  private static boolean stageIsWriting() throws Exception {
    try (Stream<Path> s = Files.walk(dir.resolve("work"), 2)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("out.tmp-"));
    }
  }

  /**
   * SIGINT, as Ctrl-C sends, unless this process tree ignores it: a shell without job control
   * starts its background commands (`make test &` from a script) with SIGINT ignored, the JVMs
   * inherit that and never see it. SIGTERM then takes the same path, the JVM's shutdown hooks.
   */
  private static String interruptSignal() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        boolean ignored = (Long.parseLong(line.substring(7).trim(), 16) & (1L << 1)) != 0;
        if (ignored) {
          System.out.println("SIGINT is ignored in this process tree: interrupting with SIGTERM");
        }
        return ignored ? "-TERM" : "-INT";
      }
    }
    return "-INT";
  }

  /**
   * reference/collect.sh, which makes the committed reference folders, on the first run: replotted,
   * every trained optimizer and evaluation summary collected, and no path of the run's machine left.
   */
  @Test
  @Order(5)
  void collectTurnsAFinishedRunIntoAReferenceFolder() throws Exception {
    Path run = dir.resolve("collect-run");
    copyTree(firstResults, run.resolve("results"));
    Path launcher = CliProcess.writeLauncher(dir.resolve("l2o-launcher.sh"));
    Path dest = dir.resolve("collected");
    ProcessBuilder pb = new ProcessBuilder("bash", Path.of("..", "reference", "collect.sh").toAbsolutePath()
        .normalize().toString(), run.toString(), "smoke", dest.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("collect.log").toFile());
    pb.environment().put("L2O", launcher.toString());
    pb.environment().put("L2O_PROGRESS", "plain");
    Process p = pb.start();
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String log = Files.readString(dir.resolve("collect.log"));
    assertThat(p.exitValue()).as(log).isZero();

    assertThat(dest.resolve("report.md")).content().contains("UNVERIFIED").doesNotContain("| Reference |");
    assertThat(dest.resolve("table.csv")).content().contains("mlp-orig,dm,").contains("mlp-orig,adam,");
    assertThat(dest.resolve("trained/dm/optimizer/weights.f32"))
        .hasSameBinaryContentAs(firstResults.resolve("train-baseline/dm/optimizer/weights.f32"));
    assertThat(dest.resolve("trained/dm/training.json")).exists();
    assertThat(dest.resolve("trained/dm/history.json")).exists();
    for (String e : List.of("dm_mlp-orig", "adam_mlp-orig")) {
      assertThat(dest.resolve("evaluate").resolve(e).resolve("summary.json")).exists();
      assertThat(dest.resolve("evaluate").resolve(e).resolve("curve_mean.csv.gz")).exists();
      assertThat(dest.resolve("evaluate").resolve(e).resolve("curves.f32")).doesNotExist();
    }
    try (Stream<Path> traces = Files.list(dest.resolve("pipeline_info"))) {
      assertThat(traces.map(t -> t.getFileName().toString())).anyMatch(n -> n.startsWith("execution_trace_"));
    }
    assertThat(Files.readAllLines(dest.resolve("REFERENCE")).get(0)).startsWith("smoke profile, commit ");
    try (Stream<Path> files = Files.walk(dest)) {
      for (Path f : files.filter(f -> f.toString().matches(".*(\\.(json|md|html|csv|txt|svg)|REFERENCE)$"))
          .toList()) {
        assertThat(Files.readString(f)).as("machine paths in %s", f).doesNotContain(run.toString());
      }
    }
  }

  @Test
  @Order(6)
  void sigintDuringAStageLeavesNothingThatLooksComplete() throws Exception {
    Path log = dir.resolve("sigint.log");
    Process p = CliProcess.start(dir, Map.of(), log,
        args("--resume", "-p", "eval_steps=20000", "-p", "eval_seeds=1").toArray(String[]::new));
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (!Files.readString(log).contains("evaluate (dm/mlp-orig) · started")) {
      assertThat(System.nanoTime()).as("evaluate never started:\n" + Files.readString(log)).isLessThan(deadline);
      Thread.sleep(200);
    }
    // Interrupt once the stage is at work: its temporary output folder exists.
    while (!stageIsWriting()) {
      assertThat(System.nanoTime()).as("no stage began writing:\n" + Files.readString(log)).isLessThan(deadline);
      Thread.sleep(200);
    }
    new ProcessBuilder("kill", interruptSignal(), Long.toString(p.pid())).start().waitFor();
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String out = Files.readString(log);
    System.out.println(out);

    assertThat(p.exitValue()).isNotZero();
    assertThat(out).contains("Interrupted");
    List<String[]> aborted = traceOfLastRun().stream().filter(r -> cell(r, "status").equals("ABORTED")).toList();
    assertThat(aborted).isNotEmpty();
    for (String[] row : aborted) {
      Path work = Path.of(cell(row, "workdir"));
      assertThat(work).isDirectory();
      assertThat(work.resolve("outputs.json")).doesNotExist();
      assertThat(work.resolve("out")).doesNotExist();
      // recorded by the task's own thread once its process stopped, with the CPU it had used
      assertThat(cell(row, "%cpu")).as(String.join("\t", row)).matches("[0-9]+\\.[0-9]%");
    }
    assertThat(Files.readString(dir.resolve(".l2o/history.tsv"))).contains("KILLED");
  }
}
