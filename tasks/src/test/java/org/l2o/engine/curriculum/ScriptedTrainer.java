package org.l2o.engine.curriculum;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Drives a {@link CurriculumController} the way the meta-trainer does, without TF: "training"
 * an epoch makes a new model id, validation scores come from a script, and snapshots are model
 * ids, so a test can see which model was saved, restored and validated.
 */
final class ScriptedTrainer {

  /** Validation episodes per validation, as in the paper (20 fresh episodes). */
  static final int VALIDATION_EPISODES = 20;

  final CurriculumController controller;
  final List<String> log = new ArrayList<>();
  private final Deque<Double> scores;
  private String model = "init";
  private String snapshot;
  long epoch;

  ScriptedTrainer(CurriculumController controller, double... scores) {
    this.controller = controller;
    this.scores = new ArrayDeque<>();
    for (double s : scores) {
      this.scores.add(s);
    }
  }

  /** Runs until the controller ends training, the budget is spent or the script runs dry. */
  ScriptedTrainer run(long numEpochs) {
    while (!controller.finished() && epoch < numEpochs) {
      if (controller.validationDue(epoch + 1) && scores.isEmpty()) {
        return this;
      }
      epoch++;
      model = "trained@" + epoch;
      controller.addTrainSteps(controller.nTrain());
      if (controller.validationDue(epoch)) {
        double score = validate("validate");
        Decision d = controller.reportValidation(epoch, score);
        switch (d.kind()) {
          case NEW_BEST -> {
            snapshot = model;
            log.add("save " + model);
          }
          case ADVANCE -> {
            restore();
            controller.reportBaseline(epoch, validate("baseline"));
          }
          case STOP, EXHAUSTED -> {
            if (d.restoreBest()) {
              restore();
            }
          }
          default -> { }
        }
      }
    }
    if (!controller.finished() && epoch >= numEpochs) {
      if (controller.budgetSpent(epoch).restoreBest()) {
        restore();
      }
    }
    return this;
  }

  String model() {
    return model;
  }

  private double validate(String what) {
    double score = scores.removeFirst();
    controller.addValidSteps((long) VALIDATION_EPISODES * controller.nValid());
    log.add(what + " " + model + " at n_valid " + controller.nValid() + " = " + score);
    return score;
  }

  private void restore() {
    if (snapshot == null) {
      throw new IllegalStateException("restore asked but nothing was saved");
    }
    model = snapshot;
    log.add("restore " + snapshot);
  }
}
