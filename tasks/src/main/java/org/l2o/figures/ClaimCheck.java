package org.l2o.figures;

/**
 * One of the paper's claims with the evidence the reproduced results give for it.
 *
 * @param id claim number, 1..4
 * @param claim the claim as the paper (Appendix A1) states it
 * @param verdict supported, not supported or not tested
 * @param evidence the numbers behind the verdict, and anything missing that limits it
 */
public record ClaimCheck(int id, String claim, ClaimVerdict verdict, String evidence) {}
