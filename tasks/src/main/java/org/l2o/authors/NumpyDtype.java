package org.l2o.authors;

/**
 * {@code numpy.dtype('f4', 0, 1)} followed by its {@code BUILD} state {@code (3, '<', None, None,
 * None, -1, -1, 0)}: the only dtype the authors' files use. Any other type string, byte order or
 * structured dtype is refused.
 */
final class NumpyDtype {

  private final String origin;
  private final String type;
  private String byteOrder;

  NumpyDtype(String origin, String type) {
    this.origin = origin;
    this.type = type;
  }

  /** numpy's {@code dtype.__setstate__} for a plain (not structured) dtype, state version 3. */
  void setState(Object state) {
    if (!(state instanceof Object[] s) || s.length != 8) {
      throw refuse("a dtype state " + NumpyArray.describe(state) + ", expected numpy's 8-tuple");
    }
    boolean plain = s[0] instanceof Number v && v.intValue() == 3 && s[2] == null && s[3] == null
        && s[4] == null && s[5] instanceof Number e && e.intValue() == -1
        && s[6] instanceof Number a && a.intValue() == -1 && s[7] instanceof Number f
        && f.intValue() == 0;
    if (!plain || !"<".equals(s[1])) {
      throw refuse("a dtype state (" + NumpyArray.describe(s[0]) + ", " + NumpyArray.describe(s[1])
          + ", ...) other than a plain little-endian one (3, '<', None, None, None, -1, -1, 0)");
    }
    this.byteOrder = "<";
  }

  boolean isLittleEndianFloat32() {
    return "f4".equals(type) && "<".equals(byteOrder);
  }

  private RefusedModelException refuse(String what) {
    return new RefusedModelException(origin + ": refused: " + what);
  }

  @Override
  public String toString() {
    return "dtype('" + (byteOrder == null ? "" : byteOrder) + type + "')";
  }
}
