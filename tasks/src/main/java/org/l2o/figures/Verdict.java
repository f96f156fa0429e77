package org.l2o.figures;

/** How one reproduced final ln-loss compares with the paper's read-off. */
public enum Verdict {
  /** Within the read-off uncertainty. */
  MATCHES("matches"),
  /** Lower loss than the read-off by more than the uncertainty. */
  BETTER("better than paper"),
  /** Higher loss than the read-off by more than the uncertainty, or diverged where it did not. */
  WORSE("worse than paper"),
  /** The paper has a read-off but no curves were produced. */
  NOT_RUN("not run"),
  /** Curves were produced but the paper shows no value to compare with. */
  NO_TARGET("no paper value");

  private final String label;

  Verdict(String label) {
    this.label = label;
  }

  /** The words the report prints. */
  public String label() {
    return label;
  }
}
