package org.l2o.stages;

import java.io.PrintWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
import org.l2o.engine.EngineListener;
import org.l2o.engine.checkpoint.CheckpointStore;
import org.l2o.engine.checkpoint.TrainerState;
import org.l2o.engine.checkpoint.TrainingCheckpoints;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ResolvedParams;
import org.l2o.provenance.Digests;
import org.l2o.provenance.ToolVersion;

/**
 * A training task's checkpoints: where they live, when they are written, and the metric journal
 * that lets a resumed task's tracked run hold every metric step exactly once.
 *
 * <ul>
 *   <li><b>Where.</b> Beside the task's output ({@code <out>.checkpoint/}), which is where the Java
 *       runner's rerun of the same task and a hand rerun with the same {@code --out} look; or,
 *       with {@code checkpoint_dir} set, in {@code <checkpoint_dir>/<task fingerprint>/}, where a
 *       Nextflow retry (a new work folder) finds it. The fingerprint hashes the stage, the hashed
 *       params, the input data and the tool version, so a changed task never resumes a stale
 *       checkpoint: it warns and starts afresh.
 *   <li><b>When.</b> Every {@code checkpoint_every} episodes, or sooner once {@code
 *       checkpoint_minutes} have passed; and on SIGTERM or SIGINT (a shutdown hook writes the
 *       state of the last episode boundary). SIGKILL loses at most the episodes since the last
 *       write.
 *   <li><b>Metrics.</b> Every metric the trainer reports is appended to {@code metrics.jsonl}
 *       here; a checkpoint records how many lines belonged to it. A resumed task first replays
 *       those lines into its tracker and then continues: the episodes after the checkpoint run
 *       again and report again, so the journal's later lines are dropped rather than doubled.
 * </ul>
 *
 * After a successful training the checkpoint folder is removed: the task's output replaces it.
 */
final class TrainingCheckpointing implements TrainingCheckpoints, AutoCloseable {

  static final String JOURNAL = "metrics.jsonl";
  static final String SUFFIX = ".checkpoint";

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The checkpoint params of a training task.
   *
   * @param every {@code checkpoint_every}: episodes between checkpoints
   * @param minutes {@code checkpoint_minutes}: the longest time between two
   * @param dir {@code checkpoint_dir}: blank for beside the output
   */
  record Settings(int every, double minutes, String dir) {
    static Settings read(ResolvedParams p) {
      return new Settings(p.getInt("checkpoint_every"), p.getDouble("checkpoint_minutes"),
          p.getString("checkpoint_dir"));
    }
  }

  /** The state of an episode boundary and the journal lines up to it, swapped in atomically. */
  private record Boundary(TrainerState state, long journalLines) {}

  private final CheckpointStore store;
  private final String fingerprint;
  private final String taskName;
  private final PrintWriter log;
  private final int every;
  private final long intervalNanos;
  private final Thread hook;
  private BufferedWriter journal;
  private long journalLines;
  private volatile Boundary latest;
  private long savedEpisode = -1;
  private long savedAt = System.nanoTime();
  private TrainerState resumeFrom;
  private final List<String[]> replay = new ArrayList<>();

  private TrainingCheckpointing(
      Path dir, String fingerprint, String taskName, int every, double minutes, PrintWriter log) {
    this.log = log;
    this.store = new CheckpointStore(dir);
    this.fingerprint = fingerprint;
    this.taskName = taskName;
    this.every = every;
    this.intervalNanos = (long) (minutes * 60e9);
    this.hook = new Thread(this::saveOnSignal, "l2o-checkpoint-on-exit");
  }

  /**
   * The checkpoints of the training task {@code ctx} runs, opened for resuming: an existing
   * checkpoint of the same task is read (a stale one is removed with a warning), and the journal
   * is cut to it.
   */
  static TrainingCheckpointing open(StageContext ctx, String stage, Settings s) throws IOException {
    String fingerprint = fingerprint(stage, ctx.params(), ctx);
    Path out = ctx.finalOut();
    Path dir = s.dir().isBlank()
        ? out.resolveSibling(out.getFileName() + SUFFIX)
        : Path.of(s.dir().trim()).resolve(fingerprint.substring(0, 24));
    TrainingCheckpointing c = new TrainingCheckpointing(dir, fingerprint, ctx.taskName(),
        s.every(), s.minutes(), ctx.log());
    c.load();
    return c;
  }

  /** SHA-256 over what makes this task this task: stage, hashed params, inputs, tool version. */
  static String fingerprint(String stage, ResolvedParams p, StageContext ctx) throws IOException {
    Map<String, Object> params = new TreeMap<>();
    p.asMap().forEach((k, v) -> {
      if (ParamSchema.find(k).map(ParamSpec::hashed).orElse(true)) {
        params.put(k, v);
      }
    });
    Map<String, Object> inputs = new TreeMap<>();
    for (Map.Entry<String, List<Path>> e : ctx.inputs().entrySet()) {
      List<String> digests = new ArrayList<>();
      for (Path d : e.getValue()) {
        digests.add(Digests.ofJson(Digests.ofTree(d)));
      }
      inputs.put(e.getKey(), digests);
    }
    Map<String, Object> material = new LinkedHashMap<>();
    material.put("stage", stage);
    material.put("params", params);
    material.put("inputs", inputs);
    material.put("tool", ToolVersion.current());
    return Digests.ofJson(material);
  }

