package org.l2o.engine.problem;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * What one loss evaluation of {@code seeds} parallel runs sees: the images {@code [S, B, H, W,
 * C]} and one-hot labels {@code [S, B, classes]} of B = {@code examples} examples (a minibatch, or
 * a larger objective set) of a data problem, or the instance {@code [S, instanceSize]} of the
 * quadratic (the other fields null, examples its rows).
 */
public record ProblemInputs<T extends TFloating>(
    int seeds, int examples, Operand<T> images, Operand<T> labels, Operand<T> instance) {}
