package org.l2o.nextflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.l2o.cli.L2o;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ResolvedParams;
import org.l2o.runner.PipelineDeclaration;
import org.l2o.runner.PlannedTasks;
import org.l2o.runner.ProfileParams;
import org.l2o.runner.TaskPlan;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The generated Nextflow pipeline: in step with the declaration, complete, and nf-core shaped. */
class NextflowExportTest {

  private static final NextflowExport EXPORT = NextflowExport.generate();
  private static final Map<String, StageShape> SHAPES = shapesByName();

  @TempDir
  Path dir;

  private static Map<String, StageShape> shapesByName() {
    Map<String, StageShape> m = new LinkedHashMap<>();
    StageShape.all().forEach(s -> m.put(s.name(), s));
    return m;
  }

  private static String file(String path) {
    return EXPORT.files().get(path);
  }

  @Test
  void committedFilesMatchAFreshExport() throws Exception {
    Path pipeline = NextflowHarness.pipelineModuleDir();

    List<String> stale = EXPORT.staleFiles(pipeline);

    assertThat(stale)
        .as("generated Nextflow files in %s differ from the Java declaration; %s", pipeline, NextflowExport.REGENERATE_HINT)
        .isEmpty();
  }

  @Test
  void generationIsDeterministic() {
    assertThat(NextflowExport.generate().files()).isEqualTo(EXPORT.files());
  }

  @Test
  void everyTaskOfEveryProfileGetsExactlyTheHashedParamsTheJavaRunnerGivesIt() throws Exception {
    for (String profile : ProfileParams.PROFILES) {
      ResolvedParams params = ProfileParams.resolve(profile, null, List.of());
      PlannedTasks planned = PipelineDeclaration.plan(params);
      for (TaskPlan t : planned.all()) {
        List<String> expected = t.params().asMap().keySet().stream()
            .filter(k -> ParamSchema.find(k).map(s -> s.hashed() && !s.perTask()).orElse(false))
            .toList();
        assertThat(SHAPES.get(t.stage()).keysByElement().get(StageShape.elementOf(t)))
            .as("%s in profile %s", t.name(), profile)
            .isEqualTo(expected);
      }
    }
  }

  @Test
  void evalStepsReachesOnlyEvaluateTasksAndLrSgdOnlySgdEvaluations() {
    Map<String, List<String>> readersOf = new HashMap<>();
    SHAPES.values().forEach(s -> s.keysByElement().forEach((element, keys) ->
        keys.forEach(k -> readersOf.computeIfAbsent(k, x -> new ArrayList<>()).add(s.name() + "/" + element))));

    assertThat(readersOf.get("eval_steps")).allMatch(e -> e.startsWith("evaluate/"))
        .hasSize(SHAPES.get("evaluate").keysByElement().size());
    assertThat(readersOf.get("lr_sgd")).containsExactly("evaluate/sgd");
    assertThat(readersOf.get("eval_seeds_a1")).containsExactly("evaluate/" + StageShape.A1_ELEMENT);
    assertThat(readersOf.get("aug_n_train")).containsExactly("train-baseline/dm-aug");
    assertThat(readersOf.get("profile")).containsExactly("plot/figures");
  }

  @Test
  void notHashedParamsNeverEnterTheParamsTextButReachTheirStagesThroughTheEnvironment() {
    SHAPES.values().forEach(s -> s.keysByElement().values().forEach(keys ->
        assertThat(keys).noneMatch(k -> !ParamSchema.find(k).orElseThrow().hashed())));

    assertThat(SHAPES.get("fetch").notHashed()).containsExactly("data_cache", "offline");
    assertThat(SHAPES.get("evaluate").notHashed()).containsExactly("device");
    assertThat(SHAPES.get("plot").notHashed()).isEmpty();
    assertThat(SHAPES.get("train-baseline").notHashed())
        .containsExactly("device", "checkpoint_every", "checkpoint_minutes", "checkpoint_dir");
    assertThat(file("nextflow.config"))
        .containsPattern("L2O_PARAM_DEVICE += \"device=\\$\\{params.device}\"")
        .containsPattern("L2O_PARAM_DATA_CACHE += \"data_cache=\\$\\{params.data_cache}\"")
        .containsPattern("L2O_PARAM_CHECKPOINT_DIR += \"checkpoint_dir=\\$\\{params.checkpoint_dir}\"")
        // A retry runs in a new work folder: checkpoints live beside the launch, keyed by task.
        .containsPattern("checkpoint_dir += \"\\$\\{launchDir}/l2o-checkpoints\"");
    assertThat(file("modules/local/evaluate/main.nf")).contains("-p \"\\${L2O_PARAM_DEVICE:-device=auto}\"");
    assertThat(file("modules/local/train-imitation/main.nf"))
        .contains("-p \"\\${L2O_PARAM_CHECKPOINT_DIR:-checkpoint_dir=}\"");
  }

