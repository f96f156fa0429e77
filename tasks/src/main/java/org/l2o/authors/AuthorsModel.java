package org.l2o.authors;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.l2o.engine.LearnedOptimizerConfig;

/**
 * The seven trained optimizers the paper's authors released, pinned by SHA-256: the one place that
 * knows their variant names ({@code authors-dm-cl-il}, ...), files, digests and settings.
 *
 * <p>Source: VITA-Group/L2O-Training-Techniques at commit 0a3da557, folder
 * {@code L2O-DM & RNNProp/trained_models/}, MIT licence. The repository keeps a copy under
 * {@code reference/authors-models/}; the build bundles it into the jar, so the evaluate stage finds
 * the files wherever it runs and their bytes enter the tool version, hence every cache key.
 *
 * <p>Each model is evaluated under a name of its own, the paper's variant with the prefix
 * {@value #PREFIX}, so that it is never mistaken for an optimizer this project trained. This enum
 * deliberately holds only names, strings and the architecture, so that the plot stage can use it
 * without loading TensorFlow.
 */
public enum AuthorsModel {
  DM("dm", "dm", "cw.l2l-0",
      "d0b0edd3874fcd574216a4f3f28788dcfbd9139e0cb260db41f65b6569061cdb"),
  DM_AUG("dm-aug", "dm_aug", "cw.l2l-0",
      "34f886ae439576c80b4ebc62574f7dedc2eee4648a77fd1956b530f360944ecc"),
  DM_CL("dm-cl", "dm_cl", "cw.l2l-0",
      "bfc780a8cff14f816d5f17bd803215870f20fa68c5561a6ab68bc66dabde66b3"),
  DM_IL("dm-il", "dm_il", "cw.l2l-0",
      "35ae64c5539585b6a19ec77833d9396323b7c3796e6878edd00d448266882485"),
  DM_CL_IL("dm-cl-il", "dm_cl_il", "cw.l2l-0",
      "1303a2dc458138fbbf05484c04ccbf60e2256c1518bb1fc4544d24c66b664421"),
  RNNPROP("rnnprop", "rnnprop", "rp.l2l-0",
      "390f3ae55e413fd63336554047b57eb31e8dd055c1cf7bd089acff1b1424bc12"),
  RNNPROP_CL_IL("rnnprop-cl-il", "rnnprop_cl_il", "rp.l2l-0",
      "2e644b59409d10ba7a432bcc6e9ea22d84c0780f6b965386ae72f1472655d0cb");

  /** Every authors' variant name starts with this. */
  public static final String PREFIX = "authors-";
  /** What figures and tables append to the paper's name, e.g. "L2O-DM-CL-IL (authors)". */
  public static final String LABEL_SUFFIX = " (authors)";
  /** The value of the MLflow tag {@code l2o.origin} (and curve meta "origin") of their runs. */
  public static final String ORIGIN = "authors";

  public static final String REPOSITORY = "VITA-Group/L2O-Training-Techniques";
  public static final String COMMIT = "0a3da557";
  public static final String LICENSE = "MIT";
  /** The folder of the models in {@link #REPOSITORY}. */
  public static final String UPSTREAM_FOLDER = "L2O-DM & RNNProp/trained_models/";
  /** Where the build puts the bundled copies on the classpath. */
  public static final String RESOURCE_ROOT = "/org/l2o/authors/models/";

  /** The authors' MNIST settings (their util.get_default_net_config): LogAndSign k = 5. */
  public static final double PREPROC_K = 5.0;
  /** Their output scale, for L2O-DM and (after the tanh) RNNprop alike. */
  public static final double OUTPUT_SCALE = 0.01;
  /** Two LSTM layers of 20 units in every released model. */
  public static final int LAYERS = 2;
  public static final int HIDDEN = 20;

  private final String counterpart;
  private final String folder;
  private final String fileName;
  private final String sha256;

  AuthorsModel(String counterpart, String folder, String fileName, String sha256) {
    this.counterpart = counterpart;
    this.folder = folder;
    this.fileName = fileName;
    this.sha256 = sha256;
  }

  /** The evaluate-stage optimizer name, such as {@code authors-dm-cl-il}. */
  public String variant() {
    return PREFIX + counterpart;
  }

  /** The paper's variant this model is, such as {@code dm-cl-il}: its read-offs and colour. */
  public String counterpart() {
    return counterpart;
  }

  /** {@code dm_cl_il/cw.l2l-0}: the path under {@code reference/authors-models/}. */
  public String relativePath() {
    return folder + "/" + fileName;
  }

  /** The path in the authors' repository. */
  public String upstreamPath() {
    return UPSTREAM_FOLDER + relativePath();
  }

  /** The pinned SHA-256 of the released file, lower-case hex. */
  public String sha256() {
    return sha256;
  }

  /** {@code dm} or {@code rnnprop}. */
  public String architecture() {
    return fileName.startsWith("rp.") ? LearnedOptimizerConfig.RNNPROP : LearnedOptimizerConfig.DM;
  }

  /** The network the authors trained, with their settings (not this project's defaults). */
  public LearnedOptimizerConfig config() {
    return new LearnedOptimizerConfig(architecture(), LAYERS, HIDDEN, PREPROC_K, OUTPUT_SCALE);
  }

  /** The bundled copy, or null when the jar was built without it. */
  public InputStream openBundled() {
    return AuthorsModel.class.getResourceAsStream(RESOURCE_ROOT + relativePath());
  }

  /** Every evaluate-stage name, in the paper's order. */
  public static List<String> variants() {
    return Arrays.stream(values()).map(AuthorsModel::variant).toList();
  }

  /** The model whose pinned digest is {@code sha256} (hex, any case). */
  public static Optional<AuthorsModel> byDigest(String sha256) {
    String d = sha256.toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(m -> m.sha256.equals(d)).findFirst();
  }

  @Override
  public String toString() {
    return variant() + "[" + REPOSITORY + "@" + COMMIT + ":" + relativePath() + ", sha256 "
        + sha256.substring(0, 12) + "…]";
  }
}
