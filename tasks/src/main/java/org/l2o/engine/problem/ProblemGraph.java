package org.l2o.engine.problem;

import org.l2o.data.Dataset;
import org.l2o.engine.graph.Feeds;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.VarHandleOp;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.family.TFloating;

/**
 * An optimizee inside one graph. The dataset lives in the graph (two resource variables loaded
 * once by {@link #load}) so that each step feeds only minibatch indices, not images.
 */
public final class ProblemGraph {

  private final Optimizee problem;
  private final Ops tf;
  private final Operand<?> imagesVar;
  private final Operand<?> labelsVar;
  private final Placeholder<TFloat32> imagesIn;
  private final Placeholder<TInt32> labelsIn;
  private final org.tensorflow.op.Op loadImages;
  private final org.tensorflow.op.Op loadLabels;

  /** Adds {@code problem}'s dataset (if any) to the graph of {@code tf}. */
  public ProblemGraph(Ops tf, Optimizee problem) {
    this.problem = problem;
    this.tf = tf;
    Dataset d = problem.data();
    if (d == null) {
      imagesVar = labelsVar = null;
      imagesIn = null;
      labelsIn = null;
      loadImages = loadLabels = null;
      return;
    }
    Ops dt = tf.withSubScope("dataset");
    Shape imageShape = Shape.of(d.count(), d.height(), d.width(), d.channels());
    imagesVar =
        dt.withName("images")
            .varHandleOp(TFloat32.class, imageShape, VarHandleOp.sharedName(unique(dt, "images")));
    labelsVar =
        dt.withName("labels")
            .varHandleOp(
                TInt32.class, Shape.of(d.count()), VarHandleOp.sharedName(unique(dt, "labels")));
    imagesIn = dt.withName("images_in").placeholder(TFloat32.class, Placeholder.shape(imageShape));
    labelsIn = dt.withName("labels_in").placeholder(TInt32.class, Placeholder.shape(Shape.of(d.count())));
    loadImages = dt.assignVariableOp(imagesVar, imagesIn);
    loadLabels = dt.assignVariableOp(labelsVar, labelsIn);
  }

  /**
   * A resource name unique in the graph: an empty shared name would make every variable of the
   * session one and the same resource.
   */
  private static String unique(Ops tf, String name) {
    return tf.scope().makeOpName(name);
  }

  public Optimizee problem() {
    return problem;
  }

  /** Copies the dataset into the graph's variables; once per session, before any run. */
  public void load(Session session) {
    Dataset d = problem.data();
    if (d == null) {
      return;
    }
    try (Feeds f = new Feeds(session)) {
      f.floats(imagesIn, d.images(), d.count(), d.height(), d.width(), d.channels());
      f.ints(labelsIn, d.labels(), d.count());
      f.target(loadImages).target(loadLabels);
      f.run().close();
    }
  }

  /**
   * The per-run losses {@code [S]} of {@code theta [S, P]} on minibatch indices {@code batch
   * [S, B]} (ignored by the quadratic) and instance {@code [S, I]} (null for data problems).
   */
  public <T extends TFloating> Operand<T> losses(
      Ops ops,
      Operand<T> theta,
      int seeds,
      Operand<TInt32> batch,
      Operand<TFloat32> instance,
      Class<T> type) {
    return losses(ops, theta, inputs(ops, seeds, batch, instance, type), type);
  }

  /** The per-run losses {@code [S]} of {@code theta [S, P]} on examples gathered once by {@link #inputs}. */
  public <T extends TFloating> Operand<T> losses(
      Ops ops, Operand<T> theta, ProblemInputs<T> in, Class<T> type) {
    return problem.buildLosses(ops, theta, in, type);
  }

  /**
   * The examples of indices {@code batch [S, B]} (B from its static shape; ignored by the
   * quadratic) or the instance {@code [S, I]}, gathered from the dataset: build once, evaluate the
   * loss of many parameter vectors on it.
   */
  public <T extends TFloating> ProblemInputs<T> inputs(
      Ops ops, int seeds, Operand<TInt32> batch, Operand<TFloat32> instance, Class<T> type) {
    Operand<T> images = null;
    Operand<T> labels = null;
    Operand<T> inst = null;
    Dataset d = problem.data();
    if (d != null) {
      Operand<TFloat32> all = ops.readVariableOp(imagesVar, TFloat32.class);
      Operand<TInt32> allLabels = ops.readVariableOp(labelsVar, TInt32.class);
      Operand<TFloat32> x = ops.gather(all, batch, ops.constant(0));
      Operand<TInt32> y = ops.gather(allLabels, batch, ops.constant(0));
      Operand<TFloat32> oneHot =
          ops.oneHot(y, ops.constant(d.classes()), ops.constant(1f), ops.constant(0f));
      images = cast(ops, x, type);
      labels = cast(ops, oneHot, type);
    } else {
      inst = cast(ops, instance, type);
    }
    int examples =
        d != null && batch.shape().numDimensions() == 2 && batch.shape().size(1) > 0
            ? (int) batch.shape().size(1)
            : problem.batchSize();
    return new ProblemInputs<>(seeds, examples, images, labels, inst);
  }

  @SuppressWarnings("unchecked")
  private static <T extends TFloating> Operand<T> cast(
      Ops ops, Operand<TFloat32> x, Class<T> type) {
    return type == TFloat32.class ? (Operand<T>) x : ops.dtypes.cast(x, type);
  }
}
