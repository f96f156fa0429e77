package org.l2o.nextflow;

import static org.l2o.params.StageNames.EVALUATE;
import static org.l2o.params.StageNames.FETCH;
import static org.l2o.params.StageNames.PLOT;
import static org.l2o.params.StageNames.TRAIN_BASELINE;
import static org.l2o.params.StageNames.TRAIN_CURRICULUM;
import static org.l2o.params.StageNames.TRAIN_IMITATION;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ParamType;
import org.l2o.params.StageNames;
import org.l2o.variants.Variants;

/**
 * Writes {@code main.nf} and {@code workflows/l2o.nf}: the fan-out of the Java declaration as
 * Nextflow channels.
 *
 * <p>The shape of the fan-out (variants, Fig A1 settings, optimizer x problem with each learned
 * optimizer joined to its training task by variant, plot collecting everything) is written here
 * once, as Groovy; which params each task reads, which optimizers need no training and the
 * input roles come from {@link StageShape}, i.e. from planning with the Java declaration. If the
 * declaration changes shape, {@link #checkAssumptions} fails naming what this template assumed.
 *
 * <p>The Groovy follows Nextflow's strict syntax: no top-level statements, {@code params} read
 * only by the entry workflow, explicit closure parameters.
 */
final class WorkflowWriter {

  /** Params Nextflow's run needs that the Java pipeline does not: where results go, report names. */
  static final List<String> NEXTFLOW_PARAMS = List.of("outdir", "trace_report_suffix");

  private WorkflowWriter() {}

  static String mainNf() {
    return """
        #!/usr/bin/env nextflow
        /*
         * l2o: reproduce "Training Stronger Baselines for Learning to Optimize" (NeurIPS 2020).
         * %s
         *
         *   nextflow run pipeline -profile test            # smoke-sized, end to end
         *   nextflow run pipeline -profile paper,slurm,gpu  # the paper's settings on a cluster
         *
         * Every task runs `l2o stage <name>`, the contract the Java runner (`l2o run`) calls too.
         */
        include { L2O } from './workflows/l2o'

        workflow {
            L2O(params)
        }
        """.formatted(ModuleWriter.HEADER_NOTE).stripLeading();
  }

