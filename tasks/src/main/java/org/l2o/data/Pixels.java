package org.l2o.data;

/** Scales unsigned pixel bytes to [0,1]; one table so that every reader gives identical floats. */
final class Pixels {

  /** A table lookup keeps a full MNIST conversion well under a second. */
  private static final float[] UNIT = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      UNIT[i] = i / 255f;
    }
  }

  private Pixels() {}

  static float unit(byte b) {
    return UNIT[b & 0xff];
  }

  static float[] toUnit(byte[] bytes) {
    float[] out = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = UNIT[bytes[i] & 0xff];
    }
    return out;
  }
}
