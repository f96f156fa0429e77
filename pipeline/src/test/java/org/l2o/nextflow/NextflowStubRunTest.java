package org.l2o.nextflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.l2o.params.ParamException;
import org.l2o.params.ParamSchema;
import org.l2o.params.ResolvedParams;
import org.l2o.runner.PipelineDeclaration;
import org.l2o.runner.PlannedTasks;
import org.l2o.runner.ProfileParams;
import org.l2o.runner.TaskPlan;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated pipeline under the real Nextflow 24.10 with {@code -stub-run}: the wiring, without
 * the built tool (the stubs only create their outputs). Every task Nextflow runs must be a task the
 * Java declaration plans, with the same params, and -resume must rerun exactly what a change
 * touches.
 */
@Tag("slow")
class NextflowStubRunTest {

  /** Every kind of task: all variants, two Fig A1 settings, every optimizer, two problems. */
  private static final String WIDE_PARAMS = """
      baseline_variants: [dm, dm-aug, rnnprop, scale]
      fig_a1_settings: ["100:100", "200:500"]
      curriculum_variants: [dm-cl, rnnprop-cl]
      imitation_variants: [dm-il, dm-cl-il, rnnprop-cl-il, scale-cl-il]
      eval_optimizers: [dm, dm-aug, dm-cl, dm-il, dm-cl-il, rnnprop, rnnprop-cl, rnnprop-cl-il, scale, scale-cl-il,
                        dm-untrained, adam, sgd, rmsprop, adagrad, nag]
      eval_problems: [mlp-orig, quadratic]
      """;

  @TempDir
  static Path shared;

  private static NextflowHarness nextflow;
  private static Path launch;
  private static PlannedTasks planned;
  private static List<NextflowRuns.Task> firstTrace;

  @TempDir
  Path dir;

  @BeforeAll
  static void runTheWidePipelineOnce() throws Exception {
    nextflow = NextflowHarness.create();
    launch = Files.createDirectories(shared.resolve("launch"));
    Path paramsFile = launch.resolve("wide.yaml");
    Files.writeString(paramsFile, WIDE_PARAMS);
    // -profile test = the smoke params; the params file widens them, in the same order for both runners.
    planned = PipelineDeclaration.plan(ProfileParams.resolve("smoke", paramsFile, List.of()));
    firstTrace = run("trace-first.tsv");
  }

  private static List<NextflowRuns.Task> run(String trace, String... extra) {
    List<String> args = new ArrayList<>(List.of("run", NextflowHarness.pipelineModuleDir().toString(), "-stub-run",
        "-profile", "test", "-params-file", "wide.yaml", "-with-trace", trace));
    args.addAll(List.of(extra));
    NextflowHarness.Result r = nextflow.run(launch, Map.of(), NextflowHarness.TIMEOUT_DEFAULT, args);
    assertThat(r.succeeded()).as(r.describe()).isTrue();
    return NextflowRuns.trace(launch.resolve(trace));
  }

  private static String expectedName(TaskPlan t) {
    return "L2O:L2O_" + t.stage().toUpperCase().replace('-', '_') + " (" + t.id() + ")";
  }

  @Test
  void nextflowRunsExactlyTheTasksTheJavaDeclarationPlans() {
    Set<String> expected = planned.all().stream().map(NextflowStubRunTest::expectedName)
        .collect(Collectors.toCollection(TreeSet::new));
    expected.add(NextflowRuns.VERSION_PROCESS);

    assertThat(firstTrace).allMatch(t -> t.status().equals("COMPLETED"));
    Set<String> ran = firstTrace.stream().map(NextflowRuns.Task::name).collect(Collectors.toCollection(TreeSet::new));
    assertThat(ran).isEqualTo(expected);
    assertThat(planned.all()).hasSize(1 + 6 + 2 + 4 + 16 * 2 + 2 + 1);
  }

  @Test
  void everyTaskGetsTheJavaRunnersHashedParamsAndItsPerTaskKeys() {
    Map<String, NextflowRuns.Task> byName = new LinkedHashMap<>();
    firstTrace.forEach(t -> byName.put(t.name(), t));
    for (TaskPlan t : planned.all()) {
      Path work = NextflowRuns.workDir(launch, byName.get(expectedName(t)));
      List<String> hashed = t.params().asMap().keySet().stream()
          .filter(k -> ParamSchema.find(k).map(s -> s.hashed() && !s.perTask()).orElse(false)).toList();

      ResolvedParams got = readParams(work.resolve("params.yaml"));

      assertThat(got.asMap()).as("params.yaml of %s", t.name()).isEqualTo(t.params().only(hashed).asMap());
      String command = NextflowRuns.read(work.resolve("stage-command.txt"));
      assertThat(command).as(t.name()).startsWith("l2o stage " + t.stage() + " --params params.yaml");
      for (String key : List.of("variant", "optimizer", "problem")) {
        if (t.params().has(key)) {
          assertThat(command).contains("-p '" + key + "=" + t.params().getString(key) + "'");
        }
      }
      if (t.params().has("device")) {
        assertThat(command).as("the not-hashed device, from the environment").contains("-p \"device=auto\"");
      }
      for (Map.Entry<String, List<TaskPlan>> in : t.inputs().entrySet()) {
        boolean collected = t.stage().equals("plot");
        String inputs = in.getValue().stream()
            .map(u -> "--input '" + in.getKey() + "=" + (collected ? in.getKey() + "/" : "") + u.folderName() + "'")
            .collect(Collectors.joining(" "));
        assertThat(command).as("%s inputs of %s, in the declaration's order", in.getKey(), t.name()).contains(inputs);
      }
      if (!t.inputs().containsKey("trained")) {
        assertThat(command).doesNotContain("trained=");
      }
    }
  }

