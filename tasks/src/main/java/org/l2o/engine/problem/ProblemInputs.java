package org.l2o.engine.problem;

import org.tensorflow.Operand;
import org.tensorflow.types.family.TFloating;

/**
 * What one loss evaluation of {@code seeds} parallel runs sees: the minibatch images
 * {@code [S, B, H, W, C]} and one-hot labels {@code [S, B, classes]} of a data problem, or the
 * instance {@code [S, instanceSize]} of the quadratic (the other fields null).
 */
public record ProblemInputs<T extends TFloating>(
    int seeds, Operand<T> images, Operand<T> labels, Operand<T> instance) {}
