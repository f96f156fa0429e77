package org.l2o.nextflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.l2o.runner.ProfileParams;

/**
 * The Nextflow pipeline generated from the Java declaration ({@code PipelineDeclaration}) and the
 * param schema ({@code ParamSchema}): {@code main.nf}, {@code workflows/l2o.nf}, one module per
 * stage, {@code nextflow.config}, {@code conf/*.config} and {@code nextflow_schema.json}.
 *
 * <p>Generation is deterministic (no timestamps, fixed order), so the committed files can be
 * checked against a fresh generation: {@link #staleFiles(Path)}.
 */
public final class NextflowExport {

  /** What to tell someone whose committed files drifted from the declaration. */
  public static final String REGENERATE_HINT = "run `l2o export-nextflow` (make nextflow-export)";

  private final SortedMap<String, String> files;

  private NextflowExport(SortedMap<String, String> files) {
    this.files = Collections.unmodifiableSortedMap(files);
  }

  /** Generates every file in memory. */
  public static NextflowExport generate() {
    List<StageShape> shapes = StageShape.all();
    Map<String, StageShape> byName = new LinkedHashMap<>();
    shapes.forEach(s -> byName.put(s.name(), s));
    SortedMap<String, String> f = new TreeMap<>();
    f.put("main.nf", WorkflowWriter.mainNf());
    f.put("workflows/l2o.nf", WorkflowWriter.workflowNf(byName));
    f.put("modules/local/version/main.nf", ModuleWriter.versionModule());
    for (StageShape s : shapes) {
      f.put(ModuleWriter.path(s), ModuleWriter.module(s));
    }
    f.put("nextflow.config", ConfigWriter.nextflowConfig(shapes));
    f.put("conf/base.config", ConfigWriter.baseConfig());
    f.put("conf/modules.config", ConfigWriter.modulesConfig(shapes));
    f.put("conf/test.config", ConfigWriter.testConfig());
    for (String profile : ProfileParams.PROFILES) {
      f.put("conf/" + profile + ".config", ConfigWriter.profileConfig(profile));
    }
    f.put("nextflow_schema.json", SchemaWriter.schema());
    return new NextflowExport(f);
  }

  /** Relative path (with '/') to content, sorted by path. */
  public SortedMap<String, String> files() {
    return files;
  }

  /** Writes every file under {@code pipelineDir}, creating folders; returns the files written. */
  public List<Path> writeTo(Path pipelineDir) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path target = pipelineDir.resolve(e.getKey());
      Files.createDirectories(target.getParent());
      Files.writeString(target, e.getValue(), StandardCharsets.UTF_8);
      written.add(target);
    }
    return written;
  }

  /** The generated files that are missing under {@code pipelineDir} or differ from a fresh generation. */
  public List<String> staleFiles(Path pipelineDir) throws IOException {
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      Path committed = pipelineDir.resolve(e.getKey());
      if (!Files.isRegularFile(committed) || !Files.readString(committed, StandardCharsets.UTF_8).equals(e.getValue())) {
        stale.add(e.getKey());
      }
    }
    return stale;
  }

  @Override
  public String toString() {
    return "NextflowExport[" + files.keySet() + "]";
  }
}
