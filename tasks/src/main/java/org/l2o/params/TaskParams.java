package org.l2o.params;

import static org.l2o.params.StageNames.EVALUATE;
import static org.l2o.params.StageNames.TRAIN_BASELINE;
import static org.l2o.params.StageNames.TRAIN_CURRICULUM;
import static org.l2o.params.StageNames.TRAIN_IMITATION;

import java.util.List;
import java.util.Set;
import org.l2o.variants.Variant;
import org.l2o.variants.Variants;

/**
 * The params one task reads, as {@link ParamSchema#forTask} declares them, cut from what the task
 * was given. A task given its params file reads only what the file holds: a declared param the
 * file lacks is an error naming the param and the task, never a silent paper default.
 */
public final class TaskParams {

  private static final Set<String> TRAINING = Set.of(TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION);

  private TaskParams() {}

  /**
   * The variant (training) or optimizer (evaluate) a task of {@code stage} is about, from its
   * per-task param; null for fetch and plot.
   *
   * @throws ParamException when the per-task param is missing or names no known optimizer
   */
  public static Variant elementOf(String stage, ResolvedParams given) {
    String key = TRAINING.contains(stage) ? "variant" : stage.equals(EVALUATE) ? "optimizer" : null;
    if (key == null) {
      return null;
    }
    if (!given.has(key)) {
      throw new ParamException(key, stage + " needs the per-task param '" + key + "'; pass -p "
          + key + "=<name>");
    }
    String name = given.getString(key);
    return Variants.find(name).orElseThrow(() -> new ParamException(key,
        "param '" + key + "' = '" + name + "' names no optimizer; known: "
            + Variants.names(Variants.all()) + " and " + Variants.FIG_A1_PREFIX
            + "<n_train>-<n_valid>"));
  }

  /**
   * The params of {@code given} that the task reads.
   *
   * @param stage the task's stage
   * @param task the task's name, for errors
   * @param given what the task was given
   * @param source where {@code given} came from, for errors ("params file params.yaml"), or null
   *     for a hand run from the defaults, which fills nothing in and so cannot miss anything
   * @throws ParamException naming the first declared param {@code given} lacks, and the task
   */
  public static ResolvedParams select(String stage, String task, ResolvedParams given, String source) {
    List<ParamSpec> reads = ParamSchema.forTask(stage, elementOf(stage, given));
    if (source != null) {
      for (ParamSpec s : reads) {
        if (!s.optional() && !given.has(s.name())) {
          throw new ParamException(s.name(), task + ": param '" + s.name() + "' is missing from "
              + source + "; this task reads " + reads.stream().map(ParamSpec::name).toList()
              + " and nothing falls back to a default when a params file is given");
        }
      }
    }
    return given.only(reads.stream().map(ParamSpec::name).toList());
  }
}
