package org.l2o.engine.curriculum;

import java.util.List;
import java.util.Objects;

/**
 * One teacher of imitation learning: an analytical optimizer and its learning rate, written
 * {@code name:lr} in the {@code il_teachers} param (the paper, appendix A: {@code adam:0.01},
 * {@code sgd:0.01}, {@code adagrad:0.01}). Other hyperparameters are TensorFlow 1's defaults, see
 * {@link org.l2o.engine.AnalyticalSpec}.
 */
public record TeacherSpec(TeacherKind kind, double learningRate) {

  /** The paper's teacher ensemble (appendix A1.3), taken in turn. */
  public static final List<TeacherSpec> SEED_TEACHERS = List.of(
      new TeacherSpec(TeacherKind.ADAM, 0.01),
      new TeacherSpec(TeacherKind.SGD, 0.01),
      new TeacherSpec(TeacherKind.ADAGRAD, 0.01));

  public TeacherSpec {
    Objects.requireNonNull(kind, "kind");
    if (!(learningRate > 0.0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException(
          "teacher " + kind.id() + ": learning rate must be a finite number > 0, got "
              + learningRate);
    }
  }

  /** Parses {@code name:lr}, such as {@code adam:0.01}. */
  public static TeacherSpec parse(String text) {
    Objects.requireNonNull(text, "teacher");
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "teacher '" + text + "' has no learning rate; expected name:lr such as adam:0.01");
    }
    double lr;
    try {
      lr = Double.parseDouble(text.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "teacher '" + text + "': learning rate '" + text.substring(colon + 1)
              + "' is not a number; expected name:lr such as adam:0.01", e);
    }
    return new TeacherSpec(TeacherKind.fromId(text.substring(0, colon)), lr);
  }

  /** Parses every entry of an {@code il_teachers} list. */
  public static List<TeacherSpec> parseAll(List<String> texts) {
    return texts.stream().map(TeacherSpec::parse).toList();
  }

  /** {@code name:lr}, the form {@link #parse} reads. */
  @Override
  public String toString() {
    return kind.id() + ":" + learningRate;
  }
}