  Path dir() {
    return store.dir();
  }

  private void load() throws IOException {
    Optional<CheckpointStore.Loaded> found;
    try {
      found = store.load();
    } catch (IllegalStateException damaged) {
      throw new StageException(taskName + ": " + damaged.getMessage(), 1, damaged);
    }
    Path journalFile = store.dir().resolve(JOURNAL);
    if (found.isPresent()) {
      CheckpointStore.Loaded l = found.get();
      Object fp = l.task().get("fingerprint");
      if (fingerprint.equals(fp)) {
        resumeFrom = l.state();
        long lines = ((Number) l.task().get("journal_lines")).longValue();
        keepJournal(journalFile, lines);
      } else {
        log.printf("%s: WARNING: the checkpoint in %s belongs to another task (its params, "
            + "data or tool version differ); starting afresh%n", taskName, store.dir());
        log.flush();
        store.clear();
      }
    } else if (Files.exists(store.dir())) {
      store.clear(); // a task killed before its first checkpoint: nothing to keep
    }
    Files.createDirectories(store.dir());
    journal = Files.newBufferedWriter(journalFile, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Cuts the journal to its first {@code lines} lines and queues them for replay. */
  private void keepJournal(Path file, long lines) throws IOException {
    List<String> kept = new ArrayList<>();
    if (Files.exists(file)) {
      try (var all = Files.lines(file, StandardCharsets.UTF_8)) {
        all.limit(lines).forEach(kept::add);
      }
    }
    if (kept.size() != lines) {
      throw new StageException(taskName + ": the metric journal " + file + " holds " + kept.size()
          + " lines, but its checkpoint counted " + lines + "; delete " + store.dir()
          + " to start the task afresh", 1, null);
    }
    Path tmp = file.resolveSibling(JOURNAL + ".tmp");
    Files.write(tmp, kept, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    for (String line : kept) {
      Map<?, ?> m = JSON.readValue(line, Map.class);
      replay.add(new String[] {(String) m.get("k"), String.valueOf(m.get("v")),
          String.valueOf(m.get("s"))});
    }
    journalLines = lines;
  }

  /**
   * The listener to hand the trainer: it journals every metric, then passes it on to {@code
   * inner}, which first receives the metrics of the resumed part.
   */
  EngineListener wrap(EngineListener inner) {
    for (String[] r : replay) {
      inner.onMetric(r[0], Double.parseDouble(r[1]), Long.parseLong(r[2]));
    }
    replay.clear();
    return new EngineListener() {
      @Override
      public void onMetric(String key, double value, long step) {
        journal(key, value, step);
        inner.onMetric(key, value, step);
      }

      @Override
      public void onProgress(long done, long total, String message) {
        inner.onProgress(done, total, message);
      }

      @Override
      public void onEvent(String kind, Map<String, Object> details) {
        inner.onEvent(kind, details);
      }
    };
  }

  private synchronized void journal(String key, double value, long step) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("k", key);
    m.put("v", Double.isFinite(value) ? value : Double.toString(value));
    m.put("s", step);
    try {
      journal.write(JSON.writeValueAsString(m));
      journal.newLine();
      journalLines++;
    } catch (IOException e) {
      throw new UncheckedIOException(taskName + ": cannot append to the metric journal in "
          + store.dir() + ": " + e, e);
    }
  }

  @Override
  public Optional<TrainerState> resume() {
    if (resumeFrom != null) {
      log.printf("%s: resumed at episode %d from the checkpoint in %s%n", taskName,
          resumeFrom.episode(), store.dir());
      log.flush();
    }
    return Optional.ofNullable(resumeFrom);
  }

  @Override
  public void episodeDone(TrainerState state) {
    Boundary b;
    synchronized (this) {
      b = new Boundary(state, journalLines);
    }
    latest = b;
    boolean due = state.episode() - Math.max(savedEpisode, resumeFrom == null ? 0
        : resumeFrom.episode()) >= every || System.nanoTime() - savedAt >= intervalNanos;
    if (due) {
      save(b);
    }
  }

  private synchronized void save(Boundary b) {
    if (b.state().episode() <= savedEpisode) {
      return;
    }
    try {
      journal.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(taskName + ": cannot flush the metric journal: " + e, e);
    }
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("fingerprint", fingerprint);
    task.put("task", taskName);
    task.put("journal_lines", b.journalLines());
    store.save(b.state(), task);
    savedEpisode = b.state().episode();
    savedAt = System.nanoTime();
  }

  /** The shutdown hook: SIGTERM or SIGINT while training saves the last episode boundary. */
  private void saveOnSignal() {
    Boundary b = latest;
    if (b == null) {
      return;
    }
    try {
      save(b);
      log.printf("%s: interrupted; checkpoint of episode %d written to %s%n", taskName,
          b.state().episode(), store.dir());
    } catch (RuntimeException e) {
      log.printf("%s: interrupted, and the checkpoint could not be written: %s%n",
          taskName, e.getMessage());
    }
    log.flush();
  }

  /** Training finished and its outputs are written: the checkpoint is no longer needed. */
  void finished() {
    close();
    store.clear();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook runs
    }
    synchronized (this) {
      try {
        if (journal != null) {
          journal.close();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public String toString() {
    return "TrainingCheckpointing[" + store.dir() + ", every " + every + " episodes]";
  }
}
