package org.l2o.authors;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Razorvine's unpickler, allowed to resolve only the globals that the authors' files name: {@code
 * collections.defaultdict}, dill's {@code _load_type('dict')}, {@code _import_module} of numpy's
 * multiarray module and {@code _get_attr(module, '_reconstruct')}, and numpy's {@code _reconstruct},
 * {@code ndarray} and {@code dtype}.
 *
 * <h3>Why this hook</h3>
 *
 * Razorvine resolves {@code GLOBAL}, {@code STACK_GLOBAL} and {@code INST} through a static,
 * process-wide registry and builds a generic {@code ClassDict} for any name it does not know; its
 * lookup method is package-private. The one overridable hook is {@link #dispatch(short)}, so this
 * class takes over the three opcodes that name a global (and {@code BUILD}, so that {@code
 * __setstate__} reaches only the classes here, without reflection) and leaves every other opcode
 * to razorvine. Nothing is ever registered globally. Every refusal names the file and the global.
 */
final class WhitelistUnpickler extends Unpickler {

  /** numpy's C module under its names in numpy 1.x (old and new) and 2.x. */
  static final Set<String> NUMPY_MULTIARRAY =
      Set.of("numpy.core._multiarray_umath", "numpy.core.multiarray", "numpy._core._multiarray_umath",
          "numpy._core.multiarray");

  /** The protocol the authors' dill (Python 3.7) wrote. */
  static final int PROTOCOL = 3;

  private final String origin;

  WhitelistUnpickler(String origin) {
    this.origin = origin;
  }

  @Override
  protected Object dispatch(short key) throws IOException {
    switch (key) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolve(module, name));
        return NO_RETURN_VALUE;
      }
      case Opcodes.STACK_GLOBAL -> {
        Object name = stack.pop();
        Object module = stack.pop();
        stack.add(resolve(String.valueOf(module), String.valueOf(name)));
        return NO_RETURN_VALUE;
      }
      case Opcodes.PROTO -> {
        short protocol = PickleUtils.readbyte(input);
        if (protocol != PROTOCOL) {
          throw refuse("pickle protocol " + protocol + "; the authors' files are protocol "
              + PROTOCOL);
        }
        return NO_RETURN_VALUE;
      }
      case Opcodes.INST, Opcodes.OBJ -> throw refuse(
          "opcode " + (key == Opcodes.INST ? "INST" : "OBJ") + ", which builds an arbitrary class "
              + "instance; the authors' files use only REDUCE on numpy and dill reconstructors");
      case Opcodes.BUILD -> {
        Object state = stack.pop();
        Object target = stack.peek();
        if (target instanceof NumpyArray a) {
          a.setState(state);
        } else if (target instanceof NumpyDtype d) {
          d.setState(state);
        } else {
          throw refuse("BUILD (__setstate__) on " + NumpyArray.describe(target)
              + "; only numpy arrays and dtypes take a state");
        }
        return NO_RETURN_VALUE;
      }
      default -> {
        return super.dispatch(key);
      }
    }
  }

  /** The constructor standing for {@code module.name}, or a refusal naming it. */
  private IObjectConstructor resolve(String module, String name) {
    String global = module + "." + name;
    switch (global) {
      case "collections.defaultdict" -> {
        return args -> {
          if (args.length != 1 || args[0] != dictType) {
            throw refuse("collections.defaultdict called with " + args.length
                + " argument(s) other than the dict type");
          }
          return new DefaultDict();
        };
      }
      case "dill._dill._load_type" -> {
        return args -> {
          if (args.length != 1 || !"dict".equals(args[0])) {
            throw refuse("dill._dill._load_type(" + (args.length > 0 ? NumpyArray.describe(args[0])
                : "") + "); only 'dict' is allowed");
          }
          return dictType;
        };
      }
      case "dill._dill._import_module" -> {
        return args -> {
          if (args.length != 1 || !NUMPY_MULTIARRAY.contains(args[0])) {
            throw refuse("dill._dill._import_module(" + (args.length > 0
                ? NumpyArray.describe(args[0]) : "") + "); only numpy's multiarray module "
                + NUMPY_MULTIARRAY + " is allowed");
          }
          return new NumpyModule((String) args[0]);
        };
      }
      case "dill._dill._get_attr" -> {
        return args -> {
          if (args.length != 2 || !(args[0] instanceof NumpyModule) || !"_reconstruct".equals(args[1])) {
            throw refuse("dill._dill._get_attr with arguments other than (numpy multiarray, "
                + "'_reconstruct')" + (args.length == 2 ? ": " + NumpyArray.describe(args[1]) : ""));
          }
          return reconstruct();
        };
      }
      case "numpy.ndarray" -> {
        return ndarrayType;
      }
      case "numpy.dtype" -> {
        return args -> {
          if (args.length != 3 || !"f4".equals(args[0]) || !Integer.valueOf(0).equals(args[1])
              || !Integer.valueOf(1).equals(args[2])) {
            throw refuse("numpy.dtype(" + (args.length > 0 ? NumpyArray.describe(args[0]) : "")
                + ", ...); only dtype('f4', 0, 1) (float32) is allowed");
          }
          return new NumpyDtype(origin, "f4");
        };
      }
      default -> {
        if (name.equals("_reconstruct") && NUMPY_MULTIARRAY.contains(module)) {
          return reconstruct();
        }
        throw refuse("global " + global + "; only numpy's and dill's reconstructors are allowed "
            + "(collections.defaultdict, dill._dill._load_type/_import_module/_get_attr, "
            + "numpy ndarray/dtype/_reconstruct)");
      }
    }
  }

  /** numpy's {@code _reconstruct(ndarray, (0,), b'b')}: an empty array that BUILD then fills. */
  private IObjectConstructor reconstruct() {
    return args -> {
      if (args.length != 3 || args[0] != ndarrayType) {
        throw refuse("numpy _reconstruct called with " + args.length + " argument(s), first "
            + (args.length > 0 ? NumpyArray.describe(args[0]) : "none")
            + "; expected (numpy.ndarray, (0,), b'b')");
      }
      return new NumpyArray(origin);
    };
  }

  private RefusedModelException refuse(String what) {
    return new RefusedModelException(origin + ": refused: " + what);
  }

  /** The top-level {@code collections.defaultdict(dict)} of the authors' {@code networks.save}. */
  static final class DefaultDict extends LinkedHashMap<Object, Object> {
    private static final long serialVersionUID = 1L;
  }

  /** {@code dill._load_type('dict')}: only ever an argument of defaultdict. */
  private final IObjectConstructor dictType = args -> {
    throw refuse("a call of the dict type; it may only be defaultdict's argument");
  };

  /** {@code numpy.ndarray}: only ever an argument of _reconstruct. */
  private final IObjectConstructor ndarrayType = args -> {
    throw refuse("a direct call of numpy.ndarray; arrays must come from _reconstruct");
  };

  /** The result of {@code _import_module}: usable only by {@code _get_attr}. */
  private record NumpyModule(String name) { }

  /** Reads one pickled object; a refusal, or razorvine's own error, names the file. */
  static Object read(byte[] pickle, String origin) {
    if (pickle.length < 2 || pickle[0] != (byte) Opcodes.PROTO || pickle[1] != PROTOCOL) {
      throw new RefusedModelException(origin + ": refused: not a protocol-" + PROTOCOL
          + " pickle (it must start with bytes 0x80 0x03)");
    }
    WhitelistUnpickler u = new WhitelistUnpickler(origin);
    try {
      return u.loads(pickle);
    } catch (RefusedModelException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new RefusedModelException(origin + ": refused: not a readable protocol-3 pickle of the "
          + "authors' structure (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
    } finally {
      u.close();
    }
  }
}
