package org.l2o.engine.checkpoint;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.l2o.engine.MomentState;
import org.l2o.engine.ValidationRecord;
import org.l2o.engine.curriculum.CurriculumController;
import org.l2o.provenance.Digests;
import org.l2o.provenance.Folders;

/**
 * A folder of training checkpoints, written so that a half-written checkpoint never replaces a
 * good one.
 *
 * <h3>Format (version {@value #FORMAT})</h3>
 *
 * <pre>
 * &lt;dir&gt;/LATEST                   the name of the newest complete checkpoint folder, one line
 * &lt;dir&gt;/episode-0000123/state.json   counters, positions of the random streams, the curriculum
 *                                 state, the validations, the caller's "task" object, and a
 *                                 table of the array files with their bytes and SHA-256
 * &lt;dir&gt;/episode-0000123/weights.f32  the learned optimizer's weights, float32 little-endian
 *                      best.f32     the best snapshot (when one was saved)
 *                      stopped.f32  the weights when a stop decision ended training (if any)
 *                      meta_optimizer.&lt;slot&gt;.f64, imitation_optimizer.&lt;slot&gt;.f64
 *                                   the meta-optimizers' moments, float64 little-endian
 * </pre>
 *
 * A checkpoint is written into a temporary folder, fsynced, renamed to {@code episode-N}, and only
 * then named in {@code LATEST} (itself replaced by an atomic rename); older folders are removed
 * last. A reader trusts only the folder {@code LATEST} names, and checks every array file against
 * its recorded size and digest.
 */
public final class CheckpointStore {

  /** Version of the on-disk format; a reader refuses others. */
  public static final int FORMAT = 1;

  static final String LATEST = "LATEST";
  static final String STATE = "state.json";
  private static final String PREFIX = "episode-";

  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .build();

  /** A checkpoint read back: the trainer's state and the caller's own record. */
  public record Loaded(TrainerState state, Map<String, Object> task, Path folder) {}

  private final Path dir;

  public CheckpointStore(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Whether a complete checkpoint is here. */
  public boolean exists() {
    return Files.isRegularFile(dir.resolve(LATEST));
  }

  /**
   * Writes {@code s} with the caller's {@code task} record (what run it belongs to, for example),
   * then makes it the latest.
   */
  public synchronized Path save(TrainerState s, Map<String, Object> task) {
    String name = String.format("%s%07d", PREFIX, s.episode());
    Path target = dir.resolve(name);
    try {
      Files.createDirectories(dir);
      if (name.equals(latestName().orElse(null)) && Files.isDirectory(target)) {
        return target; // this boundary is saved already (a signal right after a periodic save)
      }
      Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
      Files.createDirectories(tmp);
      Map<String, Object> files = new TreeMap<>();
      writeFloats(tmp, "weights.f32", s.weights(), files);
      if (s.best() != null) {
        writeFloats(tmp, "best.f32", s.best(), files);
      }
      if (s.stoppedAt() != null) {
        writeFloats(tmp, "stopped.f32", s.stoppedAt(), files);
      }
      List<Integer> carried = new ArrayList<>();
      if (s.carriedState() != null) {
        float[][] c = s.carriedState();
        for (int i = 0; i < c.length; i++) {
          writeFloats(tmp, "carried_state." + i + ".f32", c[i], files);
          carried.add(c[i].length);
        }
      }
      if (s.objectiveExamples() != null) {
        writeInts(tmp, "objective_examples.i32", s.objectiveExamples(), files);
      }
      Map<String, Object> optimizers = new LinkedHashMap<>();
      optimizers.put("meta_optimizer", moments(tmp, "meta_optimizer", s.metaOptimizer(), files));
      if (s.imitationOptimizer() != null) {
        optimizers.put("imitation_optimizer",
            moments(tmp, "imitation_optimizer", s.imitationOptimizer(), files));
      }
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("format", FORMAT);
      doc.put("episode", s.episode());
      doc.put("weights", s.weights().length);
      doc.put("optimizers", optimizers);
      doc.put("meta_iterations", s.metaIterations());
      doc.put("imitation_iterations", s.imitationIterations());
      doc.put("validations_run", s.validationsRun());
      doc.put("episode_kinds_drawn", s.episodeKindsDrawn());
      doc.put("teachers_picked", s.teachersPicked());
      doc.put("diverged_episodes", s.divergedEpisodes());
      doc.put("imitation_episodes", s.imitationEpisodes());
      doc.put("imitation_steps", s.imitationSteps());
      doc.put("teacher_episodes", s.teacherEpisodes());
      doc.put("last_episode_loss", s.lastEpisodeLoss());
      doc.put("last_valid", s.lastValid());
      doc.put("validations", s.validations());
      doc.put("curriculum", s.curriculum());
      if (s.carriedState() != null) {
        doc.put("carried_state", carried);
      }
      if (s.objectiveExamples() != null) {
        doc.put("objective_examples", s.objectiveExamples().length);
      }
      doc.put("task", task == null ? Map.of() : task);
      doc.put("files", files);
      JSON.writeValue(tmp.resolve(STATE).toFile(), doc);
      fsync(tmp.resolve(STATE));
      if (Files.exists(target)) {
        Folders.deleteTree(target);
      }
      move(tmp, target);
      Path latestTmp = dir.resolve(LATEST + ".tmp");
      Files.writeString(latestTmp, name + "\n");
      fsync(latestTmp);
      move(latestTmp, dir.resolve(LATEST));
      removeAllBut(name);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "checkpoint: cannot write episode " + s.episode() + " to " + dir + ": " + e, e);
    }
  }

