package org.l2o.engine.program;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.l2o.engine.TrainedOptimizer;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;

/**
 * Writes a learned optimizer's inference step as a TF SavedModel (see {@link UpdateProgram}). A
 * coordinatewise optimizer's step takes any number of coordinates; L2O-Scale's is built for one
 * run of the tensors {@link TrainedOptimizer#exportTensorSizes()} names.
 */
public final class SavedModelExport {

  private SavedModelExport() {}

  /** Exports {@code optimizer} to {@code dir}, which must not exist yet or be empty. */
  public static void export(TrainedOptimizer optimizer, Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IOException(
              "SavedModel directory " + dir + " is not empty; save into a fresh directory");
        }
      }
    }
    try (UpdateProgram p =
        new UpdateProgram(optimizer.rule(), 1, optimizer.exportTensorSizes())) {
      SavedModelBundle.exporter(dir.toString())
          .withFunction(SessionFunction.create(p.signature(), p.session()))
          .export();
    }
  }
}
