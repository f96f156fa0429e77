package org.l2o.nextflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.params.ParamType;
import org.l2o.params.StageNames;

/**
 * Writes {@code nextflow_schema.json}, nf-core style (JSON schema draft-07, one titled {@code
 * $defs} section per param group), from {@link ParamSchema}. Nextflow's schema plugins cannot be
 * downloaded here, so the same rules are enforced by the generated workflow (before any task runs)
 * and by {@code l2o stage} (in every task).
 */
final class SchemaWriter {

  static final String GENERIC_GROUP = "generic";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Section titles and descriptions, by ParamSchema group. */
  private static final Map<String, String[]> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("run", new String[] {"Run options", "Seed, device and threads of every task."});
    GROUPS.put("data", new String[] {"Data options", "Which datasets to fetch, from where, and how to check them."});
    GROUPS.put("variants", new String[] {"Learned optimizers to train",
        "The training tasks: L2O-DM baselines, the Fig A1 grid, curriculum and imitation variants."});
    GROUPS.put("training", new String[] {"Meta-training options", "Episodes, unrolls and validation of meta-training."});
    GROUPS.put("checkpoints", new String[] {"Training checkpoints",
        "When training tasks save their state, and where a rerun or a retry finds it to resume."});
    GROUPS.put("optimizer", new String[] {"Learned-optimizer architecture", "The LSTM optimizer's shape and preprocessing."});
    GROUPS.put("curriculum", new String[] {"Curriculum learning", "The N_train schedule of the CL variants."});
    GROUPS.put("imitation", new String[] {"Imitation learning", "Teachers and loss weights of the IL variants."});
    GROUPS.put("evaluation", new String[] {"Evaluation options",
        "Which optimizers train which optimizees, for how long, how often, and the baselines' learning rates."});
    GROUPS.put(GENERIC_GROUP, new String[] {"Generic options", "Where results and run reports go."});
  }

  private SchemaWriter() {}

  static String groupTitle(String group) {
    String[] g = GROUPS.get(group);
    return g != null ? g[0] : Character.toUpperCase(group.charAt(0)) + group.substring(1) + " options";
  }

  private static String groupDescription(String group) {
    String[] g = GROUPS.get(group);
    return g != null ? g[1] : "Params of the " + group + " group.";
  }

  static String schema() {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "http://json-schema.org/draft-07/schema");
    root.put("$id", "l2o/nextflow_schema.json");
    root.put("title", "l2o pipeline parameters");
    root.put("description", "Reproduce \"Training Stronger Baselines for Learning to Optimize\" (NeurIPS 2020). "
        + ModuleWriter.HEADER_NOTE);
    root.put("type", "object");
    ObjectNode defs = root.putObject("$defs");
    Map<String, ObjectNode> sections = new LinkedHashMap<>();
    for (ParamSpec p : ParamSchema.all()) {
      if (p.perTask()) {
        continue;
      }
      ObjectNode section = sections.computeIfAbsent(p.group(), g -> section(defs, g));
      property((ObjectNode) section.get("properties"), p);
    }
    ObjectNode generic = section(defs, GENERIC_GROUP);
    ObjectNode genericProps = (ObjectNode) generic.get("properties");
    ObjectNode outdir = genericProps.putObject("outdir");
    outdir.put("type", "string");
    outdir.put("format", "directory-path");
    outdir.put("description", "Where each stage's results are published, one folder per stage.");
    outdir.put("help_text", "results/<stage>/<task>/, plus pipeline_info/ with the trace, report, timeline and DAG. "
        + "Not part of any cache key.");
    outdir.put("default", ConfigWriter.OUTDIR_DEFAULT);
    ObjectNode suffix = genericProps.putObject("trace_report_suffix");
    suffix.put("type", "string");
    suffix.put("description", "Suffix of the pipeline_info/ file names; defaults to the launch time.");
    suffix.put("hidden", true);
    ((ArrayNode) generic.get("required")).add("outdir");
    ArrayNode allOf = root.putArray("allOf");
    defs.fieldNames().forEachRemaining(name -> allOf.addObject().put("$ref", "#/$defs/" + name));
    try {
      return JSON.writer(printer()).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise nextflow_schema.json", e);
    }
  }

  /** nf-core's layout: two-space indents, {@code "key": value}, one array element per line. */
  private static DefaultPrettyPrinter printer() {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter(
        Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)
            .withArrayEmptySeparator(""));
    printer.indentArraysWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    printer.indentObjectsWith(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    return printer;
  }

  private static ObjectNode section(ObjectNode defs, String group) {
    ObjectNode s = defs.putObject(group + "_options");
    s.put("title", groupTitle(group));
    s.put("type", "object");
    s.put("description", groupDescription(group));
    s.put("default", "");
    s.putArray("required");
    s.putObject("properties");
    return s;
  }

  private static void property(ObjectNode props, ParamSpec p) {
    ObjectNode o = props.putObject(p.name());
    ParamType t = p.type();
    o.put("type", t.jsonType());
    o.put("description", p.description());
    o.put("help_text", helpText(p));
    ObjectNode target = o;
    if (t.isList()) {
      target = o.putObject("items");
      target.put("type", switch (t) {
        case INT_LIST -> "integer";
        case FLOAT_LIST -> "number";
        default -> "string";
      });
    }
    if (!p.allowed().isEmpty()) {
      ArrayNode e = target.putArray("enum");
      p.allowed().stream().sorted().forEach(e::add);
    }
    if (p.pattern() != null) {
      target.put("pattern", "^(" + p.pattern() + ")$");
    }
    boolean integral = t == ParamType.INT || t == ParamType.INT_LIST;
    if (p.min() != null) {
      putNumber(target, "minimum", p.min(), integral);
    }
    if (p.max() != null && p.max() != Double.MAX_VALUE) {
      putNumber(target, "maximum", p.max(), integral);
    }
    o.set("default", JSON.valueToTree(p.defaultValue()));
  }

  private static void putNumber(ObjectNode o, String field, double v, boolean integral) {
    if (integral) {
      o.put(field, (long) v);
    } else {
      o.put(field, v);
    }
  }

  private static String helpText(ParamSpec p) {
    StringBuilder s = new StringBuilder("Accepts " + p.allowedDescription() + ".");
    if (p.type().isList()) {
      s.append(" On the command line, a comma-separated list (--").append(p.name()).append(" a,b).");
    }
    List<String> readers = StageNames.ALL.stream().filter(p::usedBy).toList();
    if (readers.isEmpty()) {
      s.append(" Read by no Nextflow task (the Java runner uses it).");
    } else if (p.hashed()) {
      s.append(" Read by ").append(String.join(", ", readers))
          .append("; part of those tasks' cache keys, so changing it reruns them on -resume.");
    } else {
      s.append(" Read by ").append(String.join(", ", readers))
          .append("; not part of any cache key, so changing it never reruns finished tasks.");
    }
    return s.toString();
  }
}
