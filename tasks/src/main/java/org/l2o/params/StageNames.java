package org.l2o.params;

import java.util.List;

/** The six stages' names, in pipeline order. */
public final class StageNames {
  public static final String FETCH = "fetch";
  public static final String TRAIN_BASELINE = "train-baseline";
  public static final String TRAIN_CURRICULUM = "train-curriculum";
  public static final String TRAIN_IMITATION = "train-imitation";
  public static final String EVALUATE = "evaluate";
  public static final String PLOT = "plot";

  public static final List<String> ALL =
      List.of(FETCH, TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION, EVALUATE, PLOT);

  public static final List<String> TRAINING =
      List.of(TRAIN_BASELINE, TRAIN_CURRICULUM, TRAIN_IMITATION);

  private StageNames() {}
}