  /** Fails when the declaration no longer has the shape this template's Groovy fan-out assumes. */
  static void checkAssumptions(Map<String, StageShape> shapes) {
    List<String> problems = new ArrayList<>();
    if (!List.copyOf(shapes.keySet()).equals(StageNames.ALL)) {
      problems.add("stages are " + shapes.keySet() + ", the template knows " + StageNames.ALL);
    } else {
      expect(problems, shapes.get(FETCH), List.of(), List.of());
      for (String s : StageNames.TRAINING) {
        expect(problems, shapes.get(s), List.of(role("data", StageShape.Arity.ONE)), List.of("variant"));
      }
      expect(problems, shapes.get(EVALUATE),
          List.of(role("data", StageShape.Arity.ONE), role("trained", StageShape.Arity.OPTIONAL)),
          List.of("optimizer", "problem"));
      expect(problems, shapes.get(PLOT),
          List.of(role("evaluations", StageShape.Arity.MANY), role("trained", StageShape.Arity.MANY)), List.of());
      for (String single : List.of(FETCH, PLOT)) {
        if (shapes.get(single).taskIds().size() != 1) {
          problems.add(single + " plans " + shapes.get(single).taskIds() + ", the template assumes one task");
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the pipeline declaration changed shape; update the fan-out in "
          + WorkflowWriter.class.getName() + ": " + String.join("; ", problems));
    }
  }

  private static StageShape.InputRole role(String name, StageShape.Arity arity) {
    return new StageShape.InputRole(name, arity);
  }

  private static void expect(List<String> problems, StageShape s, List<StageShape.InputRole> inputs, List<String> perTask) {
    if (!s.inputs().equals(inputs)) {
      problems.add(s.name() + " binds inputs " + s.inputs() + ", the template assumes " + inputs);
    }
    if (!s.perTaskKeys().equals(perTask)) {
      problems.add(s.name() + " sets per-task params " + s.perTaskKeys() + ", the template assumes " + perTask);
    }
  }

  static String workflowNf(Map<String, StageShape> shapes) {
    checkAssumptions(shapes);
    String includes = includes(shapes);
    return TEMPLATE
        .replace("@HEADER_NOTE@", ModuleWriter.HEADER_NOTE)
        .replace("@INCLUDES@", includes)
        .replace("@FETCH@", shapes.get(FETCH).processName())
        .replace("@TRAIN_BASELINE@", shapes.get(TRAIN_BASELINE).processName())
        .replace("@TRAIN_CURRICULUM@", shapes.get(TRAIN_CURRICULUM).processName())
        .replace("@TRAIN_IMITATION@", shapes.get(TRAIN_IMITATION).processName())
        .replace("@EVALUATE@", shapes.get(EVALUATE).processName())
        .replace("@PLOT@", shapes.get(PLOT).processName())
        .replace("@FETCH_EMIT@", shapes.get(FETCH).emitName())
        .replace("@TRAINED_EMIT@", trainedEmit(shapes))
        .replace("@EVALUATE_EMIT@", shapes.get(EVALUATE).emitName())
        .replace("@PLOT_EMIT@", shapes.get(PLOT).emitName())
        .replace("@FETCH_ID@", GroovyLiterals.quote(shapes.get(FETCH).singleTaskId()))
        .replace("@PLOT_ID@", GroovyLiterals.quote(shapes.get(PLOT).singleTaskId()))
        .replace("@A1_PREFIX@", GroovyLiterals.quote(StageShape.A1_PREFIX))
        .replace("@A1_ELEMENT@", GroovyLiterals.quote(StageShape.A1_ELEMENT))
        .replace("@UNTRAINED@", GroovyLiterals.of(shapes.get(EVALUATE).elementsWithout("trained")))
        .replace("@CURRICULUM_VARIANTS@", GroovyLiterals.of(Variants.names(Variants.trainedBy(TRAIN_CURRICULUM))))
        .replace("@IMITATION_VARIANTS@", GroovyLiterals.of(Variants.names(Variants.trainedBy(TRAIN_IMITATION))))
        .replace("@NEXTFLOW_PARAMS@", GroovyLiterals.of(NEXTFLOW_PARAMS))
        .replace("@PER_TASK_PARAMS@", GroovyLiterals.of(
            ParamSchema.all().stream().filter(ParamSpec::perTask).map(ParamSpec::name).toList()))
        .replace("@TASK_KEYS@", taskKeys(shapes))
        .replace("@PARAM_SPECS@", paramSpecs());
  }

  private static String trainedEmit(Map<String, StageShape> shapes) {
    String emit = shapes.get(TRAIN_BASELINE).emitName();
    for (String s : StageNames.TRAINING) {
      if (!shapes.get(s).emitName().equals(emit)) {
        throw new IllegalStateException("the training stages emit different outputs: " + s + " emits "
            + shapes.get(s).emitName() + ", " + TRAIN_BASELINE + " " + emit);
      }
    }
    return emit;
  }

  private static String includes(Map<String, StageShape> shapes) {
    int width = shapes.values().stream().mapToInt(s -> s.processName().length()).max().orElse(0);
    StringBuilder b = new StringBuilder();
    b.append(String.format("include { %-" + width + "s } from '../modules/local/version/main'%n", "L2O_VERSION"));
    for (StageShape s : shapes.values()) {
      b.append(String.format("include { %-" + width + "s } from '../%s'%n", s.processName(),
          ModuleWriter.path(s).replaceFirst("\\.nf$", "")));
    }
    return b.toString().stripTrailing();
  }

  /** {@code 'evaluate/adam': ['seed', ...]}: the Java declaration's key selection, one line per element. */
  private static String taskKeys(Map<String, StageShape> shapes) {
    List<String> lines = new ArrayList<>();
    for (StageShape s : shapes.values()) {
      s.keysByElement().forEach((element, keys) ->
          lines.add("        " + GroovyLiterals.quote(s.name() + "/" + element) + ": " + GroovyLiterals.of(keys)));
    }
    return String.join(",\n", lines);
  }

  /** {@code seed: [type: 'integer', min: 0, ...]}: every run-level param's rules, from ParamSchema. */
  private static String paramSpecs() {
    List<String> lines = new ArrayList<>();
    for (ParamSpec p : ParamSchema.all()) {
      if (p.perTask()) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      fields.add("type: " + GroovyLiterals.quote(groovyType(p.type())));
      boolean integral = p.type() == ParamType.INT || p.type() == ParamType.INT_LIST;
      if (p.min() != null) {
        fields.add("min: " + number(p.min(), integral));
      }
      if (p.max() != null && p.max() != Double.MAX_VALUE) {
        fields.add("max: " + number(p.max(), integral));
      }
      if (!p.allowed().isEmpty()) {
        fields.add("allowed: " + GroovyLiterals.of(p.allowed().stream().sorted().toList()));
      }
      if (p.pattern() != null) {
        fields.add("pattern: " + GroovyLiterals.quote(p.pattern()));
      }
      fields.add("accepts: " + GroovyLiterals.quote(p.allowedDescription()));
      lines.add("        " + p.name() + ": [" + String.join(", ", fields) + "]");
    }
    return String.join(",\n", lines);
  }

  private static String groovyType(ParamType t) {
    return switch (t) {
      case STRING -> "string";
      case INT -> "integer";
      case FLOAT -> "number";
      case BOOL -> "boolean";
      case STRING_LIST -> "string_list";
      case INT_LIST -> "integer_list";
      case FLOAT_LIST -> "number_list";
    };
  }

  private static String number(double d, boolean integral) {
    return integral ? String.valueOf((long) d) : String.valueOf(d);
  }

  private static final String TEMPLATE = """
      /*
       * The l2o pipeline: fetch -> train-baseline | train-curriculum | train-imitation -> evaluate -> plot.
       * @HEADER_NOTE@
       *
       * Each task gets exactly the params the Java declaration gives it, as JSON text written to its
       * params.yaml, so that -resume reruns only what a change touches: a new eval_steps reruns
       * evaluate and plot, a new lr_sgd only the SGD evaluations and plot.
       */
      @INCLUDES@

      workflow L2O {
          take:
          given // the run's params: the entry workflow passes `params`

          main:
          def p = runParams(given)
          checkPlan(p)

          // An input of every task, so that a rebuilt tool never gives stale cache hits.
          ch_version = L2O_VERSION().version.map { text -> text.trim() }

          @FETCH@(Channel.fromList(fetchTasks(p)), ch_version)
          ch_data = @FETCH@.out.@FETCH_EMIT@.map { _meta, dir -> dir }

          @TRAIN_BASELINE@(Channel.fromList(trainBaselineTasks(p)).combine(ch_data), ch_version)
          @TRAIN_CURRICULUM@(Channel.fromList(trainCurriculumTasks(p)).combine(ch_data), ch_version)
          @TRAIN_IMITATION@(Channel.fromList(trainImitationTasks(p)).combine(ch_data), ch_version)
          ch_trained = @TRAIN_BASELINE@.out.@TRAINED_EMIT@
              .mix(@TRAIN_CURRICULUM@.out.@TRAINED_EMIT@, @TRAIN_IMITATION@.out.@TRAINED_EMIT@)

          // Every optimizer x problem; a learned optimizer's tasks wait for its training task (by variant).
          ch_evaluate = Channel.fromList(evaluateTasks(p))
          ch_evaluate_learned = ch_evaluate
              .filter { meta, _text -> meta.trained != null }
              .map { meta, text -> [meta.trained, meta, text] }
              .combine(ch_trained.map { meta, dir -> [meta.variant, dir] }, by: 0)
              .map { _variant, meta, text, trained -> [meta, text, trained] }
          ch_evaluate_untrained = ch_evaluate
              .filter { meta, _text -> meta.trained == null }
              .map { meta, text -> [meta, text, []] }
          @EVALUATE@(
              ch_evaluate_learned.mix(ch_evaluate_untrained)
                  .combine(ch_data)
                  .map { meta, text, trained, data -> [meta, text, data, trained] },
              ch_version)

          // Everything, in the Java declaration's order whatever order the tasks finished in: a stable
          // input list keeps plot cached on -resume.
          def evaluate_order = evaluateTasks(p).collect { task -> task[0].id }
          def trained_order = (trainBaselineTasks(p) + trainCurriculumTasks(p) + trainImitationTasks(p))
              .collect { task -> task[0].id }
          ch_evaluations = @EVALUATE@.out.@EVALUATE_EMIT@
              .toSortedList { a, b -> evaluate_order.indexOf(a[0].id) <=> evaluate_order.indexOf(b[0].id) }
              .map { pairs -> pairs.collect { pair -> pair[1] } }
          ch_trained_all = ch_trained
              .toSortedList { a, b -> trained_order.indexOf(a[0].id) <=> trained_order.indexOf(b[0].id) }
              .map { pairs -> pairs.collect { pair -> pair[1] } }
          @PLOT@(Channel.fromList(plotTasks(p)), ch_evaluations, ch_trained_all, ch_version)

          emit:
          @PLOT_EMIT@ = @PLOT@.out.@PLOT_EMIT@
      }

      // ---------------------------------------------------------------- fan-out (as PipelineDeclaration)

      def fetchTasks(Map p) {
          return [taskOf(p, 'fetch', @FETCH_ID@, [:])]
      }

      def trainBaselineTasks(Map p) {
          def tasks = p.baseline_variants.collect { v -> taskOf(p, 'train-baseline', v, [variant: v]) }
          p.fig_a1_settings.each { setting ->
              def nv = setting.tokenize(':')
              def v = (@A1_PREFIX@ + nv[0] + '-' + nv[1]).toString()
              if (!tasks.any { task -> task[0].id == v }) {
                  tasks << taskOf(p, 'train-baseline', v, [variant: v])
              }
          }
          return tasks
      }

      def trainCurriculumTasks(Map p) {
          return p.curriculum_variants.collect { v -> taskOf(p, 'train-curriculum', v, [variant: v]) }
      }

      def trainImitationTasks(Map p) {
          return p.imitation_variants.collect { v -> taskOf(p, 'train-imitation', v, [variant: v]) }
      }

      def evaluateTasks(Map p) {
          def tasks = []
          p.eval_optimizers.each { o ->
              p.eval_problems.each { q -> tasks << evaluateTask(p, o, q) }
          }
          trainBaselineTasks(p).findAll { task -> task[0].variant.startsWith(@A1_PREFIX@) }.each { task ->
              tasks << evaluateTask(p, task[0].variant, 'mlp-orig')
          }
          return tasks
      }

      def evaluateTask(Map p, String optimizer, String problem) {
          def untrained = @UNTRAINED@
          def per_task = [optimizer: optimizer, problem: problem]
          if (!(optimizer in untrained)) {
              per_task.trained = optimizer
          }
          return taskOf(p, 'evaluate', (optimizer + '/' + problem).toString(), per_task)
      }

      def plotTasks(Map p) {
          return [taskOf(p, 'plot', @PLOT_ID@, [:])]
      }

      /** [meta, params text]: the task's identity and exactly the params it reads, as JSON. */
      def taskOf(Map p, String stage, String id, Map per_task) {
          def element = per_task.variant ?: per_task.optimizer ?: id
          if (element.startsWith(@A1_PREFIX@)) {
              element = @A1_ELEMENT@
          }
          def keys = taskKeys()[stage + '/' + element]
          if (keys == null) {
              error("l2o: no param selection for ${stage} task '${id}'; regenerate the pipeline with `l2o export-nextflow`")
          }
          def meta = [id: id, folder: id.replace('/', '_')] + per_task
          return [meta, jsonOf(keys.collectEntries { key -> [key, p[key]] })]
      }

      /** The hashed params each task reads, by stage/element, as the Java declaration selects them. */
      def taskKeys() {
          return [
      @TASK_KEYS@
          ]
      }

      // ---------------------------------------------------------------- params (as ParamSchema)

      /** Mirrors PipelineDeclaration's consistency checks, so a bad plan fails before any task runs. */
      def checkPlan(Map p) {
          if (p.trained) {
              error("param 'trained' = ${p.trained} (a registered optimizer) is taken by `l2o run` and `l2o stage evaluate`, not under Nextflow; evaluate it with the Java runner")
          }
          def trained = p.baseline_variants + p.curriculum_variants + p.imitation_variants
          p.eval_optimizers.each { o ->
              if (!(o in @UNTRAINED@) && !(o in trained)) {
                  def list = o in @CURRICULUM_VARIANTS@ ? 'curriculum_variants'
                      : o in @IMITATION_VARIANTS@ ? 'imitation_variants' : 'baseline_variants'
                  error("param 'eval_optimizers' lists '${o}' but no task trains it; add it to ${list} or remove it from eval_optimizers (a registered optimizer is evaluated by the Java runner: l2o run -p trained=models:/<name>/<version>)")
              }
          }
          if ('conv-cifar' in p.eval_problems && !('cifar10' in p.datasets)) {
              error("param 'eval_problems' includes conv-cifar but 'datasets' = ${p.datasets} lacks cifar10; add cifar10 to datasets or drop conv-cifar")
          }
          def needs_mnist = (p.train_problem == 'mlp-orig' && trained)
              || p.eval_problems.any { q -> q != 'conv-cifar' && q != 'quadratic' }
          if (needs_mnist && !(p.mnist_source in p.datasets)) {
              error("param 'datasets' = ${p.datasets} lacks ${p.mnist_source}, which MLP-orig, MLP-ReLU, MLP-deeper and Conv-MNIST train on (mnist_source = ${p.mnist_source}); add ${p.mnist_source}")
          }
      }

      /** Every run-level param, checked and in one canonical type, so equal values hash equally. */
      def runParams(Map given) {
          def specs = paramSpecs()
          given.keySet().each { key ->
              if (key in @PER_TASK_PARAMS@) {
                  error("param '${key}' is set per task by the pipeline's fan-out; choose what runs with baseline_variants, curriculum_variants, imitation_variants, eval_optimizers and eval_problems instead")
              }
              if (!specs.containsKey(key) && !(key in @NEXTFLOW_PARAMS@)) {
                  def snake = key.replaceAll(/([A-Z])/, '_$1').toLowerCase().replace('-', '_')
                  def hint = specs.containsKey(snake) ? "; did you mean --${snake}?" : ''
                  error("unknown param --${key}${hint} (see nextflow_schema.json for every param)")
              }
          }
          return specs.collectEntries { name, spec -> [name, canonicalParam(name, given[name], spec)] }
      }

      def canonicalParam(String name, raw, Map spec) {
          if (raw == null) {
              paramError(name, raw, 'a value is required', spec)
          }
          if (!spec.type.endsWith('_list')) {
              return canonicalValue(name, raw, spec.type, spec)
          }
          def items = raw instanceof Collection ? raw : raw.toString().trim().replaceAll(/^\\[|\\]$/, '').tokenize(',')
          def element_type = spec.type.replace('_list', '')
          return items.findAll { item -> item != null && item.toString().trim() }
              .collect { item -> canonicalValue(name, item, element_type, spec) }
      }

      def canonicalValue(String name, raw, String type, Map spec) {
          def text = raw.toString().trim()
          def value = text
          if (type == 'integer') {
              def digits = raw instanceof Number ? text : text.replace('_', '').replace(',', '')
              if (!digits.isBigDecimal() || digits.toBigDecimal().stripTrailingZeros().scale() > 0) {
                  paramError(name, raw, 'not an integer', spec)
              }
              value = digits.toBigDecimal().longValue()
          } else if (type == 'number') {
              if (!text.isDouble() || text.toDouble().isNaN() || text.toDouble().isInfinite()) {
                  paramError(name, raw, 'not a finite number', spec)
              }
              value = text.toDouble()
          } else if (type == 'boolean') {
              def word = text.toLowerCase()
              if (!(word in ['true', 'yes', '1', 'on', 'false', 'no', '0', 'off'])) {
                  paramError(name, raw, 'not a boolean', spec)
              }
              value = word in ['true', 'yes', '1', 'on']
          } else {
              if (spec.allowed && !(text in spec.allowed)) {
                  paramError(name, raw, 'not an allowed value', spec)
              }
              if (spec.pattern && !(text ==~ spec.pattern)) {
                  paramError(name, raw, "does not match ${spec.pattern}", spec)
              }
          }
          if ((spec.min != null && value < spec.min) || (spec.max != null && value > spec.max)) {
              paramError(name, raw, 'out of range', spec)
          }
          return value
      }

      def paramError(String name, raw, String why, Map spec) {
          error("param '${name}' = '${raw}' is invalid: ${why}; allowed: ${spec.accepts}")
      }

      /** Every run-level param of ParamSchema: type, range, allowed values, pattern. */
      def paramSpecs() {
          return [
      @PARAM_SPECS@
          ]
      }

      /** JSON text (which YAML reads too), written without a library: strict syntax has no imports. */
      def jsonOf(value) {
          if (value instanceof Map) {
              return '{' + value.collect { k, v -> jsonOf(k.toString()) + ':' + jsonOf(v) }.join(',') + '}'
          }
          if (value instanceof Collection) {
              return '[' + value.collect { v -> jsonOf(v) }.join(',') + ']'
          }
          if (value instanceof CharSequence) {
              return '"' + value.toString().replace('\\\\', '\\\\\\\\').replace('"', '\\\\"').replace('\\n', '\\\\n') + '"'
          }
          return value.toString()
      }
      """;
}
