package org.l2o.authors;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The arrays of one released file as the authors' {@code networks.save} wrote them: a {@code
 * defaultdict} from Sonnet module name ({@code lstm_1}, {@code linear}, ...) to a dict from
 * variable name ({@code w_gates}, {@code b}, ...) to a float32 array. Only that nesting is
 * accepted; the shapes are checked by {@link AuthorsImporter} against the network they belong to.
 */
final class SonnetArrays {

  /** One array: its numpy shape and its values in C order. */
  record Array(int[] shape, float[] data) { }

  private SonnetArrays() {}

  /**
   * Reads {@code pickle}, keyed {@code module/variable} (e.g. {@code lstm_1/w_gates}), sorted.
   *
   * @param origin the file's name for error messages
   * @throws RefusedModelException naming {@code origin} and what was wrong
   */
  static Map<String, Array> read(byte[] pickle, String origin) {
    Object top = WhitelistUnpickler.read(pickle, origin);
    if (!(top instanceof WhitelistUnpickler.DefaultDict modules)) {
      throw refuse(origin, "the top-level object is " + NumpyArray.describe(top)
          + ", expected collections.defaultdict(dict) of Sonnet modules");
    }
    Map<String, Array> out = new TreeMap<>();
    for (Map.Entry<Object, Object> m : modules.entrySet()) {
      if (!(m.getKey() instanceof String module)) {
        throw refuse(origin, "a module key " + NumpyArray.describe(m.getKey()) + ", expected a name");
      }
      if (!(m.getValue() instanceof Map<?, ?> vars)
          || m.getValue() instanceof WhitelistUnpickler.DefaultDict) {
        throw refuse(origin, "module '" + module + "' holds " + NumpyArray.describe(m.getValue())
            + ", expected a dict of arrays");
      }
      for (Map.Entry<?, ?> v : new LinkedHashMap<>(vars).entrySet()) {
        if (!(v.getKey() instanceof String variable)) {
          throw refuse(origin, "a variable key " + NumpyArray.describe(v.getKey()) + " in module '"
              + module + "', expected a name");
        }
        if (!(v.getValue() instanceof NumpyArray a)) {
          throw refuse(origin, module + "/" + variable + " is " + NumpyArray.describe(v.getValue())
              + ", expected a float32 numpy array");
        }
        out.put(module + "/" + variable, new Array(a.shape(), a.data()));
      }
    }
    return out;
  }

  private static RefusedModelException refuse(String origin, String what) {
    return new RefusedModelException(origin + ": refused: " + what);
  }
}
