package org.l2o.authors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.l2o.engine.LearnedOptimizerConfig;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.engine.rule.WeightLayout;
import org.l2o.provenance.Digests;

/**
 * Turns one of the authors' released files into this project's {@link TrainedOptimizer}.
 *
 * <h3>Mapping</h3>
 *
 * The files hold Sonnet v1 variables, and this project's {@link WeightLayout} keeps Sonnet's layout
 * (input then previous hidden state as rows, gates i, j, f, o as column blocks, forget bias added
 * at run time), so each array is copied as it is, in C order, into its block:
 *
 * <pre>
 *   input_projection/w [2, H]   -> input/w   (RNNprop only)
 *   input_projection/b [H]      -> input/b   (RNNprop only)
 *   lstm_N/w_gates [in+H, 4H]   -> lstmN/w
 *   lstm_N/b_gates [4H]         -> lstmN/b
 *   linear/w [H, 1]             -> linear/w
 *   linear/b [1]                -> linear/b
 * </pre>
 *
 * Every block must be present with exactly its shape, and nothing else may be in the file. The
 * recorded training metadata (config.json's {@code training}) names the variant, the upstream file
 * and its SHA-256, the licence and the authors' settings.
 */
public final class AuthorsImporter {

  /** Keys of the training metadata an imported optimizer carries. */
  public static final String KEY_VARIANT = "variant";
  public static final String KEY_ORIGIN = "origin";
  public static final String KEY_SOURCE = "source";
  public static final String KEY_SHA256 = "sha256";
  public static final String KEY_SETTINGS = "authors_settings";

  private AuthorsImporter() {}

