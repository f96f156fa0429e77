package org.l2o.stages;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.l2o.params.ParamException;
import org.l2o.params.StageNames;

/** Every stage by name. */
public final class Stages {

  private static final Map<String, Supplier<Stage>> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put(StageNames.FETCH, FetchStage::new);
    BY_NAME.put(StageNames.TRAIN_BASELINE, TrainBaselineStage::new);
    BY_NAME.put(StageNames.TRAIN_CURRICULUM, TrainCurriculumStage::new);
    BY_NAME.put(StageNames.TRAIN_IMITATION, TrainImitationStage::new);
    BY_NAME.put(StageNames.EVALUATE, EvaluateStage::new);
    BY_NAME.put(StageNames.PLOT, PlotStage::new);
  }

  private Stages() {}

  /** A new instance of the named stage. */
  public static Stage byName(String name) {
    Supplier<Stage> s = BY_NAME.get(name);
    if (s == null) {
      throw new ParamException("<stage>", "unknown stage '" + name + "'; stages are " + StageNames.ALL);
    }
    return s.get();
  }

  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }
}
