package org.l2o.engine.curriculum;

import java.util.List;

/**
 * Picks the teacher of each imitation episode in turn, as the authors' code does with several
 * teachers; only imitation episodes advance it.
 */
public final class TeacherRoundRobin {

  private final List<TeacherSpec> teachers;
  private long picked;

  public TeacherRoundRobin(List<TeacherSpec> teachers) {
    if (teachers == null || teachers.isEmpty()) {
      throw new IllegalArgumentException(
          "teacher round robin: no teachers given, expected at least one such as adam:0.01");
    }
    this.teachers = List.copyOf(teachers);
  }

  /** The next teacher: the first, second, ... and back to the first. */
  public TeacherSpec next() {
    TeacherSpec t = teachers.get((int) (picked % teachers.size()));
    picked++;
    return t;
  }

  /** How many teachers were handed out. */
  public long picked() {
    return picked;
  }

  /** Continues a resumed run: {@code picked} teachers were handed out before. */
  public void resumeAt(long picked) {
    if (picked < 0) {
      throw new IllegalArgumentException("teacher round robin: picked must be >= 0, got " + picked);
    }
    this.picked = picked;
  }

  /** The teachers, in turn order. */
  public List<TeacherSpec> teachers() {
    return teachers;
  }

  @Override
  public String toString() {
    return "TeacherRoundRobin(" + teachers + ", picked=" + picked + ")";
  }
}
