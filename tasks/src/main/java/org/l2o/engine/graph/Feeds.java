package org.l2o.engine.graph;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/**
 * One {@code session.run} under construction: it owns the input tensors it creates and closes them
 * all on {@link #close()}, so no feed can leak native memory even when the run throws.
 */
public final class Feeds implements AutoCloseable {

  private final Session.Runner runner;
  private final List<Tensor> owned = new ArrayList<>();

  public Feeds(Session session) {
    this.runner = session.runner();
  }

  /** Feeds a float32 array with the given shape. */
  public Feeds floats(Operand<?> placeholder, float[] data, long... dims) {
    return own(placeholder, Tensors.floats(data, dims));
  }

  /** Feeds a float64 array with the given shape. */
  public Feeds doubles(Operand<?> placeholder, double[] data, long... dims) {
    return own(placeholder, Tensors.doubles(data, dims));
  }

  /** Feeds an int32 array with the given shape. */
  public Feeds ints(Operand<?> placeholder, int[] data, long... dims) {
    return own(placeholder, Tensors.ints(data, dims));
  }

  /** Feeds a float32 scalar. */
  public Feeds scalar(Operand<?> placeholder, float value) {
    return own(placeholder, Tensors.floats(new float[] {value}));
  }

  /** Feeds a tensor that the caller keeps owning (it must stay open until the run is done). */
  public Feeds tensor(Operand<?> placeholder, Tensor t) {
    runner.feed(placeholder, t);
    return this;
  }

  /** Adds an op to run for its effect. */
  public Feeds target(org.tensorflow.op.Op op) {
    runner.addTarget(op);
    return this;
  }

  /** Adds a fetch; results come back in fetch order. */
  public Feeds fetch(Operand<?> output) {
    runner.fetch(output);
    return this;
  }

  /** Sets run options (e.g. a trace level for profiling). */
  public Feeds options(org.tensorflow.proto.RunOptions options) {
    runner.setOptions(options);
    return this;
  }

  /** Runs the session and collects run metadata; the caller closes the result. */
  public Result runWithMetadata() {
    return runner.runAndFetchMetadata();
  }

  /** Runs the session; the caller closes the result. */
  public Result run() {
    return runner.run();
  }

  private Feeds own(Operand<?> placeholder, Tensor t) {
    owned.add(t);
    runner.feed(placeholder, t);
    return this;
  }

  @Override
  public void close() {
    for (Tensor t : owned) {
      t.close();
    }
    owned.clear();
  }
}
