package org.l2o.tracking.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.l2o.tracking.RunStatus;
import org.l2o.tracking.Tags;

/**
 * MLflow's FileStore ({@code mlruns/}) read and written by one server process.
 *
 * <p>The folder is the only state: every answer is read from disk, so a restarted server sees
 * exactly what was written, and {@code mlflow ui --backend-store-uri <store>} sees the same
 * runs. Writes to one run are serialized by a per-run lock; creating experiments by one global
 * lock. A lock file keeps a second server process off the same store.
 */
final class FileStore implements AutoCloseable {
  static final String ACTIVE = "active";
  static final String DELETED = "deleted";
  static final String DEFAULT_EXPERIMENT_ID = "0";
  static final String DEFAULT_EXPERIMENT_NAME = "Default";
  static final String TRASH = ".trash";
  static final String LOCK_FILE = ".l2o-server.lock";
  static final String META = "meta.yaml";
  static final String METRICS = "metrics";
  static final String PARAMS = "params";
  static final String TAGS = "tags";
  static final String ARTIFACTS = "artifacts";
  static final String PROXY_SCHEME = "mlflow-artifacts:";
  static final String RUN_NAME_TAG = "mlflow.runName";

  private final Path root;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Object experimentLock = new Object();
  private final ConcurrentHashMap<String, ReentrantLock> runLocks = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Path> runDirs = new ConcurrentHashMap<>();

