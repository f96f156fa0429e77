package org.l2o.nextflow;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ResolvedParams;
import org.l2o.params.StageNames;
import org.l2o.runner.PipelineDeclaration;
import org.l2o.runner.PlannedTasks;
import org.l2o.runner.StageDecl;
import org.l2o.runner.TaskPlan;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * What the Nextflow exporter needs to know about one stage, read off the Java declaration by
 * planning a run that enables every variant, optimizer, problem and dataset.
 *
 * <p>The fan-out functions of {@link PipelineDeclaration} are code, not data, so the exporter does
 * not guess which params a task reads: it plans the widest run and records, for every fan-out
 * element (a variant, an optimizer, a fixed task id), the exact keys the Java runner gives that
 * task. The generated workflow then hands each Nextflow task the same keys.
 *
 * @param decl the stage as declared
 * @param keysByElement for each fan-out element, the hashed run-level params its tasks read, in
 *     schema order; Fig A1 variants are folded into {@link #A1_ELEMENT}
 * @param notHashed the params the stage reads that must not enter its cache key (device, data
 *     cache...), passed to the task through the environment instead
 * @param perTaskKeys the per-task keys (variant, optimizer, problem) the stage's tasks get via -p
 * @param inputs the input roles, single and optional ones first, then the collected ones
 * @param taskIds the ids of the stage's tasks in the widest plan
 * @param rolesByElement for each fan-out element, the input roles its tasks bind
 */
public record StageShape(
    StageDecl decl,
    Map<String, List<String>> keysByElement,
    List<String> notHashed,
    List<String> perTaskKeys,
    List<InputRole> inputs,
    List<String> taskIds,
    Map<String, Set<String>> rolesByElement) {

  /** The variant-name prefix the registry gives Fig A1 settings ({@code dm-a1-<n>-<v>}). */
  public static final String A1_PREFIX = Variants.FIG_A1_PREFIX;
  /** The one element standing for every Fig A1 variant: their tasks read the same keys. */
  public static final String A1_ELEMENT = A1_PREFIX + "*";

  /** How many upstream outputs a task binds to an input role. */
  public enum Arity {
    /** Every task has exactly one. */
    ONE,
    /** Some tasks have one, others none (evaluate's trained optimizer). */
    OPTIONAL,
    /** A collected list, possibly empty (plot). */
    MANY
  }

  /** One input role of a stage (see {@code l2o stage --input role=dir}). */
  public record InputRole(String role, Arity arity) { }

  public StageShape {
    keysByElement = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(keysByElement));
    notHashed = List.copyOf(notHashed);
    perTaskKeys = List.copyOf(perTaskKeys);
    inputs = List.copyOf(inputs);
    taskIds = List.copyOf(taskIds);
    rolesByElement = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rolesByElement));
  }

  /** The fan-out elements whose tasks bind no input for {@code role} (evaluate: untrained optimizers). */
  public List<String> elementsWithout(String role) {
    input(role);
    return rolesByElement.entrySet().stream().filter(e -> !e.getValue().contains(role)).map(Map.Entry::getKey).toList();
  }

  public String name() {
    return decl.name();
  }

  /** {@code L2O_TRAIN_BASELINE}: nf-core's UPPER_SNAKE process name. */
  public String processName() {
    return "L2O_" + decl.name().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** The emit name of the stage's output folder: the first output the declaration names. */
  public String emitName() {
    return decl.outputs().get(0);
  }

  /** The id of the stage's only task (fetch: {@code data}, plot: {@code figures}). */
  public String singleTaskId() {
    if (taskIds.size() != 1) {
      throw new IllegalStateException(name() + " plans " + taskIds.size() + " tasks, not one: " + taskIds);
    }
    return taskIds.get(0);
  }

  public InputRole input(String role) {
    return inputs.stream().filter(r -> r.role().equals(role)).findFirst()
        .orElseThrow(() -> new IllegalStateException(name() + " has no input role '" + role + "'; it has " + inputs));
  }

  /** The shapes of every stage, in declaration order. */
  public static List<StageShape> all() {
    PlannedTasks planned = PipelineDeclaration.plan(widestParams());
    List<StageShape> out = new ArrayList<>();
    for (StageDecl decl : PipelineDeclaration.stages()) {
      out.add(of(decl, planned.of(decl.name())));
    }
    return out;
  }

  /**
   * Every variant, Fig A1 setting (two of them, to prove their keys do not depend on the setting),
   * optimizer, problem and dataset: a run in which every kind of task appears.
   */
  static ResolvedParams widestParams() {
    Map<String, Object> raw = new LinkedHashMap<>();
    raw.put("datasets", sortedAllowed("datasets"));
    raw.put("baseline_variants", Variants.names(Variants.trainedBy(StageNames.TRAIN_BASELINE)));
    raw.put("fig_a1_settings", List.of("100:100", "200:500"));
    raw.put("curriculum_variants", Variants.names(Variants.trainedBy(StageNames.TRAIN_CURRICULUM)));
    raw.put("imitation_variants", Variants.names(Variants.trainedBy(StageNames.TRAIN_IMITATION)));
    raw.put("eval_optimizers", sortedAllowed("eval_optimizers"));
    raw.put("eval_problems", ParamSchema.PROBLEMS);
    return ResolvedParams.defaults().merge(raw, "the exporter's widest run", false);
  }

  private static List<String> sortedAllowed(String param) {
    return List.copyOf(new TreeSet<>(ParamSchema.find(param).orElseThrow().allowed()));
  }

  /** The fan-out element a task stands for: its variant, its optimizer, or its id. */
  static String elementOf(TaskPlan t) {
    String e = t.params().has("variant") ? t.params().getString("variant")
        : t.params().has("optimizer") ? t.params().getString("optimizer")
        : t.id();
    return Variants.find(e).flatMap(Variant::figA1Setting).isPresent() ? A1_ELEMENT : e;
  }

  static StageShape of(StageDecl decl, List<TaskPlan> tasks) {
    if (tasks.isEmpty()) {
      throw new IllegalStateException("the widest run plans no " + decl.name() + " task; widen StageShape.widestParams()");
    }
    Map<String, List<String>> keysByElement = new LinkedHashMap<>();
    Set<String> notHashed = new LinkedHashSet<>();
    Set<String> perTask = new LinkedHashSet<>();
    Map<String, Integer> maxCount = new LinkedHashMap<>();
    Map<String, Integer> present = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    Map<String, Set<String>> rolesByElement = new LinkedHashMap<>();
    for (TaskPlan t : tasks) {
      ids.add(t.id());
      List<String> hashed = new ArrayList<>();
      for (String key : t.params().asMap().keySet()) {
        ParamSpec spec = ParamSchema.find(key).orElseThrow(
            () -> new IllegalStateException(t.name() + " reads undeclared param " + key));
        if (spec.perTask()) {
          perTask.add(key);
        } else if (spec.hashed()) {
          hashed.add(key);
        } else {
          notHashed.add(key);
        }
      }
      String element = elementOf(t);
      List<String> before = keysByElement.putIfAbsent(element, List.copyOf(hashed));
      if (before != null && !before.equals(hashed)) {
        throw new IllegalStateException("the Nextflow exporter expects every " + decl.name() + " task of '" + element
            + "' to read the same params, but " + t.name() + " reads " + hashed + " and another reads " + before
            + "; teach StageShape.elementOf about the new fan-out");
      }
      Set<String> roles = new TreeSet<>(t.inputs().keySet());
      Set<String> rolesBefore = rolesByElement.putIfAbsent(element, roles);
      if (rolesBefore != null && !rolesBefore.equals(roles)) {
        throw new IllegalStateException("the Nextflow exporter expects every " + decl.name() + " task of '" + element
            + "' to bind the same inputs, but " + t.name() + " binds " + roles + " and another " + rolesBefore);
      }
      t.inputs().forEach((role, ups) -> {
        maxCount.merge(role, ups.size(), Math::max);
        present.merge(role, 1, Integer::sum);
      });
    }
    List<InputRole> roles = new ArrayList<>();
    maxCount.forEach((role, max) -> {
      Arity arity = max > 1 ? Arity.MANY : present.get(role) < tasks.size() ? Arity.OPTIONAL : Arity.ONE;
      roles.add(new InputRole(role, arity));
    });
    roles.sort(Comparator.comparing(InputRole::arity).thenComparing(InputRole::role));
    List<String> perTaskOrdered = ParamSchema.all().stream().map(ParamSpec::name).filter(perTask::contains).toList();
    List<String> notHashedOrdered = ParamSchema.all().stream().map(ParamSpec::name).filter(notHashed::contains).toList();
    return new StageShape(decl, keysByElement, notHashedOrdered, perTaskOrdered, roles, ids, rolesByElement);
  }

  @Override
  public String toString() {
    return "StageShape[" + name() + ", process=" + processName() + ", label=" + decl.label() + ", elements="
        + keysByElement.keySet() + ", notHashed=" + notHashed + ", perTask=" + perTaskKeys + ", inputs=" + inputs + "]";
  }
}
