package org.l2o.params;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Params after defaults, profile, params file and {@code -p} overrides were merged and every value
 * was checked against {@link ParamSchema}. Immutable; typed getters.
 */
public final class ResolvedParams {

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));

  private final Map<String, Object> values;
  /** Told the name of every param read or asked about; null when nobody listens. */
  private final Consumer<String> reads;

  private ResolvedParams(Map<String, Object> values) {
    this(values, null);
  }

  private ResolvedParams(Map<String, Object> values, Consumer<String> reads) {
    this.values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.reads = reads;
  }

  /** No params at all: where a task's params file starts, so that it reads only what it holds. */
  public static ResolvedParams empty() {
    return new ResolvedParams(Map.of());
  }

  /**
   * These params, telling {@code reads} the name of every param read ({@code get*}) or asked
   * about ({@link #has}): how a test finds out what a stage reads. Copies made from it do not.
   */
  public ResolvedParams recording(Consumer<String> reads) {
    return new ResolvedParams(values, Objects.requireNonNull(reads, "reads"));
  }

  /** Every param at its default (per-task params, which have none, are absent). */
  public static ResolvedParams defaults() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ParamSpec s : ParamSchema.all()) {
      if (s.defaultValue() != null) {
        m.put(s.name(), s.defaultValue());
      }
    }
    return new ResolvedParams(m);
  }

  /**
   * Returns these params with {@code raw} merged over them, each value validated.
   *
   * @param source where the values came from, named in errors ("params file smoke.yaml")
   * @param allowPerTask whether per-task keys (variant, optimizer, problem) may be set here
   * @throws ParamException for an unknown key or a bad value
   */
  public ResolvedParams merge(Map<String, ?> raw, String source, boolean allowPerTask) {
    Map<String, Object> m = new LinkedHashMap<>(values);
    for (Map.Entry<String, ?> e : raw.entrySet()) {
      String key = e.getKey();
      ParamSpec spec =
          ParamSchema.find(key).orElseThrow(() -> unknown(key, e.getValue(), source));
      if (spec.perTask() && !allowPerTask) {
        throw new ParamException(
            key,
            "param '" + key + "' (" + source + ") is set per task by the pipeline's fan-out; "
                + "choose what runs with baseline_variants, curriculum_variants, "
                + "imitation_variants, eval_optimizers and eval_problems instead");
      }
      m.put(key, spec.coerce(e.getValue(), source));
    }
    return new ResolvedParams(m);
  }

  /** Reads a YAML (or JSON) params file and merges it; errors name the file. */
  public ResolvedParams mergeFile(Path file, boolean allowPerTask) throws IOException {
    Map<String, Object> raw;
    try (InputStream in = Files.newInputStream(file)) {
      raw = readYaml(in, file.toString());
    } catch (NoSuchFileException e) {
      throw new ParamException("--params-file", "params file not found: " + file);
    }
    return merge(raw, "params file " + file, allowPerTask);
  }

  /** Parses a YAML mapping; an empty document is an empty map. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> readYaml(InputStream in, String name) throws IOException {
    Object doc;
    byte[] bytes = in.readAllBytes();
    if (new String(bytes, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
      return Map.of();
    }
    try {
      doc = YAML.readValue(bytes, Object.class);
    } catch (IOException e) {
      throw new ParamException("--params-file", "cannot parse params file " + name + ": "
          + e.getMessage().lines().findFirst().orElse(""));
    }
    if (doc == null) {
      return Map.of();
    }
    if (!(doc instanceof Map)) {
      throw new ParamException("--params-file",
          "params file " + name + " must hold a mapping of param: value, got " + doc.getClass().getSimpleName());
    }
    return (Map<String, Object>) doc;
  }

  /** Parses {@code key=value} strings from {@code -p} options. */
  public ResolvedParams mergeAssignments(List<String> assignments, boolean allowPerTask) {
    Map<String, Object> raw = new LinkedHashMap<>();
    for (String a : assignments) {
      int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new ParamException(a, "-p expects key=value, got '" + a + "'");
      }
      raw.put(a.substring(0, eq).trim(), a.substring(eq + 1));
    }
    return merge(raw, "-p", allowPerTask);
  }

  private static ParamException unknown(String key, Object value, String source) {
    String near =
        ParamSchema.all().stream()
            .map(ParamSpec::name)
            .filter(n -> n.contains(key) || key.contains(n) || editDistance(n, key) <= 2)
            .findFirst()
            .map(n -> "; did you mean '" + n + "'?")
            .orElse("");
    return new ParamException(
        key,
        "unknown param '" + key + "' = '" + value + "' (" + source + ")" + near
            + ". Run `l2o run --help` for the list of params.");
  }

  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + c);
      }
    }
    return d[a.length()][b.length()];
  }

  public boolean has(String name) {
    if (reads != null) {
      reads.accept(name);
    }
    return values.containsKey(name);
  }

  public Object get(String name) {
    if (reads != null) {
      reads.accept(name);
    }
    Object v = values.get(name);
    if (v == null) {
      ParamSchema.find(name)
          .orElseThrow(() -> new IllegalArgumentException("undeclared param: " + name));
      throw new ParamException(name, "param '" + name + "' is required here but was not set");
    }
    return v;
  }

  public String getString(String name) {
    return (String) get(name);
  }

  public int getInt(String name) {
    return (Integer) get(name);
  }

  public double getDouble(String name) {
    return (Double) get(name);
  }

  public boolean getBool(String name) {
    return (Boolean) get(name);
  }

  @SuppressWarnings("unchecked")
  public List<String> getStrings(String name) {
    return (List<String>) get(name);
  }

  @SuppressWarnings("unchecked")
  public List<Integer> getInts(String name) {
    return (List<Integer>) get(name);
  }

  @SuppressWarnings("unchecked")
  public List<Double> getDoubles(String name) {
    return (List<Double>) get(name);
  }

  /** All values, in schema order. */
  public Map<String, Object> asMap() {
    Map<String, Object> ordered = new LinkedHashMap<>();
    for (ParamSpec s : ParamSchema.all()) {
      if (values.containsKey(s.name())) {
        ordered.put(s.name(), values.get(s.name()));
      }
    }
    return ordered;
  }

  /** Only the named params. */
  public ResolvedParams only(Collection<String> names) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String n : names) {
      if (values.containsKey(n)) {
        m.put(n, values.get(n));
      }
    }
    return new ResolvedParams(m);
  }

  /** These params as a YAML document, schema order. */
  public String toYaml() {
    try {
      return YAML.writeValueAsString(asMap());
    } catch (IOException e) {
      throw new IllegalStateException("params are not serialisable", e);
    }
  }

  public void writeYaml(Path file) throws IOException {
    Files.writeString(file, toYaml());
  }

  /** Flattened string values, for tracking params. */
  public Map<String, String> asStrings() {
    Map<String, String> m = new LinkedHashMap<>();
    asMap().forEach((k, v) -> m.put(k, v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : String.valueOf(v)));
    return m;
  }

  @Override
  public String toString() {
    return asMap().toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ResolvedParams r && r.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }
}
