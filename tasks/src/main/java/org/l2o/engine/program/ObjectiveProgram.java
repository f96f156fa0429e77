package org.l2o.engine.program;

import org.l2o.engine.graph.Feeds;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.problem.Optimizee;
import org.l2o.engine.problem.ProblemGraph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * F(theta): one run's loss over a fixed set of examples (L2O-Scale's objective subset), forward
 * only: how validation scores a run in the authors' L2O-Scale code.
 */
public final class ObjectiveProgram {

  private final Optimizee problem;
  private final int examples;
  private final Placeholder<TFloat32> thetaIn;
  private final Placeholder<TInt32> examplesIn;
  private final Operand<TFloat32> lossOut;

  /** The loss of one run over {@code examples} examples of {@code graph}'s dataset. */
  public ObjectiveProgram(Ops tf, ProblemGraph graph, int examples) {
    this.problem = graph.problem();
    if (problem.data() == null || examples < 1) {
      throw new IllegalArgumentException(
          "an objective over examples needs a data problem and examples >= 1, got "
              + problem.name().id() + " and " + examples);
    }
    this.examples = examples;
    Ops in = tf;
    thetaIn = in.withName("in_theta")
        .placeholder(TFloat32.class, Placeholder.shape(Shape.of(1, problem.paramCount())));
    examplesIn = in.withName("in_examples")
        .placeholder(TInt32.class, Placeholder.shape(Shape.of(1, examples)));
    lossOut = tf.withName("objective").identity(
        graph.losses(tf, thetaIn, 1, examplesIn, null, TFloat32.class));
  }

  /** F of {@code theta} ({@code [P]}) over the examples of indices {@code indices}. */
  public float loss(Session session, float[] theta, int[] indices) {
    try (Feeds f = new Feeds(session)) {
      f.floats(thetaIn, theta, 1, problem.paramCount()).ints(examplesIn, indices, 1, examples);
      f.fetch(lossOut);
      try (Result r = f.run()) {
        return Tensors.toFloats(r.get(0))[0];
      }
    }
  }

  public int examples() {
    return examples;
  }
}
