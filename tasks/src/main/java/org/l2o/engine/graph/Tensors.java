package org.l2o.engine.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Copies between Java arrays and TF tensors in one bulk operation each way.
 *
 * <p>Tensors are always created from a buffer: {@code tensorOf(shape)} alone hands back
 * uninitialised native memory. The caller owns (and must close) every tensor returned.
 */
public final class Tensors {

  private Tensors() {}

  /** A float32 tensor of the given shape holding a copy of {@code data}. */
  public static TFloat32 floats(float[] data, long... dims) {
    checkSize(data.length, dims);
    return TFloat32.tensorOf(Shape.of(dims), DataBuffers.of(data, true, false));
  }

  /** A float64 tensor of the given shape holding a copy of {@code data}. */
  public static TFloat64 doubles(double[] data, long... dims) {
    checkSize(data.length, dims);
    return TFloat64.tensorOf(Shape.of(dims), DataBuffers.of(data, true, false));
  }

  /** An int32 tensor of the given shape holding a copy of {@code data}. */
  public static TInt32 ints(int[] data, long... dims) {
    checkSize(data.length, dims);
    return TInt32.tensorOf(Shape.of(dims), DataBuffers.of(data, true, false));
  }

  /**
   * All elements of a float32 tensor, row-major. Reads the raw buffer in bulk: the NdArray copy
   * path is several times slower, which shows when LSTM states of ~10^7 floats come back per call.
   */
  public static float[] toFloats(Tensor t) {
    TFloat32 f = (TFloat32) t;
    float[] out = new float[Math.toIntExact(f.shape().size())];
    f.asRawTensor().data().asFloats().read(out);
    return out;
  }

  /** All elements of a float64 tensor, row-major. */
  public static double[] toDoubles(Tensor t) {
    TFloat64 f = (TFloat64) t;
    double[] out = new double[Math.toIntExact(f.shape().size())];
    f.asRawTensor().data().asDoubles().read(out);
    return out;
  }

  private static void checkSize(int length, long[] dims) {
    long n = 1;
    for (long d : dims) {
      n *= d;
    }
    if (n != length) {
      throw new IllegalArgumentException(
          "tensor data has " + length + " elements but shape " + Shape.of(dims) + " needs " + n);
    }
  }
}
