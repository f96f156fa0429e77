package org.l2o.authors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A float32 numpy array as a pickle rebuilds it: {@code _reconstruct(ndarray, (0,), b'b')} makes
 * an empty one, then {@code BUILD} hands it numpy's state tuple {@code (1, shape, dtype,
 * is_fortran, data)}. Only little-endian float32 in C order is accepted, which is what the authors'
 * files hold; anything else is refused rather than converted.
 */
final class NumpyArray {

  private final String origin;
  private int[] shape;
  private float[] data;

  NumpyArray(String origin) {
    this.origin = origin;
  }

  /** numpy's {@code ndarray.__setstate__} for protocol-3 pickles (state version 1). */
  void setState(Object state) {
    if (!(state instanceof Object[] s) || s.length != 5) {
      throw refuse("an ndarray state that is not numpy's 5-tuple (version, shape, dtype, "
          + "is_fortran, data): " + describe(state));
    }
    if (!(s[0] instanceof Number v) || v.intValue() != 1) {
      throw refuse("ndarray state version " + describe(s[0]) + ", expected 1");
    }
    if (!(s[2] instanceof NumpyDtype dtype) || !dtype.isLittleEndianFloat32()) {
      throw refuse("an ndarray of dtype " + describe(s[2]) + ", expected little-endian float32 "
          + "('<f4')");
    }
    if (!Boolean.FALSE.equals(s[3])) {
      throw refuse("an ndarray with is_fortran = " + describe(s[3]) + ", expected C order (False)");
    }
    int[] dims = dims(s[1]);
    long count = 1;
    for (int d : dims) {
      count *= d;
    }
    if (!(s[4] instanceof byte[] bytes) || bytes.length != 4 * count) {
      throw refuse("an ndarray of shape " + Arrays.toString(dims) + " with "
          + (s[4] instanceof byte[] b ? b.length + " data bytes" : "data " + describe(s[4]))
          + ", expected " + 4 * count + " bytes");
    }
    float[] values = new float[(int) count];
    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    this.shape = dims;
    this.data = values;
  }

  /** The shape, e.g. {@code [22, 80]}; empty for a scalar. */
  int[] shape() {
    requireBuilt();
    return shape.clone();
  }

  /** The values in C (row-major) order. */
  float[] data() {
    requireBuilt();
    return data.clone();
  }

  boolean built() {
    return shape != null;
  }

  private void requireBuilt() {
    if (shape == null) {
      throw refuse("an ndarray that was reconstructed but never given its state (no BUILD)");
    }
  }

  private int[] dims(Object shapeTuple) {
    if (!(shapeTuple instanceof Object[] t)) {
      throw refuse("an ndarray shape that is not a tuple: " + describe(shapeTuple));
    }
    int[] dims = new int[t.length];
    for (int i = 0; i < t.length; i++) {
      if (!(t[i] instanceof Number n) || n.longValue() < 0 || n.longValue() > 1_000_000) {
        throw refuse("an ndarray dimension " + describe(t[i]) + ", expected 0..1000000");
      }
      dims[i] = n.intValue();
    }
    return dims;
  }

  private RefusedModelException refuse(String what) {
    return new RefusedModelException(origin + ": refused: " + what);
  }

  static String describe(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Object[] a) {
      return "tuple of " + a.length;
    }
    if (o instanceof byte[] b) {
      return "bytes[" + b.length + "]";
    }
    String s = String.valueOf(o);
    return (s.length() > 60 ? s.substring(0, 60) + "…" : s) + " (" + o.getClass().getSimpleName()
        + ")";
  }

  @Override
  public String toString() {
    return "ndarray" + (shape == null ? "(unbuilt)" : Arrays.toString(shape)) + " float32";
  }
}
