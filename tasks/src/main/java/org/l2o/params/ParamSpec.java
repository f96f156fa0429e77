package org.l2o.params;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.l2o.variants.Variant;

/**
 * One declared param: its name, type, default, range, allowed values, the tasks that read it (its
 * stages, refined by variant or optimizer) and whether it enters their cache keys.
 *
 * <p>Params that only say where or how to run (a cache folder, a worker count) are not hashed:
 * changing them must not invalidate finished work. Per-task params ({@code variant},
 * {@code optimizer}, {@code problem}) are set by the runner's fan-out for each task, never by the
 * user for a whole run.
 */
public record ParamSpec(
    String name,
    ParamType type,
    Object defaultValue,
    String description,
    String group,
    Set<String> stages,
    boolean hashed,
    Double min,
    Double max,
    Set<String> allowed,
    String pattern,
    boolean perTask,
    TaskFilter readBy,
    boolean optional) {

  /**
   * Which tasks of its stages read a param, by stage and by the variant or optimizer a task is
   * about ({@code element}: null for fetch and plot, which are about none).
   */
  @FunctionalInterface
  public interface TaskFilter {
    boolean reads(String stage, Variant element);

    /** Every task of the param's stages. */
    TaskFilter ALL = (stage, element) -> true;
  }

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public ParamSpec {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("param names are snake_case, got '" + name + "'");
    }
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(description, "description");
    stages = Set.copyOf(stages);
    allowed = allowed == null ? Set.of() : Set.copyOf(allowed);
    readBy = readBy == null ? TaskFilter.ALL : readBy;
  }

  public static Builder builder(String name, ParamType type) {
    return new Builder(name, type);
  }

  /** Whether stage {@code stage} reads this param (in some of its tasks). */
  public boolean usedBy(String stage) {
    return stages.contains(stage);
  }

  /**
   * Whether the task of {@code stage} about {@code element} (its variant or optimizer; null for
   * fetch and plot) reads this param.
   */
  public boolean readBy(String stage, Variant element) {
    return usedBy(stage) && readBy.reads(stage, element);
  }

  /**
   * Converts a raw value (from YAML, a CLI {@code -p key=value} string, or JSON) to this param's
   * type and checks its range.
   *
   * @param source where the value came from, for the error message ("params file x.yaml")
   * @throws ParamException naming the key, the value and what is allowed
   */
  public Object coerce(Object raw, String source) {
    if (raw == null) {
      throw error(raw, "a value is required", source);
    }
    Object v =
        switch (type) {
          case STRING -> checkString(scalarString(raw, source), source);
          case INT -> checkRange(toLong(raw, source), source).intValue();
          case FLOAT -> checkRange(toDouble(raw, source), source);
          case BOOL -> toBool(raw, source);
          case STRING_LIST -> {
            List<String> out = new ArrayList<>();
            for (Object e : toList(raw)) {
              out.add(checkString(scalarString(e, source), source));
            }
            yield List.copyOf(out);
          }
          case INT_LIST -> {
            List<Integer> out = new ArrayList<>();
            for (Object e : toList(raw)) {
              out.add(checkRange(toLong(e, source), source).intValue());
            }
            yield List.copyOf(out);
          }
          case FLOAT_LIST -> {
            List<Double> out = new ArrayList<>();
            for (Object e : toList(raw)) {
              out.add(checkRange(toDouble(e, source), source));
            }
            yield List.copyOf(out);
          }
        };
    return v;
  }

  /** "integer in [1, 100000]", "one of [cpu, gpu, auto]": what this param accepts. */
  public String allowedDescription() {
    StringBuilder s = new StringBuilder(type.description());
    if (!allowed.isEmpty()) {
      s.append(type.isList() ? " drawn from " : " one of ").append(new java.util.TreeSet<>(allowed));
    }
    if (pattern != null) {
      s.append(" matching ").append(pattern);
    }
    if (min != null || max != null) {
      s.append(type.isList() ? ", each in " : " in ")
          .append(min == null ? "(-inf" : "[" + fmt(min))
          .append(", ")
          .append(max == null ? "inf)" : fmt(max) + "]");
    }
    return s.toString();
  }

  private static String fmt(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
  }

  private ParamException error(Object raw, String why, String source) {
    return new ParamException(
        name,
        "param '" + name + "' = '" + raw + "' " + (source == null ? "" : "(" + source + ") ")
            + "is invalid: " + why + "; allowed: " + allowedDescription());
  }

  private String scalarString(Object raw, String source) {
    if (raw instanceof List<?> || raw instanceof java.util.Map<?, ?>) {
      throw error(raw, "expected a single value", source);
    }
    return String.valueOf(raw).trim();
  }

  private String checkString(String s, String source) {
    if (!allowed.isEmpty() && !allowed.contains(s)) {
      throw error(s, "not an allowed value", source);
    }
    if (pattern != null && !s.matches(pattern)) {
      throw error(s, "does not match " + pattern, source);
    }
    return s;
  }

  private Long toLong(Object raw, String source) {
    if (raw instanceof Integer || raw instanceof Long || raw instanceof Short) {
      return ((Number) raw).longValue();
    }
    String s = scalarString(raw, source).replace("_", "").replace(",", "");
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      try {
        double d = Double.parseDouble(s);
        if (d == Math.rint(d) && !Double.isInfinite(d)) {
          return (long) d;
        }
      } catch (NumberFormatException ignored) {
        // fall through to the error below
      }
      throw error(raw, "not an integer", source);
    }
  }

  private Double toDouble(Object raw, String source) {
    if (raw instanceof Number n) {
      return n.doubleValue();
    }
    try {
      double d = Double.parseDouble(scalarString(raw, source));
      if (!Double.isFinite(d)) {
        throw error(raw, "not a finite number", source);
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(raw, "not a number", source);
    }
  }

  private <T extends Number> T checkRange(T v, String source) {
    double d = v.doubleValue();
    if ((min != null && d < min) || (max != null && d > max)) {
      throw error(v, "out of range", source);
    }
    return v;
  }

  private Boolean toBool(Object raw, String source) {
    if (raw instanceof Boolean b) {
      return b;
    }
    String s = scalarString(raw, source).toLowerCase(Locale.ROOT);
    return switch (s) {
      case "true", "yes", "1", "on" -> true;
      case "false", "no", "0", "off" -> false;
      default -> throw error(raw, "not a boolean", source);
    };
  }

  private static List<?> toList(Object raw) {
    if (raw instanceof List<?> l) {
      return l;
    }
    String s = String.valueOf(raw).trim();
    if (s.startsWith("[") && s.endsWith("]")) {
      s = s.substring(1, s.length() - 1);
    }
    List<String> out = new ArrayList<>();
    for (String part : s.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return out;
  }

  /** Builds a {@link ParamSpec}; the default is coerced and checked when built. */
  public static final class Builder {
    private final String name;
    private final ParamType type;
    private Object defaultValue;
    private String description = "";
    private String group = "general";
    private Set<String> stages = Set.of();
    private boolean hashed = true;
    private Double min;
    private Double max;
    private Set<String> allowed;
    private String pattern;
    private boolean perTask;
    private TaskFilter readBy = TaskFilter.ALL;
    private boolean optional;

    private Builder(String name, ParamType type) {
      this.name = name;
      this.type = type;
    }

    public Builder defaultValue(Object v) {
      this.defaultValue = v;
      return this;
    }

    public Builder description(String d) {
      this.description = d;
      return this;
    }

    public Builder group(String g) {
      this.group = g;
      return this;
    }

    public Builder stages(String... s) {
      this.stages = Set.of(s);
      return this;
    }

    /** Not part of any cache key: it says where or how to run, not what to compute. */
    public Builder notHashed() {
      this.hashed = false;
      return this;
    }

    public Builder range(Double lo, Double hi) {
      this.min = lo;
      this.max = hi;
      return this;
    }

    public Builder allowed(String... values) {
      this.allowed = Set.of(values);
      return this;
    }

    public Builder pattern(String regex) {
      this.pattern = regex;
      return this;
    }

    /** Set by the fan-out for each task (variant, optimizer, problem), not per run. */
    public Builder perTask() {
      this.perTask = true;
      return this;
    }

    /** Read only by those tasks of its stages whose variant or optimizer passes {@code filter}. */
    public Builder readBy(TaskFilter filter) {
      this.readBy = filter;
      return this;
    }

    /**
     * Read only when a task is given it: the runner decides per run whether a task gets it (param
     * {@code trained}, for an optimizer no task of the run trains).
     */
    public Builder optional() {
      this.optional = true;
      return this;
    }

    public ParamSpec build() {
      ParamSpec spec =
          new ParamSpec(
              name, type, null, description, group, stages, hashed, min, max, allowed, pattern,
              perTask, readBy, optional);
      Object def = defaultValue == null ? null : spec.coerce(defaultValue, "built-in default");
      return new ParamSpec(
          name, type, def, description, group, stages, hashed, min, max, allowed, pattern,
          perTask, readBy, optional);
    }
  }
}