  /**
   * Imports the released file at {@code file}.
   *
   * @throws RefusedModelException when its SHA-256 is not one of the seven, or its content is not
   *     exactly the authors' structure
   * @throws NoSuchFileException when it does not exist
   */
  public static TrainedOptimizer importFile(Path file) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new NoSuchFileException(file.toString(), null,
          "no such file; the seven released files are under reference/authors-models/");
    }
    return importBytes(bytes, file.toString());
  }

  /** Imports the copy of {@code model} that the build bundled into the jar. */
  public static TrainedOptimizer importBundled(AuthorsModel model) throws IOException {
    try (InputStream in = model.openBundled()) {
      if (in == null) {
        throw new IllegalStateException("the authors' model " + model.relativePath()
            + " is missing from the classpath (" + AuthorsModel.RESOURCE_ROOT
            + "); rebuild the tasks module, which bundles reference/authors-models/");
      }
      return importBytes(in.readAllBytes(), "bundled " + model.relativePath());
    }
  }

  /** Imports {@code bytes}, which must be one of the seven files; {@code origin} names them. */
  static TrainedOptimizer importBytes(byte[] bytes, String origin) {
    String digest = Digests.ofBytes(bytes);
    AuthorsModel model = AuthorsModel.byDigest(digest).orElseThrow(() -> new RefusedModelException(
        origin + ": refused: SHA-256 " + digest + " is not one of the seven released models "
            + "pinned in " + AuthorsModel.class.getSimpleName() + " (see "
            + "reference/authors-models/SHA256SUMS); import only the authors' files, unmodified"));
    float[] w = weights(bytes, model.config(), origin);
    return new TrainedOptimizer(model.config(), w, training(model, origin));
  }

  /**
   * The weights of {@code pickle} in {@code cfg}'s layout, without the digest check: the structure
   * alone (for files the tests generate).
   */
  static float[] weights(byte[] pickle, LearnedOptimizerConfig cfg, String origin) {
    Map<String, SonnetArrays.Array> arrays = SonnetArrays.read(pickle, origin);
    WeightLayout layout = WeightLayout.of(cfg);
    float[] w = new float[layout.size()];
    TreeSet<String> unused = new TreeSet<>(arrays.keySet());
    for (WeightLayout.Block b : layout.blocks()) {
      String name = sonnetName(b.name());
      SonnetArrays.Array a = arrays.get(name);
      int[] expected = b.bias() ? new int[] {b.cols()} : new int[] {b.rows(), b.cols()};
      if (a == null) {
        throw new RefusedModelException(origin + ": refused: missing array " + name + " "
            + Arrays.toString(expected) + " of " + cfg + "; the file holds " + arrays.keySet());
      }
      if (!Arrays.equals(a.shape(), expected)) {
        throw new RefusedModelException(origin + ": refused: " + name + " has shape "
            + Arrays.toString(a.shape()) + ", expected " + Arrays.toString(expected) + " for " + cfg);
      }
      System.arraycopy(a.data(), 0, w, b.offset(), b.size());
      unused.remove(name);
    }
    if (!unused.isEmpty()) {
      throw new RefusedModelException(origin + ": refused: unexpected array(s) " + unused
          + " for " + cfg + "; expected exactly " + layout.blocks().stream()
              .map(b -> sonnetName(b.name())).toList());
    }
    return w;
  }

  /** The Sonnet module/variable of one of our blocks: {@code lstm1/w} is {@code lstm_1/w_gates}. */
  static String sonnetName(String block) {
    String[] mv = block.split("/");
    String module = mv[0].equals("input") ? "input_projection"
        : mv[0].startsWith("lstm") ? "lstm_" + mv[0].substring(4) : mv[0];
    String variable = mv[0].startsWith("lstm") ? mv[1] + "_gates" : mv[1];
    return module + "/" + variable;
  }

  /**
   * Checks that {@code loaded} (read back from {@code dir}) is the import of {@code model}: its
   * recorded variant and source digest, and the architecture and settings of the config.
   */
  public static void checkImported(TrainedOptimizer loaded, AuthorsModel model, Path dir) {
    Object variant = loaded.training().get(KEY_VARIANT);
    Object source = loaded.training().get(KEY_SOURCE);
    Object digest = source instanceof Map<?, ?> m ? m.get(KEY_SHA256) : null;
    if (!model.variant().equals(variant) || !model.sha256().equals(digest)
        || !model.config().equals(loaded.config())) {
      throw new RefusedModelException(dir + " holds variant '" + variant + "' from SHA-256 "
          + digest + " (" + loaded.config() + "), not " + model.variant() + " from "
          + model.sha256() + " (" + model.config() + "); import it with `l2o import-authors "
          + "reference/authors-models/" + model.relativePath() + " --out <dir>`");
    }
  }

  private static Map<String, Object> training(AuthorsModel model, String origin) {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("repository", AuthorsModel.REPOSITORY);
    source.put("commit", AuthorsModel.COMMIT);
    source.put("path", model.upstreamPath());
    source.put("license", AuthorsModel.LICENSE);
    source.put(KEY_SHA256, model.sha256());
    source.put("imported_from", origin);
    Map<String, Object> settings = new LinkedHashMap<>();
    settings.put("lstm", AuthorsModel.LAYERS + " x " + AuthorsModel.HIDDEN
        + ", Sonnet v1 (gates i, j, f, o; forget bias 1 added at run time)");
    if (model.architecture().equals(LearnedOptimizerConfig.RNNPROP)) {
      settings.put("inputs", "m^/(sqrt(v^)+1e-8), g/(sqrt(v^)+1e-8); beta1 = beta2 = 0.95, "
          + "bias-corrected at step t = 1, 2, ...");
      settings.put("input_layer", "Linear(2 -> " + AuthorsModel.HIDDEN + ") + ELU");
      settings.put("output", "tanh(Linear(" + AuthorsModel.HIDDEN + " -> 1)) x "
          + AuthorsModel.OUTPUT_SCALE);
    } else {
      settings.put("preprocessing", "LogAndSign, k = " + AuthorsModel.PREPROC_K);
      settings.put("output", "Linear(" + AuthorsModel.HIDDEN + " -> 1) x "
          + AuthorsModel.OUTPUT_SCALE);
    }
    settings.put("update", "x <- x + output");
    Map<String, Object> t = new LinkedHashMap<>();
    t.put(KEY_VARIANT, model.variant());
    t.put(KEY_ORIGIN, AuthorsModel.ORIGIN);
    t.put(KEY_SOURCE, source);
    t.put(KEY_SETTINGS, settings);
    return t;
  }
}
