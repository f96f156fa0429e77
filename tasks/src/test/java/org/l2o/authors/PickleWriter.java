package org.l2o.authors;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes protocol-3 pickle opcodes by hand, so that tests can make files in the authors' structure
 * (and broken variants of it) without Python. {@link #authorsFile} emits the same opcode sequence
 * that dill wrote for the released files (as {@code pickletools.dis} shows it), without the memo.
 */
final class PickleWriter {

  /** One array for {@link #authorsFile}: its numpy shape and C-order values. */
  record Arr(int[] shape, float[] data) { }

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** dill's {@code networks.save} output for {@code modules} (module -> variable -> array). */
  static byte[] authorsFile(Map<String, Map<String, Arr>> modules) {
    PickleWriter w = new PickleWriter().proto(3);
    w.global("collections", "defaultdict").global("dill._dill", "_load_type").unicode("dict")
        .op(0x85).op('R').op(0x85).op('R');
    w.op('(');
    modules.forEach((module, vars) -> {
      w.unicode(module).op('}').op('(');
      vars.forEach((name, a) -> w.unicode(name).ndarray(a));
      w.op('u');
    });
    return w.op('u').op('.').bytes();
  }

  /** numpy's reduce of one float32 array through dill's helpers. */
  PickleWriter ndarray(Arr a) {
    global("dill._dill", "_get_attr").global("dill._dill", "_import_module")
        .unicode("numpy.core._multiarray_umath").op(0x85).op('R').unicode("_reconstruct")
        .op(0x86).op('R');
    global("numpy", "ndarray").binint1(0).op(0x85).shortBinbytes(new byte[] {'b'}).op(0x87)
        .op('R');
    op('(').binint1(1);
    op('(');
    for (int d : a.shape()) {
      binint1(d);
    }
    op('t');
    global("numpy", "dtype").unicode("f4").binint1(0).binint1(1).op(0x87).op('R');
    op('(').binint1(3).unicode("<").op('N').op('N').op('N').binint(-1).binint(-1).binint1(0)
        .op('t').op('b');
    op(0x89);
    ByteBuffer data = ByteBuffer.allocate(4 * a.data().length).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(a.data());
    binbytes(data.array());
    return op('t').op('b');
  }

  PickleWriter proto(int version) {
    return op(0x80).op(version);
  }

  PickleWriter global(String module, String name) {
    op('c');
    raw((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
    return this;
  }

  PickleWriter unicode(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    op('X').int32(b.length);
    raw(b);
    return this;
  }

  PickleWriter binint1(int v) {
    return op('K').op(v);
  }

  PickleWriter binint(int v) {
    return op('J').int32(v);
  }

  PickleWriter shortBinbytes(byte[] b) {
    op('C').op(b.length);
    raw(b);
    return this;
  }

  PickleWriter binbytes(byte[] b) {
    op('B').int32(b.length);
    raw(b);
    return this;
  }

  PickleWriter op(int code) {
    out.write(code);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  private PickleWriter int32(int v) {
    raw(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array());
    return this;
  }

  private void raw(byte[] b) {
    out.write(b, 0, b.length);
  }

  /** Arrays of L2O-DM (2 x {@code h}) or RNNprop filled with distinct, position-coding values. */
  static Map<String, Map<String, Arr>> network(boolean rnnprop, int h) {
    Map<String, Map<String, Arr>> m = new LinkedHashMap<>();
    float[] seed = {0};
    if (rnnprop) {
      m.put("input_projection", vars("w", arr(seed, 2, h), "b", arr(seed, h)));
    }
    int in = rnnprop ? h : 2;
    m.put("lstm_1", vars("w_gates", arr(seed, in + h, 4 * h), "b_gates", arr(seed, 4 * h)));
    m.put("lstm_2", vars("w_gates", arr(seed, 2 * h, 4 * h), "b_gates", arr(seed, 4 * h)));
    m.put("linear", vars("w", arr(seed, h, 1), "b", arr(seed, 1)));
    return m;
  }

  static Map<String, Arr> vars(String a, Arr x, String b, Arr y) {
    Map<String, Arr> v = new LinkedHashMap<>();
    v.put(a, x);
    v.put(b, y);
    return v;
  }

  /** An array whose values run on from {@code counter[0]}, so every weight in a file differs. */
  static Arr arr(float[] counter, int... shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    float[] data = new float[n];
    for (int i = 0; i < n; i++) {
      counter[0] += 1;
      data[i] = counter[0] / 1024f;
    }
    return new Arr(shape, data);
  }
}