  private FileStore(Path root, FileChannel lockChannel, FileLock lock) {
    this.root = root;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens (creating if needed) the store at {@code root}, with experiment 0 "Default".
   *
   * @throws IllegalStateException if another server process holds the store
   */
  static FileStore open(Path root) {
    Path abs = root.toAbsolutePath().normalize();
    FileChannel ch = null;
    try {
      Files.createDirectories(abs.resolve(TRASH));
      ch = FileChannel.open(abs.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock l;
      try {
        l = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        l = null;
      }
      if (l == null) {
        ch.close();
        throw new IllegalStateException(
            "MLflow store " + abs + " is already served by another server (lock file "
                + abs.resolve(LOCK_FILE) + " is held); stop that server or pass another --store");
      }
      FileStore store = new FileStore(abs, ch, l);
      store.ensureDefaultExperiment();
      return store;
    } catch (IOException e) {
      closeQuietly(ch);
      throw new UncheckedIOException("cannot open MLflow store " + abs + ": " + e.getMessage(), e);
    }
  }

  Path root() {
    return root;
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // the channel close below releases it anyway
    }
    closeQuietly(lockChannel);
  }

  // ---------------------------------------------------------------- experiments

  private void ensureDefaultExperiment() {
    synchronized (experimentLock) {
      if (experimentDir(DEFAULT_EXPERIMENT_ID) == null) {
        long now = System.currentTimeMillis();
        writeExperiment(
            root.resolve(DEFAULT_EXPERIMENT_ID),
            new Experiment(DEFAULT_EXPERIMENT_ID, DEFAULT_EXPERIMENT_NAME,
                PROXY_SCHEME + "/" + DEFAULT_EXPERIMENT_ID, ACTIVE, now, now, Map.of()));
      }
    }
  }

  Experiment createExperiment(String name, String artifactLocation, Map<String, String> tags) {
    validateExperimentName(name);
    tags.forEach((k, v) -> {
      EntityNames.validateKey("experiment tag", k);
      EntityNames.validateTagValue(k, v);
    });
    synchronized (experimentLock) {
      Optional<Experiment> existing = findExperimentByName(name);
      if (existing.isPresent()) {
        String state = DELETED.equals(existing.get().lifecycleStage()) ? " in deleted state" : "";
        throw MlflowError.alreadyExists(
            "Experiment '" + name + "' already exists" + state + " (id "
                + existing.get().id() + ")");
      }
      long next = 0;
      for (Path dir : experimentDirs()) {
        try {
          next = Math.max(next, Long.parseLong(dir.getFileName().toString()) + 1);
        } catch (NumberFormatException ignored) {
          // a non-numeric id written by someone else: it cannot collide with ours
        }
      }
      String id = Long.toString(next);
      String location =
          artifactLocation == null || artifactLocation.isBlank()
              ? PROXY_SCHEME + "/" + id
              : artifactLocation;
      long now = System.currentTimeMillis();
      Experiment e = new Experiment(id, name, location, ACTIVE, now, now, tags);
      writeExperiment(root.resolve(id), e);
      return e;
    }
  }

  private void writeExperiment(Path dir, Experiment e) {
    e.tags().forEach((k, v) -> StoreFiles.writeAtomically(dir.resolve(TAGS).resolve(k), v, dir));
    // meta.yaml last: a folder without it is not (yet) an experiment
    StoreFiles.writeAtomically(dir.resolve(META), MetaYaml.experimentYaml(e), dir);
  }

  Experiment getExperiment(String id) {
    Path dir = experimentDir(id);
    if (dir == null) {
      throw MlflowError.notFound("No Experiment with id=" + id + " exists");
    }
    return readExperiment(dir);
  }

  Optional<Experiment> findExperimentByName(String name) {
    return listExperiments(ViewType.ALL).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  List<Experiment> listExperiments(ViewType view) {
    List<Experiment> out = new ArrayList<>();
    for (Path dir : experimentDirs()) {
      Experiment e = readExperiment(dir);
      if (view.includes(e.lifecycleStage())) {
        out.add(e);
      }
    }
    return out;
  }

  void setExperimentTag(String experimentId, String key, String value) {
    EntityNames.validateKey("experiment tag", key);
    EntityNames.validateTagValue(key, value);
    Path dir = experimentDir(experimentId);
    if (dir == null) {
      throw MlflowError.notFound("No Experiment with id=" + experimentId + " exists");
    }
    synchronized (experimentLock) {
      StoreFiles.writeAtomically(dir.resolve(TAGS).resolve(key), value, dir);
    }
  }

  /** experiments/update: a new name for an active experiment; names stay unique. */
  void renameExperiment(String experimentId, String newName) {
    validateExperimentName(newName);
    synchronized (experimentLock) {
      Path dir = experimentDir(experimentId);
      if (dir == null) {
        throw MlflowError.notFound("No Experiment with id=" + experimentId + " exists");
      }
      Experiment e = readExperiment(dir);
      if (!ACTIVE.equals(e.lifecycleStage())) {
        throw MlflowError.invalid("Cannot rename experiment " + experimentId
            + " in non-active lifecycle stage. Current stage: " + e.lifecycleStage()
            + "; restore it first (experiments/restore)");
      }
      Optional<Experiment> clash = findExperimentByName(newName);
      if (clash.isPresent() && !clash.get().id().equals(experimentId)) {
        throw MlflowError.alreadyExists("Experiment '" + newName + "' already exists (id "
            + clash.get().id() + ")");
      }
      StoreFiles.writeAtomically(dir.resolve(META),
          MetaYaml.experimentYaml(e.withName(newName, System.currentTimeMillis())), dir);
    }
  }

  /**
   * experiments/delete and experiments/restore, as MLflow's FileStore does them: deleting marks
   * the experiment and its active runs deleted (runs get a deleted_time, which {@code mlflow gc
   * --older-than} reads) and moves the folder under {@code .trash/}; restoring moves it back and
   * marks its deleted runs active again. Artifacts move with the folder, so the experiment's
   * {@code mlflow-artifacts:} URIs keep resolving (see {@link #experimentDir}).
   */
  void setExperimentLifecycle(String experimentId, boolean delete) {
    if (delete && DEFAULT_EXPERIMENT_ID.equals(experimentId)) {
      throw MlflowError.invalid("Cannot delete the default experiment '" + DEFAULT_EXPERIMENT_ID
          + "'. This is an internally reserved experiment.");
    }
    synchronized (experimentLock) {
      Path dir = experimentDir(experimentId);
      if (dir == null) {
        throw MlflowError.notFound("No Experiment with id=" + experimentId + " exists");
      }
      Experiment e = readExperiment(dir);
      String from = delete ? ACTIVE : DELETED;
      if (!from.equals(e.lifecycleStage())) {
        throw MlflowError.invalid("Experiment " + experimentId + " is " + e.lifecycleStage()
            + (delete ? ", not active: nothing to delete" : ", not deleted: nothing to restore"));
      }
      Path target = delete ? root.resolve(TRASH).resolve(experimentId) : root.resolve(experimentId);
      if (Files.exists(target)) {
        throw MlflowError.alreadyExists("Cannot " + (delete ? "delete" : "restore") + " experiment "
            + experimentId + ": " + target + " already exists");
      }
      long now = System.currentTimeMillis();
      for (Path runDir : StoreFiles.subdirs(dir)) {
        if (!Files.isRegularFile(runDir.resolve(META))) {
          continue;
        }
        String runId = runDir.getFileName().toString();
        withRunLock(runId, () -> {
          RunInfo info = readRunInfo(runDir);
          if (from.equals(info.lifecycleStage())) {
            RunInfo updated = delete ? info.withLifecycle(DELETED, now) : info.withLifecycle(ACTIVE, null);
            StoreFiles.writeAtomically(runDir.resolve(META), MetaYaml.runYaml(updated), runDir);
          }
          return null;
        });
        runDirs.remove(runId);
      }
      StoreFiles.writeAtomically(dir.resolve(META),
          MetaYaml.experimentYaml(e.withLifecycle(delete ? DELETED : ACTIVE, now)), dir);
      try {
        Files.createDirectories(target.getParent());
        StoreFiles.moveAtomically(dir, target);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot move experiment folder " + dir + " to " + target
            + ": " + ex.getMessage(), ex);
      }
    }
  }

  private static void validateExperimentName(String name) {
    if (name == null || name.isBlank()) {
      throw MlflowError.invalid("Invalid experiment name: '" + name + "'; expected a non-empty name");
    }
    if (name.length() > EntityNames.MAX_EXPERIMENT_NAME_LENGTH) {
      throw MlflowError.invalid(
          "experiment name has length " + name.length() + ", which exceeds the limit of "
              + EntityNames.MAX_EXPERIMENT_NAME_LENGTH);
    }
  }

  private Experiment readExperiment(Path dir) {
    Map<String, String> tags = StoreFiles.keyValues(dir.resolve(TAGS));
    return MetaYaml.readExperiment(dir.resolve(META), tags);
  }

  /** The folder of an experiment, active ones under the root and deleted ones under .trash. */
  private Path experimentDir(String id) {
    if (!EntityNames.isValidId(id)) {
      return null;
    }
    for (Path dir : List.of(root.resolve(id), root.resolve(TRASH).resolve(id))) {
      if (Files.isRegularFile(dir.resolve(META))) {
        return dir;
      }
    }
    return null;
  }

  private List<Path> experimentDirs() {
    List<Path> out = new ArrayList<>();
    for (Path parent : List.of(root, root.resolve(TRASH))) {
      for (Path dir : StoreFiles.subdirs(parent)) {
        String name = dir.getFileName().toString();
        if (!name.startsWith(".") && Files.isRegularFile(dir.resolve(META))) {
          out.add(dir);
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- runs

  RunInfo createRun(
      String experimentId, String userId, long startTime, String runName, Map<String, String> tags) {
    Experiment e = getExperiment(experimentId);
    if (!ACTIVE.equals(e.lifecycleStage())) {
      throw MlflowError.invalid(
          "Could not create run under non-active experiment with ID " + experimentId + ".");
    }
    Map<String, String> allTags = new LinkedHashMap<>(tags);
    allTags.forEach((k, v) -> {
      EntityNames.validateKey("tag", k);
      EntityNames.validateTagValue(k, v);
    });
    String tagName = allTags.get(RUN_NAME_TAG);
    if (runName != null && !runName.isEmpty() && tagName != null && !tagName.equals(runName)) {
      throw MlflowError.invalid(
          "Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different"
              + " values (run_name='" + runName + "', mlflow.runName='" + tagName + "').");
    }
    String runId = UUID.randomUUID().toString().replace("-", "");
    String name =
        runName != null && !runName.isEmpty()
            ? runName
            : tagName != null ? tagName : RunNames.generate();
    allTags.put(RUN_NAME_TAG, name);
    Path expDir = experimentDir(experimentId);
    Path runDir = expDir.resolve(runId);
    String artifactUri = trimSlash(e.artifactLocation()) + "/" + runId + "/" + ARTIFACTS;
    RunInfo info =
        new RunInfo(runId, experimentId, name, userId == null ? "" : userId, RunStatus.RUNNING,
            startTime, null, artifactUri, ACTIVE, null);
    try {
      for (String sub : List.of(METRICS, PARAMS, TAGS, ARTIFACTS)) {
        Files.createDirectories(runDir.resolve(sub));
      }
    } catch (IOException ex) {
      throw new UncheckedIOException("cannot create run folder " + runDir + ": " + ex.getMessage(), ex);
    }
    allTags.forEach((k, v) -> StoreFiles.writeAtomically(runDir.resolve(TAGS).resolve(k), v, runDir));
    // meta.yaml last: a folder without it is not (yet) a run
    StoreFiles.writeAtomically(runDir.resolve(META), MetaYaml.runYaml(info), runDir);
    runDirs.put(runId, runDir);
    return info;
  }

  RunInfo getRunInfo(String runId) {
    Path dir = runDir(runId);
    return withRunLock(runId, () -> readRunInfo(dir));
  }

  Run getRun(String runId) {
    Path dir = runDir(runId);
    return withRunLock(runId, () -> readRun(dir));
  }

  List<Run> listRuns(String experimentId, ViewType view) {
    Path expDir = experimentDir(experimentId);
    if (expDir == null) {
      return List.of();
    }
    List<Run> out = new ArrayList<>();
    for (Path dir : StoreFiles.subdirs(expDir)) {
      if (!Files.isRegularFile(dir.resolve(META))) {
        continue;
      }
      String runId = dir.getFileName().toString();
      runDirs.putIfAbsent(runId, dir);
      Run run = withRunLock(runId, () -> readRun(dir));
      if (view.includes(run.info().lifecycleStage())) {
        out.add(run);
      }
    }
    return out;
  }

  RunInfo updateRun(String runId, RunStatus status, Long endTime, String runName) {
    Path dir = runDir(runId);
    return withRunLock(runId, () -> {
      RunInfo info = readRunInfo(dir);
      checkActive(info);
      RunInfo updated = info;
      if (status != null) {
        updated = updated.withStatus(status, endTime != null ? endTime : info.endTime());
      } else if (endTime != null) {
        updated = updated.withStatus(info.status(), endTime);
      }
      if (runName != null && !runName.isEmpty()) {
        updated = updated.withRunName(runName);
        StoreFiles.writeAtomically(dir.resolve(TAGS).resolve(RUN_NAME_TAG), runName, dir);
      }
      StoreFiles.writeAtomically(dir.resolve(META), MetaYaml.runYaml(updated), dir);
      return updated;
    });
  }

  void setLifecycle(String runId, boolean deleted) {
    Path dir = runDir(runId);
    withRunLock(runId, () -> {
      RunInfo info = readRunInfo(dir);
      RunInfo updated =
          deleted
              ? info.withLifecycle(DELETED, System.currentTimeMillis())
              : info.withLifecycle(ACTIVE, null);
      StoreFiles.writeAtomically(dir.resolve(META), MetaYaml.runYaml(updated), dir);
      return null;
    });
  }

  /**
   * Logs metrics, params and tags to one run. Everything is validated before anything is
   * written, so a rejected batch (a changed param, say) leaves the run unchanged.
   */
  void logBatch(String runId, List<Metric> metrics, Map<String, String> params, Map<String, String> tags) {
    Path dir = runDir(runId);
    withRunLock(runId, () -> {
      RunInfo info = readRunInfo(dir);
      checkActive(info);
      Map<String, String> newParams = new LinkedHashMap<>();
      for (Map.Entry<String, String> p : params.entrySet()) {
        Path file = dir.resolve(PARAMS).resolve(p.getKey());
        if (Files.isRegularFile(file)) {
          String old = StoreFiles.read(file);
          if (!old.equals(p.getValue())) {
            throw MlflowError.invalid(
                "Changing param values is not allowed. Param with key='" + p.getKey()
                    + "' was already logged with value='" + old + "' for run ID='" + runId
                    + "'. Attempted logging new value '" + p.getValue() + "'.");
          }
        } else {
          newParams.put(p.getKey(), p.getValue());
        }
      }
      newParams.forEach((k, v) -> StoreFiles.writeAtomically(dir.resolve(PARAMS).resolve(k), v, dir));
      tags.forEach((k, v) -> StoreFiles.writeAtomically(dir.resolve(TAGS).resolve(k), v, dir));
      String newName = tags.get(RUN_NAME_TAG);
      if (newName != null && !newName.equals(info.runName())) {
        StoreFiles.writeAtomically(dir.resolve(META), MetaYaml.runYaml(info.withRunName(newName)), dir);
      }
      Map<String, StringBuilder> linesByKey = new LinkedHashMap<>();
      for (Metric m : metrics) {
        linesByKey.computeIfAbsent(m.key(), k -> new StringBuilder()).append(MetricLines.format(m));
      }
      linesByKey.forEach((k, lines) -> StoreFiles.append(dir.resolve(METRICS).resolve(k), lines.toString()));
      return null;
    });
  }

  /**
   * Appends one MLmodel dict to the run's {@link Tags#LOGGED_MODELS} JSON list, as MLflow's
   * FileStore does for runs/log-model (without the tag length limit, which MLflow does not apply
   * there either: a run may log many models).
   */
  void appendLoggedModel(String runId, com.fasterxml.jackson.databind.JsonNode model) {
    Path dir = runDir(runId);
    withRunLock(runId, () -> {
      checkActive(readRunInfo(dir));
      Path file = dir.resolve(TAGS).resolve(Tags.LOGGED_MODELS);
      com.fasterxml.jackson.databind.node.ArrayNode list = Json.MAPPER.createArrayNode();
      if (Files.isRegularFile(file)) {
        try {
          com.fasterxml.jackson.databind.JsonNode old = Json.MAPPER.readTree(StoreFiles.read(file));
          if (old != null && old.isArray()) {
            list.addAll((com.fasterxml.jackson.databind.node.ArrayNode) old);
          }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw MlflowError.invalid("Run " + runId + " has a malformed " + Tags.LOGGED_MODELS
              + " tag (" + e.getOriginalMessage() + "); delete the tag to start a new list");
        }
      }
      list.add(model);
      StoreFiles.writeAtomically(file, list.toString(), dir);
      return null;
    });
  }

  void deleteTag(String runId, String key) {
    EntityNames.validateKey("tag", key);
    Path dir = runDir(runId);
    withRunLock(runId, () -> {
      checkActive(readRunInfo(dir));
      Path file = dir.resolve(TAGS).resolve(key);
      if (!Files.isRegularFile(file)) {
        throw MlflowError.notFound("No tag with name: " + key + " in run with id " + runId);
      }
      StoreFiles.deleteIfExists(file);
      return null;
    });
  }

  List<Metric> metricHistory(String runId, String key) {
    EntityNames.validateKey("metric", key);
    Path dir = runDir(runId);
    return withRunLock(runId, () -> readMetricFile(key, dir.resolve(METRICS).resolve(key)));
  }

  // ---------------------------------------------------------------- artifacts

  /**
   * The local folder holding a run's artifacts: its {@code mlflow-artifacts:} URI resolved
   * inside this store, or a {@code file:} URI as written by MLflow itself; empty for URIs this
   * server cannot reach (s3:, gs:, ...).
   */
  Optional<Path> artifactRoot(RunInfo info) {
    String uri = info.artifactUri();
    if (uri.startsWith(PROXY_SCHEME)) {
      return Optional.of(proxyPath(proxyRelativePath(uri)));
    }
    if (uri.startsWith("file:")) {
      return Optional.of(Path.of(URI.create(uri)));
    }
    if (uri.startsWith("/")) {
      return Optional.of(Path.of(uri));
    }
    return Optional.empty();
  }

  /**
   * Resolves a path of the mlflow-artifacts proxy, {@code <exp_id>/<run_id>/artifacts[/...]},
   * inside the store. Only a run's artifacts folder is reachable; '..', absolute paths and
   * anything else are refused, so a request can never touch meta.yaml or leave the store.
   */
  Path proxyPath(String relative) {
    return resolveProxy(relative).path();
  }

  /** A resolved proxy path and the folder of the run it belongs to (where temp files go). */
  record ProxyTarget(Path runDir, Path path) {}

  ProxyTarget resolveProxy(String relative) {
    if (relative == null || !EntityNames.isNormalRelativePath(relative)) {
      throw MlflowError.invalid(
          "Invalid artifact path: '" + relative + "'. Expected a relative path"
              + " '<experiment_id>/<run_id>/artifacts/...' without '..', '.', '//' or a leading '/'.");
    }
    String[] seg = relative.split("/");
    if (seg.length < 3 || !ARTIFACTS.equals(seg[2])) {
      throw MlflowError.invalid(
          "Invalid artifact path: '" + relative + "'. Expected '<experiment_id>/<run_id>/artifacts/...'");
    }
    Path expDir = experimentDir(seg[0]);
    if (expDir == null || !EntityNames.isValidId(seg[1])
        || !Files.isRegularFile(expDir.resolve(seg[1]).resolve(META))) {
      throw MlflowError.notFound(
          "Run '" + seg[1] + "' not found in experiment '" + seg[0] + "' (artifact path '" + relative + "')");
    }
    Path base = expDir.resolve(seg[1]).resolve(ARTIFACTS).normalize();
    Path p = base;
    for (int i = 3; i < seg.length; i++) {
      p = p.resolve(seg[i]);
    }
    p = p.normalize();
    if (!p.startsWith(base)) {
      throw MlflowError.invalid("Invalid artifact path: '" + relative + "' leaves the run's artifacts");
    }
    return new ProxyTarget(expDir.resolve(seg[1]), p);
  }

  /** "mlflow-artifacts:/1/abc/artifacts" or "mlflow-artifacts://host:5000/1/abc/artifacts" -> "1/abc/artifacts". */
  static String proxyRelativePath(String uri) {
    String rest = uri.substring(PROXY_SCHEME.length());
    if (rest.startsWith("//")) {
      int slash = rest.indexOf('/', 2);
      rest = slash < 0 ? "" : rest.substring(slash);
    }
    while (rest.startsWith("/")) {
      rest = rest.substring(1);
    }
    return trimSlash(rest);
  }

  // ---------------------------------------------------------------- helpers

  private Path runDir(String runId) {
    if (!EntityNames.isValidId(runId)) {
      throw MlflowError.notFound("Run '" + runId + "' not found");
    }
    Path cached = runDirs.get(runId);
    if (cached != null && Files.isRegularFile(cached.resolve(META))) {
      return cached;
    }
    for (Path expDir : experimentDirs()) {
      Path dir = expDir.resolve(runId);
      if (Files.isRegularFile(dir.resolve(META))) {
        runDirs.put(runId, dir);
        return dir;
      }
    }
    throw MlflowError.notFound("Run '" + runId + "' not found");
  }

  private <T> T withRunLock(String runId, Supplier<T> body) {
    ReentrantLock l = runLocks.computeIfAbsent(runId, k -> new ReentrantLock());
    l.lock();
    try {
      return body.get();
    } finally {
      l.unlock();
    }
  }

  private static void checkActive(RunInfo info) {
    if (!ACTIVE.equals(info.lifecycleStage())) {
      throw MlflowError.invalid(
          "The run " + info.runId() + " must be in the 'active' state. Current state is "
              + info.lifecycleStage() + ".");
    }
  }

  private RunInfo readRunInfo(Path dir) {
    Path nameTag = dir.resolve(TAGS).resolve(RUN_NAME_TAG);
    String fallback = Files.isRegularFile(nameTag) ? StoreFiles.read(nameTag) : null;
    return MetaYaml.readRun(dir.resolve(META), fallback);
  }

  private Run readRun(Path dir) {
    RunInfo info = readRunInfo(dir);
    Map<String, Metric> latest = new LinkedHashMap<>();
    StoreFiles.keyFiles(dir.resolve(METRICS)).forEach((key, file) -> {
      Metric best = null;
      for (Metric m : readMetricFile(key, file)) {
        if (best == null || isLater(m, best)) {
          best = m;
        }
      }
      if (best != null) {
        latest.put(key, best);
      }
    });
    return new Run(info, latest, StoreFiles.keyValues(dir.resolve(PARAMS)), StoreFiles.keyValues(dir.resolve(TAGS)));
  }

  /** MLflow's "latest" value: largest step, then latest timestamp, then largest value. */
  private static boolean isLater(Metric a, Metric b) {
    if (a.step() != b.step()) {
      return a.step() > b.step();
    }
    if (a.timestamp() != b.timestamp()) {
      return a.timestamp() > b.timestamp();
    }
    return Double.compare(a.value(), b.value()) > 0;
  }

  private static List<Metric> readMetricFile(String key, Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    List<Metric> out = new ArrayList<>();
    for (String line : StoreFiles.read(file).split("\n")) {
      if (!line.isBlank()) {
        out.add(MetricLines.parse(key, line));
      }
    }
    return out;
  }

  private static String trimSlash(String s) {
    String out = s;
    while (out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // nothing left to release
      }
    }
  }

  @Override
  public String toString() {
    return "FileStore{root=" + root + "}";
  }
}
