package org.l2o.figures;

/** Whether the reproduced results support one of the paper's claims. */
public enum ClaimVerdict {
  SUPPORTED("supported"),
  NOT_SUPPORTED("not supported"),
  /** The curves or costs the claim needs were not produced. */
  NOT_TESTED("not tested");

  private final String label;

  ClaimVerdict(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
