package org.l2o.engine.curriculum;

import java.util.Arrays;
import java.util.Locale;

/** The analytical optimizers an L2O can imitate; names as in the {@code il_teachers} param. */
public enum TeacherKind {
  ADAM,
  SGD,
  ADAGRAD,
  RMSPROP,
  NAG;

  /** The lower-case name used in params, such as {@code adam}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind named {@code id}, case-insensitively. */
  public static TeacherKind fromId(String id) {
    for (TeacherKind k : values()) {
      if (k.id().equalsIgnoreCase(id.trim())) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown teacher '" + id + "', expected one of "
            + Arrays.stream(values()).map(TeacherKind::id).toList());
  }
}
