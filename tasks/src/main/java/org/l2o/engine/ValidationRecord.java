package org.l2o.engine;

/**
 * One validation during meta-training.
 *
 * @param episode training episodes completed when it ran
 * @param score the sum over the validation episodes of the final loss; +Infinity if any diverged
 * @param diverged how many validation episodes diverged
 * @param improved whether it beat every earlier validation (the model was kept as best)
 */
public record ValidationRecord(int episode, double score, int diverged, boolean improved) {}
