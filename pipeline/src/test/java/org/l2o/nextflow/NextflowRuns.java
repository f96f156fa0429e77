package org.l2o.nextflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reading what a Nextflow run of the generated pipeline left behind: trace rows and task folders. */
final class NextflowRuns {

  /** The process that reports the tool version; it runs on every launch by design (cache false). */
  static final String VERSION_PROCESS = "L2O:L2O_VERSION";

  private NextflowRuns() {}

  /** One trace row: the columns Nextflow writes by default. */
  record Task(String name, String hash, String status, String nativeId, Map<String, String> row) {

    /** {@code L2O:L2O_EVALUATE} of {@code L2O:L2O_EVALUATE (adam/mlp-orig)}. */
    String process() {
      int paren = name.indexOf(" (");
      return paren < 0 ? name : name.substring(0, paren);
    }

    /** {@code adam/mlp-orig}: the tag, which the generated processes set to the task id. */
    String tag() {
      int paren = name.indexOf(" (");
      return paren < 0 ? "" : name.substring(paren + 2, name.length() - 1);
    }

    boolean isVersion() {
      return name.equals(VERSION_PROCESS);
    }
  }

  static List<Task> trace(Path file) {
    try {
      List<String> lines = Files.readAllLines(file);
      List<String> header = Arrays.asList(lines.get(0).split("\t"));
      List<Task> tasks = new ArrayList<>();
      for (String line : lines.subList(1, lines.size())) {
        String[] cells = line.split("\t", -1);
        Map<String, String> row = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), i < cells.length ? cells[i] : "");
        }
        tasks.add(new Task(row.get("name"), row.get("hash"), row.get("status"), row.get("native_id"), row));
      }
      return tasks;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the trace " + file, e);
    }
  }

  /** The task's work folder, from its trace hash ({@code ab/cdef12} is {@code work/ab/cdef12...}). */
  static Path workDir(Path launchDir, Task task) {
    String[] parts = task.hash().split("/");
    try (Stream<Path> dirs = Files.list(launchDir.resolve("work").resolve(parts[0]))) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(parts[1])).findFirst()
          .orElseThrow(() -> new IllegalStateException("no work folder for " + task.name() + " (" + task.hash() + ")"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the work folder of " + task.name(), e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
