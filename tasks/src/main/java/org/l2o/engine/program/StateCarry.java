package org.l2o.engine.program;

import java.util.ArrayList;
import java.util.List;
import org.l2o.engine.graph.Tensors;
import org.l2o.engine.rule.StateSlot;
import org.tensorflow.Result;
import org.tensorflow.Tensor;
import org.tensorflow.types.TFloat32;

/**
 * The rule state of a {@link RolloutProgram}'s runs between calls, kept as native TF tensors: the
 * state one call returns is fed to the next as it is, never copied into Java arrays and back.
 * For an LSTM optimizer on 10 seeds of MLP-orig that state is 4 x 20 x 159,200 floats (51 MB),
 * which would otherwise cross the JNI boundary four times per call (array to tensor, tensor to
 * array, in and out).
 *
 * <p>It owns what it holds (the tensors it created, or the whole {@link Result} the state came
 * in) and frees the previous holding when it takes a new one. Not thread-safe.
 */
public final class StateCarry implements AutoCloseable {

  private final List<StateSlot> slots;
  private final int[] columns;
  private List<TFloat32> state = List.of();
  private AutoCloseable owner;

  private StateCarry(List<StateSlot> slots, int[] columns) {
    this.slots = slots;
    this.columns = columns;
  }

  /** A carry starting from {@code arrays} (one {@code [width, columns]} array per slot). */
  public static StateCarry of(RolloutProgram program, float[][] arrays) {
    int[] cols = new int[program.slots().size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = program.columns(i);
    }
    StateCarry c = new StateCarry(program.slots(), cols);
    c.replace(arrays);
    return c;
  }

  /** The state tensors, one per slot, valid until the next {@link #adopt} or {@link #replace}. */
  List<TFloat32> tensors() {
    if (owner == null) {
      throw new IllegalStateException("the state carry is closed");
    }
    return state;
  }

  /** Takes the state from outputs {@code first..first+slots-1} of {@code result}, which it now owns. */
  void adopt(Result result, int first) {
    List<TFloat32> next = new ArrayList<>();
    for (int i = 0; i < slots.size(); i++) {
      next.add((TFloat32) result.get(first + i));
    }
    swap(next, result);
  }

  /** Replaces the state with copies of {@code arrays} (one {@code [width, coordinates]} per slot). */
  public void replace(float[][] arrays) {
    if (arrays.length != slots.size()) {
      throw new IllegalArgumentException(
          "the rule has " + slots.size() + " state slots, got " + arrays.length + " arrays");
    }
    List<TFloat32> next = new ArrayList<>();
    try {
      for (int i = 0; i < arrays.length; i++) {
        next.add(Tensors.floats(arrays[i], slots.get(i).width(), columns[i]));
      }
    } catch (RuntimeException e) {
      next.forEach(Tensor::close);
      throw e;
    }
    List<TFloat32> owned = List.copyOf(next);
    swap(owned, () -> owned.forEach(Tensor::close));
  }

  /** A Java copy of the state, one {@code [width, columns]} array per slot. */
  public float[][] toArrays() {
    List<TFloat32> t = tensors();
    float[][] out = new float[t.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = Tensors.toFloats(t.get(i));
    }
    return out;
  }

  private void swap(List<TFloat32> next, AutoCloseable nextOwner) {
    AutoCloseable previous = owner;
    state = next;
    owner = nextOwner;
    closeQuietly(previous);
  }

  @Override
  public void close() {
    AutoCloseable previous = owner;
    owner = null;
    state = List.of();
    closeQuietly(previous);
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      throw new IllegalStateException("could not free the previous rollout state", e);
    }
  }

  @Override
  public String toString() {
    return "StateCarry[" + slots.size() + " slots, columns " + java.util.Arrays.toString(columns)
        + (owner == null ? ", closed" : "") + "]";
  }
}