  /**
   * The latest checkpoint, or empty when none is complete.
   *
   * @throws IllegalStateException naming the file when the checkpoint is damaged or of another
   *     format
   */
  public Optional<Loaded> load() {
    Optional<String> name = latestName();
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Path folder = dir.resolve(name.get());
    Path stateFile = folder.resolve(STATE);
    try {
      JsonNode doc = JSON.readTree(stateFile.toFile());
      int format = doc.path("format").asInt(-1);
      if (format != FORMAT) {
        throw damaged(stateFile, "format " + format + ", expected " + FORMAT);
      }
      Map<String, FileEntry> files =
          JSON.convertValue(doc.get("files"), new TypeReference<Map<String, FileEntry>>() {});
      int n = doc.get("weights").asInt();
      float[] weights = readFloats(folder, "weights.f32", files, n);
      float[] best = files.containsKey("best.f32") ? readFloats(folder, "best.f32", files, n) : null;
      float[] stopped =
          files.containsKey("stopped.f32") ? readFloats(folder, "stopped.f32", files, n) : null;
      JsonNode opt = doc.get("optimizers");
      MomentState meta = readMoments(folder, opt.get("meta_optimizer"), files, n);
      MomentState imitation = opt.has("imitation_optimizer")
          ? readMoments(folder, opt.get("imitation_optimizer"), files, n) : null;
      TrainerState s = new TrainerState(
          doc.get("episode").asLong(), weights, best, stopped, meta, imitation,
          doc.get("meta_iterations").asLong(), doc.get("imitation_iterations").asLong(),
          doc.get("validations_run").asInt(), doc.get("episode_kinds_drawn").asLong(),
          doc.get("teachers_picked").asLong(),
          JSON.treeToValue(doc.get("curriculum"), CurriculumController.State.class),
          JSON.convertValue(doc.get("validations"), new TypeReference<List<ValidationRecord>>() {}),
          doc.get("diverged_episodes").asInt(), doc.get("imitation_episodes").asInt(),
          doc.get("imitation_steps").asLong(),
          JSON.convertValue(doc.get("teacher_episodes"),
              new TypeReference<Map<String, Integer>>() {}),
          JSON.treeToValue(doc.get("last_episode_loss"), Double.class),
          JSON.treeToValue(doc.get("last_valid"), Double.class),
          readCarried(folder, doc.get("carried_state"), files),
          doc.has("objective_examples")
              ? readInts(folder, "objective_examples.i32", files,
                  doc.get("objective_examples").asInt())
              : null);
      Map<String, Object> task = JSON.convertValue(doc.get("task"),
          new TypeReference<Map<String, Object>>() {});
      return Optional.of(new Loaded(s, task, folder));
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalStateException ise && ise.getMessage().startsWith("checkpoint ")) {
        throw ise;
      }
      throw damaged(stateFile, e.toString());
    }
  }

  /** Removes every checkpoint here (a finished run needs none). */
  public synchronized void clear() {
    try {
      if (Files.isDirectory(dir)) {
        Folders.deleteTree(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("checkpoint: cannot remove " + dir + ": " + e, e);
    }
  }

  private Optional<String> latestName() {
    Path latest = dir.resolve(LATEST);
    if (!Files.isRegularFile(latest)) {
      return Optional.empty();
    }
    try {
      String name = Files.readString(latest).trim();
      if (!name.startsWith(PREFIX)) {
        throw damaged(latest, "it names '" + name + "', not an " + PREFIX + "N folder");
      }
      return Optional.of(name);
    } catch (IOException e) {
      throw damaged(latest, e.toString());
    }
  }

  private IllegalStateException damaged(Path file, String why) {
    return new IllegalStateException(
        "checkpoint " + file + " is damaged (" + why + "); delete " + dir + " to start the task "
            + "afresh");
  }

  /** Size and SHA-256 of one array file. */
  record FileEntry(long bytes, String sha256) {}

  private static Map<String, Object> moments(
      Path tmp, String prefix, MomentState m, Map<String, Object> files) throws IOException {
    Map<String, Object> slots = new LinkedHashMap<>();
    for (var e : new TreeMap<>(m.slots()).entrySet()) {
      String name = prefix + "." + e.getKey() + ".f64";
      writeDoubles(tmp, name, e.getValue(), files);
      slots.put(e.getKey(), name);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("steps", m.steps());
    out.put("slots", slots);
    return out;
  }

  private MomentState readMoments(
      Path folder, JsonNode node, Map<String, FileEntry> files, int n) throws IOException {
    Map<String, double[]> slots = new LinkedHashMap<>();
    var it = node.get("slots").fields();
    while (it.hasNext()) {
      var e = it.next();
      slots.put(e.getKey(), readDoubles(folder, e.getValue().asText(), files, n));
    }
    return new MomentState(node.get("steps").asLong(), slots);
  }

  private static void writeFloats(Path dir, String name, float[] v, Map<String, Object> files)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    write(dir, name, b.array(), files);
  }

  private float[][] readCarried(Path folder, JsonNode sizes, Map<String, FileEntry> files)
      throws IOException {
    if (sizes == null || sizes.isNull()) {
      return null;
    }
    float[][] out = new float[sizes.size()][];
    for (int i = 0; i < out.length; i++) {
      out[i] = readFloats(folder, "carried_state." + i + ".f32", files, sizes.get(i).asInt());
    }
    return out;
  }

  private static void writeInts(Path dir, String name, int[] v, Map<String, Object> files)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    write(dir, name, b.array(), files);
  }

  private int[] readInts(Path folder, String name, Map<String, FileEntry> files, int n)
      throws IOException {
    ByteBuffer b = read(folder, name, files, 4L * n);
    int[] v = new int[n];
    b.asIntBuffer().get(v);
    return v;
  }

  private static void writeDoubles(Path dir, String name, double[] v, Map<String, Object> files)
      throws IOException {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    b.asDoubleBuffer().put(v);
    write(dir, name, b.array(), files);
  }

  private static void write(Path dir, String name, byte[] bytes, Map<String, Object> files)
      throws IOException {
    Path f = dir.resolve(name);
    Files.write(f, bytes);
    fsync(f);
    files.put(name, new FileEntry(bytes.length, Digests.ofBytes(bytes)));
  }

  private float[] readFloats(Path folder, String name, Map<String, FileEntry> files, int n)
      throws IOException {
    ByteBuffer b = read(folder, name, files, 4L * n);
    float[] v = new float[n];
    b.asFloatBuffer().get(v);
    return v;
  }

  private double[] readDoubles(Path folder, String name, Map<String, FileEntry> files, int n)
      throws IOException {
    ByteBuffer b = read(folder, name, files, 8L * n);
    double[] v = new double[n];
    b.asDoubleBuffer().get(v);
    return v;
  }

  private ByteBuffer read(Path folder, String name, Map<String, FileEntry> files, long expected)
      throws IOException {
    Path f = folder.resolve(name);
    FileEntry e = files.get(name);
    if (e == null || !Files.isRegularFile(f)) {
      throw damaged(f, "missing");
    }
    byte[] bytes = Files.readAllBytes(f);
    if (bytes.length != e.bytes() || bytes.length != expected) {
      throw damaged(f, bytes.length + " bytes, recorded " + e.bytes() + ", expected " + expected);
    }
    if (!Digests.ofBytes(bytes).equals(e.sha256())) {
      throw damaged(f, "sha256 differs from the one recorded in " + STATE);
    }
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
  }

  private void removeAllBut(String keep) throws IOException {
    try (var s = Files.list(dir)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (Files.isDirectory(p) && !n.equals(keep) && (n.startsWith(PREFIX) || n.startsWith(".tmp-"))) {
          Folders.deleteTree(p);
        }
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void fsync(Path f) throws IOException {
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  @Override
  public String toString() {
    return "CheckpointStore[" + dir + "]";
  }
}
