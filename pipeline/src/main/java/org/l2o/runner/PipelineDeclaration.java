package org.l2o.runner;

import static org.l2o.params.StageNames.EVALUATE;
import static org.l2o.params.StageNames.FETCH;
import static org.l2o.params.StageNames.PLOT;
import static org.l2o.params.StageNames.TRAIN_BASELINE;
import static org.l2o.params.StageNames.TRAIN_CURRICULUM;
import static org.l2o.params.StageNames.TRAIN_IMITATION;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.l2o.engine.ProblemName;
import org.l2o.figures.ReferenceRun;
import org.l2o.params.ParamException;
import org.l2o.params.ParamSchema;
import org.l2o.params.ResolvedParams;
import org.l2o.variants.FigA1Setting;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * The pipeline, declared in one place: six stages, their inputs and outputs, resource labels, and
 * how each fans out over variants, optimizers and problems. The Java runner executes this
 * declaration; the Nextflow exporter generates {@code main.nf} from it.
 *
 * <p>Each task receives only the params it reads, as {@link ParamSchema#requiredFor} declares them,
 * so that changing, say, {@code lr_sgd} reruns only the SGD evaluations and the plot.
 */
public final class PipelineDeclaration {

  public static final String LABEL_SINGLE = "process_single";
  public static final String LABEL_GPU = "process_gpu";

  private static final List<StageDecl> STAGES =
      List.of(
          new StageDecl(FETCH, "Download MNIST/CIFAR-10 from mirrors, verify, write official splits",
              LABEL_SINGLE, List.of(), List.of("data"), PipelineDeclaration::fetchTasks),
          new StageDecl(TRAIN_BASELINE,
              "Meta-train L2O-DM, L2O-DM-AUG, RNNprop, L2O-Scale and the Fig A1 grid",
              LABEL_GPU, List.of(FETCH), List.of("trained"), PipelineDeclaration::baselineTasks),
          new StageDecl(TRAIN_CURRICULUM, "Meta-train with curriculum learning (L2O-DM-CL)",
              LABEL_GPU, List.of(FETCH), List.of("trained"), PipelineDeclaration::curriculumTasks),
          new StageDecl(TRAIN_IMITATION, "Meta-train with imitation learning (-IL, -CL-IL)",
              LABEL_GPU, List.of(FETCH), List.of("trained"), PipelineDeclaration::imitationTasks),
          new StageDecl(EVALUATE, "Train fresh optimizees with every optimizer, every seed",
              LABEL_GPU, List.of(FETCH, TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION),
              List.of("curves"), PipelineDeclaration::evaluateTasks),
          new StageDecl(PLOT, "Figures A1-A3 and the reproduction report", LABEL_SINGLE,
              List.of(TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION, EVALUATE),
              List.of("figures", "report"), PipelineDeclaration::plotTasks));

  private PipelineDeclaration() {}

  /** The stages, upstream first. */
  public static List<StageDecl> stages() {
    return STAGES;
  }

  /**
   * Whether a stage's one task publishes straight into {@code results/<stage>/} rather than into
   * {@code results/<stage>/<task>/}: fetch and plot plan exactly one task each, so the extra folder
   * level would only hide the report. {@code l2o run} and the exported Nextflow pipeline both follow it.
   */
  public static boolean publishesFlat(String stage) {
    return stage.equals(FETCH) || stage.equals(PLOT);
  }

  public static StageDecl stage(String name) {
    return STAGES.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException(
            "unknown stage '" + name + "'; stages are " + stageNames()));
  }

  public static List<String> stageNames() {
    return STAGES.stream().map(StageDecl::name).toList();
  }

  /**
   * Plans every task for {@code params}, checking that the run is consistent (every evaluated
   * learned optimizer is trained; the datasets cover the problems).
   *
   * @throws ParamException naming the param at fault
   */
  public static PlannedTasks plan(ResolvedParams params) {
    checkConsistent(params);
    PlannedTasks planned = new PlannedTasks();
    for (StageDecl s : STAGES) {
      planned.add(s.name(), s.fanOut().apply(params, planned));
    }
    return planned;
  }

  private static void checkConsistent(ResolvedParams p) {
    Set<String> trained = new LinkedHashSet<>();
    trained.addAll(p.getStrings("baseline_variants"));
    trained.addAll(p.getStrings("curriculum_variants"));
    trained.addAll(p.getStrings("imitation_variants"));
    List<String> fromRegistry = new ArrayList<>();
    for (String o : p.getStrings("eval_optimizers")) {
      Variant v = Variants.of(o);
      if (v.needsTraining() && !trained.contains(o)) {
        if (registered(p).isEmpty()) {
          throw new ParamException("eval_optimizers",
              "param 'eval_optimizers' lists '" + o + "' but no task trains it; add it to "
                  + variantParamFor(v) + ", remove it from eval_optimizers, or evaluate a registered one"
                  + " with -p trained=models:/<name>/<version>");
        }
        fromRegistry.add(o);
      }
    }
    if (fromRegistry.size() > 1) {
      throw new ParamException("trained",
          "param 'trained' = " + registered(p) + " supplies one optimizer, but eval_optimizers lists "
              + fromRegistry + " that no task trains; keep one of them");
    }
    List<String> data = p.getStrings("datasets");
    List<String> problems = p.getStrings("eval_problems");
    if (problems.contains("conv-cifar") && !data.contains("cifar10")) {
      throw new ParamException("datasets",
          "param 'eval_problems' includes conv-cifar but 'datasets' = " + data
              + " lacks cifar10; add cifar10 to datasets or drop conv-cifar");
    }
    boolean needsMnist =
        p.getString("train_problem").equals("mlp-orig") && !trained.isEmpty()
            || problems.stream().anyMatch(q -> !q.equals("conv-cifar") && !q.equals("quadratic"));
    String mnist = p.getString("mnist_source");
    if (needsMnist && !data.contains(mnist)) {
      throw new ParamException("datasets",
          "param 'datasets' = " + data + " lacks " + mnist + ", which MLP-orig, MLP-ReLU, "
              + "MLP-deeper and Conv-MNIST train on (mnist_source = " + mnist + "); add " + mnist);
    }
  }

  /** Param {@code trained}: a registered optimizer's models:/ URI, or "". */
  private static String registered(ResolvedParams p) {
    return p.has("trained") ? p.getString("trained") : "";
  }

  /** The *_variants param that lists the tasks of {@code variant}'s training stage. */
  private static String variantParamFor(Variant variant) {
    return switch (variant.trainingStage()) {
      case TRAIN_CURRICULUM -> "curriculum_variants";
      case TRAIN_IMITATION -> "imitation_variants";
      default -> "baseline_variants";
    };
  }

  // ---- fan-out ----

  private static List<TaskPlan> fetchTasks(ResolvedParams p, PlannedTasks up) {
    return List.of(new TaskPlan(FETCH, "data", p.only(ParamSchema.requiredFor(FETCH, null)),
        Map.of(), LABEL_SINGLE));
  }

  private static List<TaskPlan> baselineTasks(ResolvedParams p, PlannedTasks up) {
    List<TaskPlan> out = new ArrayList<>();
    TaskPlan data = up.single(FETCH);
    for (String name : p.getStrings("baseline_variants")) {
      out.add(trainTask(TRAIN_BASELINE, Variants.of(name), p, data));
    }
    for (String setting : p.getStrings("fig_a1_settings")) {
      Variant v = Variants.figA1(FigA1Setting.parse(setting));
      if (out.stream().noneMatch(t -> t.id().equals(v.name()))) {
        out.add(trainTask(TRAIN_BASELINE, v, p, data));
      }
    }
    return out;
  }

  private static List<TaskPlan> curriculumTasks(ResolvedParams p, PlannedTasks up) {
    List<TaskPlan> out = new ArrayList<>();
    for (String v : p.getStrings("curriculum_variants")) {
      out.add(trainTask(TRAIN_CURRICULUM, Variants.of(v), p, up.single(FETCH)));
    }
    return out;
  }

  private static List<TaskPlan> imitationTasks(ResolvedParams p, PlannedTasks up) {
    List<TaskPlan> out = new ArrayList<>();
    for (String v : p.getStrings("imitation_variants")) {
      out.add(trainTask(TRAIN_IMITATION, Variants.of(v), p, up.single(FETCH)));
    }
    return out;
  }

  /** A training task of {@code variant}, given exactly the params the schema says it reads. */
  private static TaskPlan trainTask(String stage, Variant variant, ResolvedParams p, TaskPlan data) {
    ResolvedParams tp = p.only(ParamSchema.requiredFor(stage, variant))
        .merge(Map.of("variant", variant.name()), "fan-out", true);
    return new TaskPlan(stage, variant.name(), tp, Map.of("data", List.of(data)), LABEL_GPU);
  }

  private static List<TaskPlan> evaluateTasks(ResolvedParams p, PlannedTasks up) {
    List<TaskPlan> out = new ArrayList<>();
    TaskPlan data = up.single(FETCH);
    for (String o : p.getStrings("eval_optimizers")) {
      for (String q : p.getStrings("eval_problems")) {
        out.add(evalTask(Variants.of(o), q, p, up, data));
      }
    }
    for (TaskPlan t : up.of(TRAIN_BASELINE)) {
      Variant v = Variants.of(t.params().getString("variant"));
      if (v.figA1Setting().isPresent()) {
        out.add(evalTask(v, ProblemName.MLP_ORIG.id(), p, up, data));
      }
    }
    return out;
  }

  private static TaskPlan evalTask(
      Variant optimizer, String problem, ResolvedParams p, PlannedTasks up, TaskPlan data) {
    String name = optimizer.name();
    List<String> keys = new ArrayList<>(ParamSchema.requiredFor(EVALUATE, optimizer));
    Map<String, List<TaskPlan>> inputs = new LinkedHashMap<>();
    inputs.put("data", List.of(data));
    if (optimizer.needsTraining()) {
      if (up.trainerOf(name).isPresent()) {
        inputs.put("trained", List.of(up.trainerOf(name).get()));
      } else if (!registered(p).isEmpty()) {
        keys.add("trained"); // a registered optimizer: its URI enters the cache key
      } else {
        throw new IllegalStateException("no trainer planned for " + name);
      }
    }
    // The authors' models take no input and no network params: the stage imports the released
    // file bundled in the jar, whose bytes (pinned by digest in code) are part of the tool version
    // in every cache key.
    ResolvedParams tp =
        p.only(keys).merge(Map.of("optimizer", name, "problem", problem), "fan-out", true);
    return new TaskPlan(EVALUATE, name + "/" + problem, tp, inputs, LABEL_GPU);
  }

  private static List<TaskPlan> plotTasks(ResolvedParams p, PlannedTasks up) {
    List<TaskPlan> trained = new ArrayList<>();
    for (String s : List.of(TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION)) {
      trained.addAll(up.of(s));
    }
    Map<String, List<TaskPlan>> inputs = new LinkedHashMap<>();
    inputs.put("evaluations", up.of(EVALUATE));
    inputs.put("trained", trained);
    ResolvedParams tp = p.only(ParamSchema.requiredFor(PLOT, null));
    String ref = tp.getString("reference").trim();
    if (!ref.isEmpty() && !ref.equals("auto") && !ref.equals("none")) {
      // The plot task runs in its work folder: a path the user gave is meant from where they are.
      Path abs = Path.of(ref).toAbsolutePath().normalize();
      try {
        ReferenceRun.locate(abs.toString(), "");
      } catch (ParamException e) {
        throw new ParamException("reference", "param 'reference' = " + e.getMessage());
      } catch (java.io.IOException e) {
        throw new ParamException("reference", "param 'reference' = '" + ref + "': cannot read "
            + abs + ": " + e.getMessage());
      }
      tp = tp.merge(Map.of("reference", abs.toString()), "the launch directory", false);
    }
    return List.of(new TaskPlan(PLOT, "figures", tp, inputs, LABEL_SINGLE));
  }
}