  private static ResolvedParams readParams(Path file) {
    try {
      return ResolvedParams.defaults().only(List.of()).mergeFile(file, false);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Set<String> rerun(List<NextflowRuns.Task> trace) {
    assertThat(trace).filteredOn(t -> !t.isVersion()).extracting(NextflowRuns.Task::status)
        .allMatch(s -> s.equals("CACHED") || s.equals("COMPLETED"));
    return trace.stream().filter(t -> !t.isVersion() && t.status().equals("COMPLETED"))
        .map(NextflowRuns.Task::name).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> namesOf(Predicate<TaskPlan> which) {
    return planned.all().stream().filter(which).map(NextflowStubRunTest::expectedName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void resumeWithTheSameParamsRerunsNoTaskButTheVersionCheck() {
    List<NextflowRuns.Task> again = run("trace-same.tsv", "-resume");

    assertThat(rerun(again)).isEmpty();
    assertThat(again).filteredOn(NextflowRuns.Task::isVersion).singleElement()
        .extracting(NextflowRuns.Task::status).isEqualTo("COMPLETED");
    assertThat(again).hasSize(firstTrace.size());
  }

  @Test
  void aNewEvalStepsRerunsOnlyEvaluateAndPlot() {
    Set<String> rerun = rerun(run("trace-eval-steps.tsv", "-resume", "--eval_steps", "123"));

    assertThat(rerun).isEqualTo(namesOf(t -> t.stage().equals("evaluate") || t.stage().equals("plot")));
  }

  @Test
  void aNewSgdRateRerunsOnlyTheSgdEvaluationsAndPlot() {
    Set<String> rerun = rerun(run("trace-lr-sgd.tsv", "-resume", "--lr_sgd", "0.05"));

    assertThat(rerun).isEqualTo(namesOf(t -> t.id().startsWith("sgd/") || t.stage().equals("plot")));
    assertThat(rerun).hasSize(3);
  }

  @Test
  void aNewMetaLearningRateRerunsTrainingAndWhatDependsOnIt() {
    Set<String> rerun = rerun(run("trace-meta-lr.tsv", "-resume", "--meta_lr", "0.002"));

    // Only the training tasks that read meta_lr rerun (L2O-Scale reads scale_meta_lr instead), then
    // the evaluations of what they trained, then the plot. Analytical and untrained optimizers bind
    // no trained optimizer.
    java.util.function.Predicate<TaskPlan> readsMetaLr =
        t -> t.stage().startsWith("train-") && t.params().has("meta_lr");
    Set<String> expected = namesOf(t -> readsMetaLr.test(t) || t.stage().equals("plot")
        || t.stage().equals("evaluate")
            && t.inputs().getOrDefault("trained", List.of()).stream().anyMatch(readsMetaLr));
    assertThat(expected).anyMatch(n -> n.contains("TRAIN_BASELINE (dm)"))
        .noneMatch(n -> n.contains("(scale)"));
    assertThat(rerun).isEqualTo(expected);
  }

  @Test
  void notHashedParamsAndEqualValuesSpelledDifferentlyRerunNothing() throws Exception {
    // The same numbers spelled otherwise: the profile's meta_lr in exponent form, eval_steps with a fraction.
    ResolvedParams test = ProfileParams.resolve("smoke", null, List.of());
    String metaLr = String.format(java.util.Locale.ROOT, "%.1e", test.getDouble("meta_lr"));
    String evalSteps = test.getInt("eval_steps") + ".0";
    assertThat(metaLr).isNotEqualTo(String.valueOf(test.getDouble("meta_lr")));
    Set<String> rerun = rerun(run("trace-device.tsv", "-resume", "--device", "cpu", "--data_cache", "/elsewhere",
        "--workers", "7", "--meta_lr", metaLr, "--eval_steps", evalSteps));

    assertThat(rerun).isEmpty();
  }

  // ------------------------------------------------------------ failing fast

  private NextflowHarness.Result failingRun(String... extra) throws Exception {
    Path project = Files.createTempDirectory(dir, "failing");
    List<String> args = new ArrayList<>(List.of("run", NextflowHarness.pipelineModuleDir().toString(), "-stub-run",
        "-profile", "test"));
    args.addAll(List.of(extra));
    NextflowHarness.Result r = nextflow.run(project, Map.of(), NextflowHarness.TIMEOUT_DEFAULT, args);
    assertThat(r.succeeded()).as(r.describe()).isFalse();
    try (var files = Files.walk(project)) {
      assertThat(files.filter(f -> f.getFileName().toString().equals(".command.sh")))
          .as("no task may start").isEmpty();
    }
    return r;
  }

  @Test
  void invalidParamsFailBeforeAnyTaskWithTheJavaRunnersMessage() throws Exception {
    NextflowHarness.Result outOfRange = failingRun("--eval_steps", "0");
    NextflowHarness.Result kebab = failingRun("--eval-steps", "5");
    NextflowHarness.Result untrained = failingRun("--eval_optimizers", "dm,dm-cl");
    NextflowHarness.Result noMnist = failingRun("--datasets", "fashion-mnist");

    assertThat(outOfRange.stdout() + outOfRange.stderr())
        .contains("param 'eval_steps' = '0' is invalid: out of range; allowed: integer in [1, 10000000]");
    assertThat(kebab.stdout() + kebab.stderr()).contains("unknown param --eval-steps; did you mean --eval_steps?");
    // The Java runner can also offer a registered optimizer (-p trained=...); Nextflow cannot, so the two
    // messages agree up to the remedies and each names the variant list that trains it.
    String javaMessage = javaPlanError(Map.of("eval_optimizers", List.of("dm", "dm-cl")));
    String sharedPart = javaMessage.substring(0, javaMessage.indexOf(", remove it from eval_optimizers"));
    assertThat(sharedPart).endsWith("add it to curriculum_variants");
    assertThat(untrained.stdout() + untrained.stderr()).contains(sharedPart + " or remove it from eval_optimizers");
    assertThat(noMnist.stdout() + noMnist.stderr())
        .contains(javaPlanError(Map.of("datasets", List.of("fashion-mnist"))));
  }

  @Test
  void fashionMnistStandsInForMnistWhenMnistSourceSaysSo() throws Exception {
    Path project = Files.createTempDirectory(dir, "fashion");
    NextflowHarness.Result r = nextflow.run(project, Map.of(), NextflowHarness.TIMEOUT_DEFAULT, List.of("run",
        NextflowHarness.pipelineModuleDir().toString(), "-stub-run", "-profile", "test",
        "--datasets", "fashion-mnist", "--mnist_source", "fashion-mnist"));

    assertThat(r.succeeded()).as(r.describe()).isTrue();
  }

  private static String javaPlanError(Map<String, Object> overrides) throws Exception {
    ResolvedParams p = ProfileParams.resolve("smoke", null, List.of()).merge(overrides, "test", false);
    ParamException[] thrown = new ParamException[1];
    assertThatThrownBy(() -> PipelineDeclaration.plan(p)).isInstanceOfSatisfying(ParamException.class, e -> thrown[0] = e);
    return thrown[0].getMessage();
  }

  // ------------------------------------------------------------ SLURM

  @Test
  void slurmGpuProfileSubmitsEveryTaskAndOnlyGpuTasksAskForAGpu() throws Exception {
    Path project = Files.createDirectories(dir.resolve("slurm-project"));
    Files.writeString(project.resolve("fast-polling.config"),
        "executor {\n    pollInterval = '250 ms'\n    queueStatInterval = '1 sec'\n    submitRateLimit = '100/1s'\n}\n");
    NextflowHarness.SlurmStandIn slurm = NextflowHarness.installSlurmStandIn(dir.resolve("slurm"));
    try {
      NextflowHarness.Result r = nextflow.run(project, slurm.env(), Duration.ofMinutes(4), List.of("run",
          NextflowHarness.pipelineModuleDir().toString(), "-stub-run", "-profile", "test,slurm,gpu",
          "-c", "fast-polling.config", "-with-trace", "trace.tsv"));

      assertThat(r.succeeded()).as(r.describe()).isTrue();
      List<NextflowRuns.Task> trace = NextflowRuns.trace(project.resolve("trace.tsv"));
      Map<String, NextflowHarness.SlurmStandIn.Job> jobs = new LinkedHashMap<>();
      slurm.jobs().forEach(j -> jobs.put(j.id(), j));
      assertThat(jobs).hasSameSizeAs(trace);
      for (NextflowRuns.Task t : trace) {
        NextflowHarness.SlurmStandIn.Job job = jobs.get(t.nativeId());
        assertThat(job).as("the stand-in job of %s (native id %s)", t.name(), t.nativeId()).isNotNull();
        boolean gpu = t.process().matches("L2O:L2O_(TRAIN_.*|EVALUATE)");
        if (gpu) {
          assertThat(job.scriptText()).as(t.name()).contains("#SBATCH --gres=gpu:1");
          assertThat(NextflowRuns.read(NextflowRuns.workDir(project, t).resolve("stage-command.txt")))
              .as("the gpu profile's device reaches the task").contains("-p \"device=gpu\"");
        } else {
          assertThat(job.scriptText()).as(t.name()).doesNotContain("--gres");
        }
      }
      assertThat(trace).filteredOn(t -> t.process().equals("L2O:L2O_EVALUATE")).hasSize(2);
    } finally {
      slurm.cancelAll();
    }
  }
}
