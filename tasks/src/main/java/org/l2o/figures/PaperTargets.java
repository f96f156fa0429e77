package org.l2o.figures;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The paper's numbers the report compares against, loaded from the {@code paper-targets.yaml}
 * resource beside this class: final ln-loss read-offs per problem and optimizer with their
 * uncertainty, the paper's four claims, the paper's training-iteration counts for claim 2, and the
 * notes that explain how the authors' released models, as evaluated here, compare with the paper.
 */
public final class PaperTargets {

  /** Resource name, relative to this class's package. */
  public static final String RESOURCE = "paper-targets.yaml";

  /** One read-off: the paper's ln-loss of {@code optimizer} on {@code problem} at the last step. */
  public record Target(String optimizer, String problem, double lnLoss, String note) {}

  /** One claim of the paper's Appendix A1, numbered as the report numbers it. */
  public record Claim(int id, String text) {}

  private final String source;
  private final double uncertainty;
  private final int steps;
  private final List<String> optimizers;
  private final Map<String, Target> targets;
  private final List<Claim> claims;
  private final long clTrainIterations;
  private final long augTrainIterations;
  private final int boundDenominator;
  private final Map<String, String> authorsNotes;

  private PaperTargets(Yaml y, String origin) {
    if (y.uncertainty <= 0 || y.targets == null || y.optimizers == null || y.claims == null
        || y.cost == null) {
      throw new IllegalStateException(
          origin + ": needs uncertainty > 0, optimizers, targets, claims and cost; got "
              + "uncertainty=" + y.uncertainty);
    }
    this.source = y.source == null ? "" : y.source.trim();
    this.uncertainty = y.uncertainty;
    this.steps = y.steps;
    this.optimizers = List.copyOf(y.optimizers);
    Map<String, Target> t = new LinkedHashMap<>();
    y.targets.forEach((problem, byOptimizer) -> byOptimizer.forEach((optimizer, v) -> {
      if (v.ln_loss == null) {
        throw new IllegalStateException(
            origin + ": target " + optimizer + " on " + problem + " has no ln_loss");
      }
      t.put(key(optimizer, problem),
          new Target(optimizer, problem, v.ln_loss, v.note == null ? "" : v.note));
    }));
    this.targets = t;
    List<Claim> c = new ArrayList<>();
    y.claims.forEach(cl -> c.add(new Claim(cl.id, cl.text == null ? "" : cl.text.trim())));
    for (int id = 1; id <= 4; id++) {
      final int want = id;
      if (c.stream().noneMatch(cl -> cl.id() == want)) {
        throw new IllegalStateException(origin + ": claim " + id + " is missing");
      }
    }
    this.claims = List.copyOf(c);
    this.clTrainIterations = y.cost.cl_train_iterations;
    this.augTrainIterations = y.cost.aug_train_iterations;
    this.boundDenominator = y.cost.bound_denominator;
    Map<String, String> notes = new LinkedHashMap<>();
    if (y.authors_notes != null) {
      y.authors_notes.forEach((problem, byVariant) -> byVariant.forEach((variant, text) ->
          notes.put(key(variant, problem), text == null ? "" : text.trim())));
    }
    this.authorsNotes = notes;
  }

  /** Loads the bundled read-offs; a broken resource is a packaging bug (IllegalStateException). */
  public static PaperTargets load() {
    try (InputStream in = PaperTargets.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + RESOURCE + " missing beside " + PaperTargets.class.getName()
                + "; rebuild the tasks module");
      }
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read resource " + RESOURCE + ": " + e.getMessage(), e);
    }
  }

  /** Parses targets in the resource's YAML format from {@code in}; {@code origin} names it. */
  static PaperTargets parse(InputStream in, String origin) throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return new PaperTargets(yaml.readValue(in, Yaml.class), origin);
  }

  /** The read-off of {@code optimizer} on {@code problem}, if the paper shows it. */
  public Optional<Target> target(String optimizer, String problem) {
    return Optional.ofNullable(targets.get(key(optimizer, problem)));
  }

  /**
   * The recorded reason (or open question) for how our evaluation of the authors' released model
   * {@code variant} (e.g. {@code authors-dm-cl-il}) compares with the paper on {@code problem}.
   */
  public Optional<String> authorsNote(String variant, String problem) {
    return Optional.ofNullable(authorsNotes.get(key(variant, problem)));
  }

  /** Every read-off, problem by problem, in the file's order. */
  public List<Target> targets() {
    return List.copyOf(targets.values());
  }

  /** Optimizers the paper's read-off table has columns for, in column order. */
  public List<String> optimizers() {
    return optimizers;
  }

  /** Read-off precision in ln-loss: a reproduced mean within this of the target matches. */
  public double uncertainty() {
    return uncertainty;
  }

  /** The optimizee step the read-offs are at (10,000). */
  public int steps() {
    return steps;
  }

  public String source() {
    return source;
  }

  public List<Claim> claims() {
    return claims;
  }

  /** The text of claim {@code id}. */
  public String claim(int id) {
    return claims.stream().filter(c -> c.id() == id).findFirst().map(Claim::text)
        .orElseThrow(() -> new IllegalArgumentException("no claim " + id + "; expected 1..4"));
  }

  /** The paper's training iterations of L2O-DM-CL (claim 2). */
  public long clTrainIterations() {
    return clTrainIterations;
  }

  /** The paper's training iterations of L2O-DM-AUG (claim 2). */
  public long augTrainIterations() {
    return augTrainIterations;
  }

  /** Claim 2 holds when CL's iterations are below AUG's divided by this (14). */
  public int boundDenominator() {
    return boundDenominator;
  }

  @Override
  public String toString() {
    return "PaperTargets[targets=" + targets.size() + ", uncertainty=" + uncertainty + ", steps="
        + steps + ", claims=" + claims.size() + "]";
  }

  private static String key(String optimizer, String problem) {
    return optimizer + "\u0000" + problem;
  }

  /** Jackson's view of the YAML file; field names follow its snake_case keys. */
  private static final class Yaml {
    public String source;
    public double uncertainty;
    public int steps;
    public List<String> optimizers;
    public Map<String, Map<String, Value>> targets;
    public List<ClaimYaml> claims;
    public Cost cost;
    public Map<String, Map<String, String>> authors_notes;
  }

  private static final class Value {
    public Double ln_loss;
    public String note;
  }

  private static final class ClaimYaml {
    public int id;
    public String text;
  }

  private static final class Cost {
    public long cl_train_iterations;
    public long aug_train_iterations;
    public int bound_denominator;
  }
}
