package org.l2o.runner;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.l2o.params.ParamSchema;
import org.l2o.params.ParamSpec;
import org.l2o.provenance.Digests;

/**
 * A task's cache key: SHA-256 over the stage, the task id, the params it reads (those that are
 * hashed), the content digests of its inputs and the tool version. 32 hex characters.
 */
public final class TaskKey {

  private TaskKey() {}

  /**
   * @param inputDigests for each input role, the output-content digests of the upstream tasks
   */
  public static String of(TaskPlan task, Map<String, List<String>> inputDigests, String toolVersion) {
    Map<String, Object> params = new TreeMap<>();
    task.params().asMap().forEach((k, v) -> {
      boolean hashed = ParamSchema.find(k).map(ParamSpec::hashed).orElse(true);
      if (hashed) {
        params.put(k, v);
      }
    });
    Map<String, Object> material = new LinkedHashMap<>();
    material.put("stage", task.stage());
    material.put("id", task.id());
    material.put("params", params);
    material.put("inputs", new TreeMap<>(inputDigests));
    material.put("tool", toolVersion);
    return Digests.ofJson(material).substring(0, 32);
  }
}