  @Test
  void evaluateBindsTrainedOnlyForLearnedOptimizersAndPlotCollectsEverything() {
    StageShape evaluate = SHAPES.get("evaluate");
    assertThat(evaluate.input("trained").arity()).isEqualTo(StageShape.Arity.OPTIONAL);
    assertThat(evaluate.elementsWithout("trained"))
        .containsExactlyInAnyOrderElementsOf(concat(List.of("adam", "sgd", "rmsprop", "adagrad",
            "nag", "dm-untrained"), org.l2o.authors.AuthorsModel.variants()));
    assertThat(SHAPES.get("plot").inputs()).extracting(StageShape.InputRole::arity)
        .containsExactly(StageShape.Arity.MANY, StageShape.Arity.MANY);
    assertThat(file("modules/local/plot/main.nf"))
        .contains("path(evaluations, arity: '0..*', stageAs: 'evaluations/*')")
        .contains("path(trained, arity: '0..*', stageAs: 'trained/*')");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void everyProcessIsNfCoreShapedAndCallsExactlyTheStageContract() {
    for (StageShape s : SHAPES.values()) {
      String module = file("modules/local/" + s.name() + "/main.nf");
      assertThat(module).as(s.name())
          .contains("process " + s.processName() + " {")
          .contains("tag \"${meta.id}\"")
          .contains("emit: " + s.emitName())
          .contains("stub:")
          .contains("    l2o stage " + s.name() + " --params params.yaml")
          .contains("--out '${meta.folder}'")
          .contains("val l2o_version")
          .doesNotContainPattern("\\bparams\\.(?!yaml)");
      assertThat(Pattern.compile("^\\s*label ", Pattern.MULTILINE).matcher(module).results().count())
          .as("labels of %s", s.name()).isEqualTo(1);
      assertThat(module).contains("label '" + s.decl().label() + "'");
      String modules = file("conf/modules.config");
      assertThat(modules).contains("withName: '" + s.processName() + "'");
      String publish = modules.split("withName: '" + s.processName() + "'")[1].split("withName")[0];
      if (PipelineDeclaration.publishesFlat(s.name())) {
        assertThat(publish).as("%s: its one folder becomes results/%s", s.name(), s.name())
            .contains("path: { \"${params.outdir}\" }").contains(": '" + s.name() + "' }");
      } else {
        assertThat(publish).contains("path: { \"${params.outdir}/" + s.name() + "\" }");
      }
    }
    assertThat(file("modules/local/train-baseline/main.nf")).contains("label 'process_gpu'");
    assertThat(file("modules/local/fetch/main.nf")).contains("label 'process_single'");
    assertThat(file("modules/local/version/main.nf")).contains("cache false").contains("l2o --version");
  }

  @Test
  void nextflowConfigHasADefaultForEveryRunLevelParamAndEveryProfile() {
    String config = file("nextflow.config");
    for (ParamSpec p : ParamSchema.all()) {
      Matcher m = Pattern.compile("^    " + p.name() + " +=", Pattern.MULTILINE).matcher(config);
      assertThat(m.find()).as("params.%s in nextflow.config", p.name()).isEqualTo(!p.perTask());
    }
    assertThat(config).containsPattern("(?m)^    outdir +=  ?'results'$").contains("nextflowVersion = '!>=24.10.0'");
    for (String profile : List.of("standard", "test", "smoke", "quick", "paper", "slurm", "k8s", "gpu", "docker",
        "singularity")) {
      assertThat(config).as("profile %s", profile).containsPattern("(?m)^    " + profile + " \\{$");
    }
    assertThat(file("conf/base.config"))
        .contains("task.exitStatus in ((130..145) + 104 + 175) ? 'retry' : 'finish'")
        .contains("withLabel: process_single").contains("withLabel: process_gpu");
    assertThat(config).contains("clusterOptions   = '--gres=gpu:1'").contains("accelerator      = 1");
    assertThat(config).contains("file      = \"${params.outdir}/pipeline_info/execution_trace_${params.trace_report_suffix}.txt\"");
  }

  @Test
  void eachProfileHasAtMostOneProcessBlock() {
    String config = file("nextflow.config");
    String profiles = config.substring(config.indexOf("\nprofiles {"), config.indexOf("\nenv {"));
    for (String block : profiles.split("(?m)^    (?=[a-z0-9]+ \\{$)")) {
      assertThat(Pattern.compile("process[ .]").matcher(block).results().count())
          .as("process settings in profile block:%n%s", block).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void profileConfigsHoldExactlyTheProfileYamlParams() throws Exception {
    for (String profile : ProfileParams.PROFILES) {
      Set<String> keys = new TreeSet<>(ProfileParams.profile(profile).keySet());
      String config = file("conf/" + profile + ".config");
      Set<String> assigned = new TreeSet<>();
      Pattern.compile("(?m)^    ([a-z_0-9]+) += ").matcher(config).results().forEach(r -> assigned.add(r.group(1)));
      assertThat(assigned).as(profile).isEqualTo(keys);
    }
    assertThat(file("conf/test.config")).contains("profile             = 'smoke'")
        .contains("resourceLimits = [cpus: 1, memory: 6.GB, time: 1.h]");
  }

  @Test
  void schemaIsDraft07WithEveryRunLevelParamInATitledSection() throws Exception {
    JsonNode schema = new ObjectMapper().readTree(file("nextflow_schema.json"));

    assertThat(schema.get("$schema").asText()).isEqualTo("http://json-schema.org/draft-07/schema");
    Map<String, JsonNode> props = new LinkedHashMap<>();
    List<String> refs = new ArrayList<>();
    schema.get("allOf").forEach(ref -> refs.add(ref.get("$ref").asText()));
    schema.get("$defs").fields().forEachRemaining(section -> {
      assertThat(section.getValue().get("title").asText()).isNotBlank();
      assertThat(refs).contains("#/$defs/" + section.getKey());
      section.getValue().get("properties").fields().forEachRemaining(p -> {
        assertThat(props.put(p.getKey(), p.getValue())).as("%s in two sections", p.getKey()).isNull();
      });
    });
    for (ParamSpec p : ParamSchema.all()) {
      if (p.perTask()) {
        assertThat(props).doesNotContainKey(p.name());
        continue;
      }
      JsonNode node = props.get(p.name());
      assertThat(node).as(p.name()).isNotNull();
      assertThat(node.get("type").asText()).isEqualTo(p.type().jsonType());
      assertThat(node.get("description").asText()).isEqualTo(p.description());
      assertThat(node.get("help_text").asText()).contains(p.allowedDescription());
      assertThat(new ObjectMapper().convertValue(node.get("default"), Object.class))
          .as("default of %s", p.name()).isEqualTo(jsonOf(p.defaultValue()));
    }
    assertThat(props.get("eval_steps").get("minimum").asLong()).isEqualTo(1);
    assertThat(props.get("device").get("enum")).extracting(JsonNode::asText).containsExactly("auto", "cpu", "gpu");
    assertThat(props.get("eval_problems").get("items").get("enum")).hasSize(ParamSchema.PROBLEMS.size());
    assertThat(props.get("fig_a1_settings").get("items").get("pattern").asText())
        .isEqualTo("^([1-9][0-9]*:[1-9][0-9]*)$");
    assertThat(props.get("lr_sgd").has("maximum")).as("no maximum for an unbounded rate").isFalse();
    assertThat(props).containsKey("outdir");
  }

  /** A schema default as Jackson reads JSON back: doubles stay doubles, ints become Integer. */
  private static Object jsonOf(Object v) {
    return new ObjectMapper().convertValue(v, Object.class);
  }

  @Test
  void mainNfIsThinAndPassesParamsToTheWorkflow() {
    assertThat(file("main.nf"))
        .contains("include { L2O } from './workflows/l2o'")
        .contains("workflow {\n    L2O(params)\n}");
    assertThat(file("workflows/l2o.nf"))
        .contains("workflow L2O {")
        .contains("'evaluate/sgd': ['seed', 'threads', 'mnist_source', 'batch_size', 'eval_steps', 'eval_seeds', 'lr_sgd']")
        .doesNotContainPattern("\\bparams\\.(?!yaml)");
  }

  @Test
  void theWorkflowTemplateRefusesADeclarationOfAnotherShape() {
    Map<String, StageShape> changed = new LinkedHashMap<>(SHAPES);
    StageShape evaluate = SHAPES.get("evaluate");
    changed.put("evaluate", new StageShape(evaluate.decl(), evaluate.keysByElement(), evaluate.notHashed(),
        evaluate.perTaskKeys(), List.of(new StageShape.InputRole("data", StageShape.Arity.ONE)), evaluate.taskIds(),
        Map.of()));

    assertThatThrownBy(() -> WorkflowWriter.checkAssumptions(changed))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("changed shape")
        .hasMessageContaining("evaluate binds inputs");
  }

  // ------------------------------------------------------------ the command

  private record Execution(int exitCode, String out, String err) { }

  private static Execution l2o(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = L2o.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(args);
    return new Execution(code, out.toString(), err.toString());
  }

  @Test
  void exportWritesEveryFileAndCheckThenPasses() throws Exception {
    Execution written = l2o("export-nextflow", "--dir", dir.toString());
    Execution checked = l2o("export-nextflow", "--dir", dir.toString(), "--check");

    assertThat(written.exitCode()).as(written.err()).isZero();
    assertThat(written.out()).contains("Wrote " + EXPORT.files().size() + " files");
    for (Map.Entry<String, String> e : EXPORT.files().entrySet()) {
      assertThat(dir.resolve(e.getKey())).hasContent(e.getValue());
    }
    assertThat(checked.exitCode()).isZero();
    assertThat(checked.out()).contains("up to date");
  }

  @Test
  void checkNamesTheStaleFileAndTheFix() throws Exception {
    l2o("export-nextflow", "--dir", dir.toString());
    Files.writeString(dir.resolve("conf/base.config"), "// edited by hand\n");
    Files.delete(dir.resolve("main.nf"));

    Execution checked = l2o("export-nextflow", "--dir", dir.toString(), "--check");

    assertThat(checked.exitCode()).isEqualTo(1);
    assertThat(checked.err()).contains("conf/base.config").contains("main.nf")
        .contains("run `l2o export-nextflow` (make nextflow-export)");
  }

  @Test
  void aMissingFolderIsAUsageErrorNamingIt() {
    Execution e = l2o("export-nextflow", "--dir", dir.resolve("nope").toString());

    assertThat(e.exitCode()).isEqualTo(2);
    assertThat(e.err()).contains("no folder").contains("nope").contains("--dir");
  }

  // ------------------------------------------------------------ strict syntax (real parser)

  @Tag("slow")
  @Test
  void generatedScriptsAndConfigsPassNextflowsStrictSyntax() {
    Path pipeline = NextflowHarness.pipelineModuleDir();
    List<String> files = EXPORT.files().keySet().stream().filter(f -> f.endsWith(".nf") || f.endsWith(".config")).toList();

    StrictSyntaxLint.Report report = StrictSyntaxLint.lint(pipeline, files);

    assertThat(report.errors()).as(report.output()).isEmpty();
    assertThat(report.warnings()).as(report.output()).isEmpty();
  }

  @Tag("slow")
  @Test
  void theStrictSyntaxLintCatchesTopLevelStatements() throws Exception {
    Files.writeString(dir.resolve("bad.nf"), "def x = 1\nworkflow {\n}\n");

    StrictSyntaxLint.Report report = StrictSyntaxLint.lint(dir, List.of("bad.nf"));

    assertThat(report.errors()).singleElement().asString().contains("bad.nf:1").contains("Statements cannot be mixed");
  }
}
