package org.l2o.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.l2o.provenance.Digests;
import org.l2o.provenance.Folders;
import org.l2o.stages.StageExecutor;
import org.l2o.protocol.StageProtocol;

/**
 * A task's folder, {@code work/<key>/}:
 *
 * <ul>
 *   <li>{@code params.yaml}: the params the task reads;
 *   <li>{@code out/}: the stage's output, renamed into place only on success;
 *   <li>{@code outputs.json}: the digest of every output file, written by the runner last. Its
 *       presence is what marks the task complete;
 *   <li>{@code .command.log}: everything the stage process printed;
 *   <li>{@code spool/}: tracking data that could not be sent;
 *   <li>{@code .attempts}: how many times the task was started here (a rerun of an interrupted
 *       task is its next attempt, and a training task resumes from {@code out.checkpoint/}).
 * </ul>
 */
public final class WorkFolder {

  static final String OUTPUTS = "outputs.json";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path dir;

  public WorkFolder(Path workRoot, String key) {
    this.dir = workRoot.resolve(key);
  }

  public Path dir() {
    return dir;
  }

  public Path out() {
    return dir.resolve("out");
  }

  public Path paramsFile() {
    return dir.resolve(StageProtocol.PARAMS_FILE);
  }

  public Path log() {
    return dir.resolve(".command.log");
  }

  public Path spool() {
    return dir.resolve("spool");
  }

  /** Counts one more start of the task here and returns its number, from 1. */
  public int nextAttempt() throws IOException {
    Path f = dir.resolve(".attempts");
    int n = 0;
    if (Files.isRegularFile(f)) {
      try {
        n = Integer.parseInt(Files.readString(f).trim());
      } catch (NumberFormatException e) {
        n = 0; // a damaged counter only loses the count
      }
    }
    n++;
    Files.writeString(f, n + "\n");
    return n;
  }

  /** Whether a finished, intact output is here. */
  public boolean complete() {
    return Files.isDirectory(out()) && Files.isRegularFile(dir.resolve(OUTPUTS));
  }

  /** Forgets an earlier result so that a crash from here on leaves nothing that looks complete. */
  public void invalidate() throws IOException {
    Files.deleteIfExists(dir.resolve(OUTPUTS));
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        if (p.getFileName().toString().startsWith("out.tmp-")) {
          Folders.deleteTree(p);
        }
      }
    }
  }

  /** Records the output's file digests, marking the task complete; returns the content digest. */
  public String seal() throws IOException {
    Map<String, String> files = new TreeMap<>(Digests.ofTree(out()));
    // Provenance records when and how, not what: a bit-identical rerun keeps downstream cached.
    files.remove(StageProtocol.PROVENANCE_FILE);
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("digest", Digests.ofJson(files));
    doc.put("files", files);
    Path tmp = dir.resolve(OUTPUTS + ".tmp");
    JSON.writeValue(tmp.toFile(), doc);
    Files.move(tmp, dir.resolve(OUTPUTS), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return (String) doc.get("digest");
  }

  /** The content digest of a complete task's output. */
  public Optional<String> digest() throws IOException {
    if (!complete()) {
      return Optional.empty();
    }
    Map<?, ?> doc = JSON.readValue(dir.resolve(OUTPUTS).toFile(), Map.class);
    return Optional.ofNullable((String) doc.get("digest"));
  }

  /** Reads a small JSON side file, if present. */
  public Optional<Map<String, Object>> readJson(String name) throws IOException {
    Path f = dir.resolve(name);
    if (!Files.isRegularFile(f)) {
      return Optional.empty();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = JSON.readValue(f.toFile(), Map.class);
    return Optional.of(m);
  }

  public void writeJson(String name, Map<String, ?> value) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(name + ".tmp");
    JSON.writeValue(tmp.toFile(), value);
    Files.move(tmp, dir.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
