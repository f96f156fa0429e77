package org.l2o.tracking.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * MLflow's model registry in its FileStore layout, under the tracking store's root:
 *
 * <pre>
 * models/&lt;name&gt;/meta.yaml            name, creation/last_updated_timestamp, description
 * models/&lt;name&gt;/tags/&lt;key&gt;           a tag's value
 * models/&lt;name&gt;/aliases/&lt;alias&gt;      the version number the alias points to
 * models/&lt;name&gt;/version-&lt;n&gt;/meta.yaml  name, version, source, run_id, current_stage, ...
 * models/&lt;name&gt;/version-&lt;n&gt;/tags/&lt;key&gt;
 * </pre>
 *
 * so that {@code mlflow ui --backend-store-uri <store>} (whose registry defaults to the same
 * folder) lists what this server registered, and the reverse. Version numbers are never reused:
 * deleting a version only marks it {@link #STAGE_DELETED_INTERNAL}. Registry traffic is small,
 * so one lock serializes every call.
 */
final class ModelRegistryStore {
  static final String MODELS = "models";
  static final String ALIASES = "aliases";
  static final String VERSION_PREFIX = "version-";
  static final String STAGE_NONE = "None";
  static final String STAGE_ARCHIVED = "Archived";
  static final String STAGE_DELETED_INTERNAL = "Deleted_Internal";
  /** The stages a client may set, in MLflow's spelling. */
  static final List<String> STAGES = List.of(STAGE_NONE, "Staging", "Production", STAGE_ARCHIVED);
  static final String STATUS_READY = "READY";

  private static final Pattern ALIAS = Pattern.compile("^[\\w\\-]*$", Pattern.UNICODE_CHARACTER_CLASS);
  private static final Pattern VERSION_ALIAS = Pattern.compile("^[vV]\\d+$");

  private final Path models;
  private final Object lock = new Object();

  ModelRegistryStore(Path storeRoot) {
    this.models = storeRoot.resolve(MODELS);
  }

  // ---------------------------------------------------------------- registered models

  RegisteredModel create(String name, Map<String, String> tags, String description) {
    validateName(name);
    tags.forEach(ModelRegistryStore::validateTag);
    synchronized (lock) {
      Path dir = models.resolve(name);
      if (Files.isRegularFile(dir.resolve(FileStore.META))) {
        throw MlflowError.alreadyExists("Registered Model (name=" + name + ") already exists.");
      }
      long now = System.currentTimeMillis();
      RegisteredModel m = new RegisteredModel(name, now, now, description, tags, Map.of());
      tags.forEach((k, v) -> StoreFiles.writeAtomically(dir.resolve(FileStore.TAGS).resolve(k), v, dir));
      // meta.yaml last: a folder without it is not (yet) a registered model
      StoreFiles.writeAtomically(dir.resolve(FileStore.META), MetaYaml.registeredModelYaml(m), dir);
      return m;
    }
  }

  RegisteredModel get(String name) {
    synchronized (lock) {
      return read(modelDir(name));
    }
  }

  List<RegisteredModel> list() {
    synchronized (lock) {
      List<RegisteredModel> out = new ArrayList<>();
      for (Path dir : StoreFiles.subdirs(models)) {
        if (Files.isRegularFile(dir.resolve(FileStore.META))) {
          out.add(read(dir));
        }
      }
      return out;
    }
  }

  RegisteredModel updateDescription(String name, String description) {
    synchronized (lock) {
      Path dir = modelDir(name);
      RegisteredModel m = read(dir).withDescription(description, System.currentTimeMillis());
      StoreFiles.writeAtomically(dir.resolve(FileStore.META), MetaYaml.registeredModelYaml(m), dir);
      return m;
    }
  }

  /** Moves the folder (tags, aliases and versions with it) and rewrites the names in it. */
  RegisteredModel rename(String name, String newName) {
    validateName(newName);
    synchronized (lock) {
      Path dir = modelDir(name);
      Path target = models.resolve(newName);
      if (Files.exists(target)) {
        throw MlflowError.alreadyExists("Registered Model (name=" + newName + ") already exists.");
      }
      long now = System.currentTimeMillis();
      try {
        StoreFiles.moveAtomically(dir, target);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot rename " + dir + " to " + target + ": " + e.getMessage(), e);
      }
      for (ModelVersion v : versions(target, true)) {
        Path vdir = target.resolve(VERSION_PREFIX + v.version());
        StoreFiles.writeAtomically(vdir.resolve(FileStore.META),
            MetaYaml.modelVersionYaml(v.with(newName, v.currentStage(), v.description(), now)), vdir);
      }
      RegisteredModel m = read(target).withName(newName, now);
      StoreFiles.writeAtomically(target.resolve(FileStore.META), MetaYaml.registeredModelYaml(m), target);
      return m;
    }
  }

  void delete(String name) {
    synchronized (lock) {
      Path dir = modelDir(name);
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete registered model folder " + dir + ": " + e.getMessage(), e);
      }
    }
  }

  void setTag(String name, String key, String value) {
    validateTag(key, value);
    synchronized (lock) {
      Path dir = modelDir(name);
      StoreFiles.writeAtomically(dir.resolve(FileStore.TAGS).resolve(key), value, dir);
      touch(dir);
    }
  }

  void deleteTag(String name, String key) {
    EntityNames.validateKey("registered model tag", key);
    synchronized (lock) {
      Path dir = modelDir(name);
      StoreFiles.deleteIfExists(dir.resolve(FileStore.TAGS).resolve(key));
      touch(dir);
    }
  }

  /** The highest version in each of {@code stages} (all stages when empty). */
  List<ModelVersion> latestVersions(String name, List<String> stages) {
    List<String> wanted = stages.isEmpty() ? STAGES : stages.stream().map(ModelRegistryStore::canonicalStage).toList();
    synchronized (lock) {
      Map<String, ModelVersion> latest = new LinkedHashMap<>();
      for (ModelVersion v : versions(modelDir(name), false)) {
        if (wanted.contains(v.currentStage())) {
          latest.merge(v.currentStage(), v, (a, b) -> a.version() >= b.version() ? a : b);
        }
      }
      return wanted.stream().filter(latest::containsKey).map(latest::get).toList();
    }
  }

  // ---------------------------------------------------------------- aliases

  void setAlias(String name, String alias, String version) {
    validateAlias(alias);
    synchronized (lock) {
      Path dir = modelDir(name);
      ModelVersion v = version(dir, name, version);
      StoreFiles.writeAtomically(dir.resolve(ALIASES).resolve(alias), Long.toString(v.version()), dir);
      touch(dir);
    }
  }

  void deleteAlias(String name, String alias) {
    validateAlias(alias);
    synchronized (lock) {
      Path dir = modelDir(name);
      StoreFiles.deleteIfExists(dir.resolve(ALIASES).resolve(alias));
      touch(dir);
    }
  }

  ModelVersion versionByAlias(String name, String alias) {
    validateAlias(alias);
    synchronized (lock) {
      Path dir = modelDir(name);
      Path file = dir.resolve(ALIASES).resolve(alias);
      if (!Files.isRegularFile(file)) {
        throw MlflowError.notFound("Registered model alias " + alias + " not found.");
      }
      return version(dir, name, StoreFiles.read(file).trim());
    }
  }

  // ---------------------------------------------------------------- versions

  /**
   * A new version, numbered one past the highest ever given (deleted ones included).
   *
   * @param storageLocation where the files are, when {@code source} is an indirection
   */
  ModelVersion createVersion(String name, String source, String storageLocation, String runId,
      Map<String, String> tags, String runLink, String description, String userId) {
    if (source == null || source.isBlank()) {
      throw MlflowError.invalid("Missing value for required parameter 'source'.");
    }
    tags.forEach(ModelRegistryStore::validateTag);
    synchronized (lock) {
      Path dir = modelDir(name);
      long next = versions(dir, true).stream().mapToLong(ModelVersion::version).max().orElse(0) + 1;
      long now = System.currentTimeMillis();
      ModelVersion v = new ModelVersion(name, next, now, now, description, userId, STAGE_NONE, source, runId,
          runLink, STATUS_READY, null, storageLocation, tags, List.of());
      Path vdir = dir.resolve(VERSION_PREFIX + next);
      tags.forEach((k, val) -> StoreFiles.writeAtomically(vdir.resolve(FileStore.TAGS).resolve(k), val, vdir));
      StoreFiles.writeAtomically(vdir.resolve(FileStore.META), MetaYaml.modelVersionYaml(v), vdir);
      touch(dir);
      return v;
    }
  }

  ModelVersion getVersion(String name, String version) {
    synchronized (lock) {
      return version(modelDir(name), name, version);
    }
  }

  /** Every live version of every registered model. */
  List<ModelVersion> allVersions() {
    synchronized (lock) {
      List<ModelVersion> out = new ArrayList<>();
      for (Path dir : StoreFiles.subdirs(models)) {
        if (Files.isRegularFile(dir.resolve(FileStore.META))) {
          out.addAll(versions(dir, false));
        }
      }
      return out;
    }
  }

  ModelVersion updateVersionDescription(String name, String version, String description) {
    synchronized (lock) {
      Path dir = modelDir(name);
      ModelVersion v = version(dir, name, version);
      return writeVersion(dir, v.with(v.name(), v.currentStage(), description, System.currentTimeMillis()));
    }
  }

  /**
   * Moves a version to {@code stage}; with {@code archiveExisting}, the other versions in that
   * stage (Staging or Production only) move to Archived.
   */
  ModelVersion transition(String name, String version, String stage, boolean archiveExisting) {
    String canonical = canonicalStage(stage);
    if (archiveExisting && !canonical.equals("Staging") && !canonical.equals("Production")) {
      throw MlflowError.invalid("Model version transition cannot archive existing model versions because '"
          + stage + "' is not an Active stage. Valid stages are [Staging, Production]");
    }
    synchronized (lock) {
      Path dir = modelDir(name);
      ModelVersion v = version(dir, name, version);
      long now = System.currentTimeMillis();
      if (archiveExisting) {
        for (ModelVersion other : versions(dir, false)) {
          if (other.version() != v.version() && other.currentStage().equals(canonical)) {
            writeVersion(dir, other.with(other.name(), STAGE_ARCHIVED, other.description(), now));
          }
        }
      }
      ModelVersion out = writeVersion(dir, v.with(v.name(), canonical, v.description(), now));
      touch(dir);
      return out;
    }
  }

  void deleteVersion(String name, String version) {
    synchronized (lock) {
      Path dir = modelDir(name);
      ModelVersion v = version(dir, name, version);
      writeVersion(dir, v.with(v.name(), STAGE_DELETED_INTERNAL, v.description(), System.currentTimeMillis()));
      for (String alias : v.aliases()) {
        StoreFiles.deleteIfExists(dir.resolve(ALIASES).resolve(alias));
      }
      touch(dir);
    }
  }

  void setVersionTag(String name, String version, String key, String value) {
    validateTag(key, value);
    synchronized (lock) {
      Path dir = modelDir(name);
      ModelVersion v = version(dir, name, version);
      Path vdir = dir.resolve(VERSION_PREFIX + v.version());
      StoreFiles.writeAtomically(vdir.resolve(FileStore.TAGS).resolve(key), value, vdir);
      touch(dir);
    }
  }

  void deleteVersionTag(String name, String version, String key) {
    EntityNames.validateKey("model version tag", key);
    synchronized (lock) {
      Path dir = modelDir(name);
      ModelVersion v = version(dir, name, version);
      StoreFiles.deleteIfExists(dir.resolve(VERSION_PREFIX + v.version()).resolve(FileStore.TAGS).resolve(key));
      touch(dir);
    }
  }

  /** MLflow's stage names, matched case-insensitively ("production" is Production). */
  static String canonicalStage(String stage) {
    for (String s : STAGES) {
      if (s.equalsIgnoreCase(stage == null ? "" : stage.trim())) {
        return s;
      }
    }
    throw MlflowError.invalid("Invalid Model Version stage: " + stage + ". Value must be one of "
        + String.join(", ", STAGES) + ".");
  }

  // ---------------------------------------------------------------- helpers

  private Path modelDir(String name) {
    validateName(name);
    Path dir = models.resolve(name);
    if (!Files.isRegularFile(dir.resolve(FileStore.META))) {
      throw MlflowError.notFound("Registered Model with name=" + name + " not found");
    }
    return dir;
  }

  private RegisteredModel read(Path dir) {
    return MetaYaml.readRegisteredModel(dir.resolve(FileStore.META), StoreFiles.keyValues(dir.resolve(FileStore.TAGS)),
        StoreFiles.keyValues(dir.resolve(ALIASES)));
  }

  private ModelVersion version(Path dir, String name, String version) {
    long n;
    try {
      n = Long.parseLong(version == null ? "" : version.trim());
    } catch (NumberFormatException e) {
      throw MlflowError.invalid("Model version must be an integer, got '" + version + "'");
    }
    Path vdir = dir.resolve(VERSION_PREFIX + n);
    if (n < 1 || !Files.isRegularFile(vdir.resolve(FileStore.META))) {
      throw MlflowError.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }
    ModelVersion v = readVersion(vdir, aliasesByVersion(dir));
    if (STAGE_DELETED_INTERNAL.equals(v.currentStage())) {
      throw MlflowError.notFound("Model Version (name=" + name + ", version=" + version + ") not found");
    }
    return v;
  }

  private List<ModelVersion> versions(Path dir, boolean includeDeleted) {
    Map<String, List<String>> aliases = aliasesByVersion(dir);
    List<ModelVersion> out = new ArrayList<>();
    for (Path vdir : StoreFiles.subdirs(dir)) {
      String n = vdir.getFileName().toString();
      if (n.startsWith(VERSION_PREFIX) && Files.isRegularFile(vdir.resolve(FileStore.META))) {
        ModelVersion v = readVersion(vdir, aliases);
        if (includeDeleted || !STAGE_DELETED_INTERNAL.equals(v.currentStage())) {
          out.add(v);
        }
      }
    }
    out.sort(Comparator.comparingLong(ModelVersion::version));
    return out;
  }

  private ModelVersion readVersion(Path vdir, Map<String, List<String>> aliases) {
    String number = vdir.getFileName().toString().substring(VERSION_PREFIX.length());
    return MetaYaml.readModelVersion(vdir.resolve(FileStore.META), StoreFiles.keyValues(vdir.resolve(FileStore.TAGS)),
        aliases.getOrDefault(number, List.of()));
  }

  private Map<String, List<String>> aliasesByVersion(Path dir) {
    Map<String, List<String>> out = new HashMap<>();
    StoreFiles.keyValues(dir.resolve(ALIASES)).forEach((alias, v) -> out.computeIfAbsent(v.trim(), k -> new ArrayList<>()).add(alias));
    out.values().forEach(l -> l.sort(null));
    return out;
  }

  private ModelVersion writeVersion(Path dir, ModelVersion v) {
    Path vdir = dir.resolve(VERSION_PREFIX + v.version());
    StoreFiles.writeAtomically(vdir.resolve(FileStore.META), MetaYaml.modelVersionYaml(v), vdir);
    return v;
  }

  private void touch(Path dir) {
    RegisteredModel m = read(dir).touched(System.currentTimeMillis());
    StoreFiles.writeAtomically(dir.resolve(FileStore.META), MetaYaml.registeredModelYaml(m), dir);
  }

  /**
   * MLflow's rule (non-empty, no path separator, no '%'), plus no '.'/'..' and no control
   * characters: the name is a folder of the store.
   */
  static void validateName(String name) {
    if (name == null || name.isEmpty()) {
      throw MlflowError.invalid("Registered model name cannot be empty.");
    }
    if (name.contains("/") || name.contains("\\")) {
      throw MlflowError.invalid("Invalid name: '" + name + "'. Registered model name cannot contain path separator");
    }
    if (name.contains("%")) {
      throw MlflowError.invalid("Invalid name: '" + name + "'. Registered model name cannot contain '%' character");
    }
    if (name.equals(".") || name.equals("..") || name.chars().anyMatch(Character::isISOControl)
        || name.length() > EntityNames.MAX_KEY_LENGTH) {
      throw MlflowError.invalid("Invalid name: '" + name + "'. Expected a folder-safe name of at most "
          + EntityNames.MAX_KEY_LENGTH + " characters, not '.' or '..'");
    }
  }

  private static void validateTag(String key, String value) {
    EntityNames.validateKey("registered model tag", key);
    EntityNames.validateTagValue(key, value);
  }

  private static void validateAlias(String alias) {
    if (alias == null || alias.isEmpty() || alias.length() > 255 || !ALIAS.matcher(alias).matches()) {
      throw MlflowError.invalid("Invalid alias name: '" + alias + "'. Names may only contain alphanumerics,"
          + " underscores (_) and dashes (-), up to 255 characters.");
    }
    if (alias.toLowerCase(Locale.ROOT).equals("latest") || VERSION_ALIAS.matcher(alias).matches()) {
      throw MlflowError.invalid("'" + alias + "' is reserved and cannot be used as an alias name");
    }
  }
}
