package org.l2o.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.l2o.authors.AuthorsImporter;
import org.l2o.authors.AuthorsModel;
import org.l2o.engine.TrainedOptimizer;
import org.l2o.params.ParamException;
import org.l2o.provenance.Folders;
import org.l2o.variants.Variants;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code l2o import-authors}: one of the paper authors' released optimizers (a Python pickle,
 * pinned by SHA-256) into this project's trained-optimizer folder.
 */
@Command(
    name = "import-authors",
    mixinStandardHelpOptions = true,
    header = "Import one of the paper authors' released optimizers into this project's format.",
    description = {
      "",
      "Reads a file from reference/authors-models/ (the seven models the authors released with",
      "their code, VITA-Group/L2O-Training-Techniques@0a3da557, MIT) and writes weights.f32,",
      "config.json and saved_model/ into --out. The file's SHA-256 must be one of the seven pinned",
      "digests; the pickle may call only numpy's and dill's reconstructors, and every array must",
      "have its shape. config.json records the upstream path, the digest and the authors' settings.",
      "",
      "The evaluate stage imports the same files by itself (-p optimizer=authors-dm-cl-il, ...);",
      "this command is for looking at a model, or for handing it to evaluate as --input trained=.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  l2o import-authors reference/authors-models/dm_cl_il/cw.l2l-0 --out imported/dm-cl-il",
      "  l2o import-authors reference/authors-models/rnnprop/rp.l2l-0 --out imported/rnnprop",
      "  l2o stage evaluate -p optimizer=authors-dm-cl-il -p problem=mlp-orig \\",
      "      --input data=data --input trained=imported/dm-cl-il --out eval-authors-dm-cl-il",
      "",
      "Exit codes: 0 ok, 1 failure, 2 a file that is not one of the seven or a bad --out."
    })
public final class ImportAuthorsCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "<file>",
      description = "A released model, e.g. reference/authors-models/dm_cl_il/cw.l2l-0.")
  Path file;

  @Option(names = "--out", required = true, paramLabel = "<dir>",
      description = "The folder to create (it must not exist, or be empty).")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new ParamException("--out", "import-authors: " + out + " already exists and is not an "
          + "empty folder; choose another --out or delete it");
    }
    if (!Files.isRegularFile(file)) {
      throw new ParamException("<file>", "import-authors: no file " + file + "; the seven released "
          + "models are under reference/authors-models/ (see its README.md)");
    }
    TrainedOptimizer t = AuthorsImporter.importFile(file);
    Path parent = out.toAbsolutePath().normalize().getParent();
    Files.createDirectories(parent);
    // Write beside --out and rename, so that a failed export never leaves a folder that looks whole.
    Path tmp = Files.createTempDirectory(parent, "." + out.getFileName() + ".tmp-");
    try {
      t.save(tmp);
      Files.deleteIfExists(out);
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      if (Files.exists(tmp)) {
        Folders.deleteTree(tmp);
      }
    }
    String variant = String.valueOf(t.training().get(AuthorsImporter.KEY_VARIANT));
    AuthorsModel m = Variants.authorsModel(variant).orElseThrow();
    PrintWriter pw = spec.commandLine().getOut();
    pw.printf(Locale.ROOT, "Imported %s (%,d weights, %s) from %s%n", variant, t.weights().length,
        t.config(), file);
    pw.printf(Locale.ROOT, "  %-14s %s@%s: %s (%s)%n", "source", AuthorsModel.REPOSITORY,
        AuthorsModel.COMMIT, m.upstreamPath(), AuthorsModel.LICENSE);
    pw.printf(Locale.ROOT, "  %-14s %s%n", "sha256", m.sha256());
    pw.printf(Locale.ROOT, "  %-14s %s: %s, %s, %s/%n", "wrote", out, TrainedOptimizer.WEIGHTS_FILE,
        TrainedOptimizer.CONFIG_FILE, TrainedOptimizer.SAVED_MODEL_DIR);
    @SuppressWarnings("unchecked")
    Map<String, Object> settings =
        (Map<String, Object>) t.training().get(AuthorsImporter.KEY_SETTINGS);
    settings.forEach((k, v) -> pw.printf(Locale.ROOT, "  %-14s %s%n", k, v));
    pw.printf("Evaluate it: l2o stage evaluate -p optimizer=%s -p problem=mlp-orig "
        + "--input data=<fetch out> --input trained=%s --out <dir>%n", variant, out);
    pw.flush();
    return 0;
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    }
  }
}
