package org.l2o.runner;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.l2o.params.ParamException;
import org.l2o.params.ResolvedParams;

/**
 * Resolves a run's params in order: built-in defaults, the profile, the params file, then each
 * {@code -p key=value}. The profiles ship inside the jar (copied from {@code pipeline/profiles/}),
 * so the CLI finds them from any folder.
 */
public final class ProfileParams {

  public static final List<String> PROFILES = List.of("smoke", "quick", "paper", "paper-mlp", "authors");

  private ProfileParams() {}

  public static ResolvedParams resolve(String profile, Path paramsFile, List<String> assignments)
      throws IOException {
    ResolvedParams p = ResolvedParams.defaults();
    if (profile != null) {
      p = p.merge(profile(profile), "profile " + profile, false);
    }
    if (paramsFile != null) {
      p = p.mergeFile(paramsFile, false);
    }
    return p.mergeAssignments(assignments, false);
  }

  /** The raw values of a built-in profile. */
  public static java.util.Map<String, Object> profile(String name) throws IOException {
    if (!PROFILES.contains(name)) {
      throw new ParamException("--profile",
          "unknown profile '" + name + "'; profiles are " + PROFILES);
    }
    String resource = "/org/l2o/profiles/" + name + ".yaml";
    try (InputStream in = ProfileParams.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("profile resource " + resource + " missing from the build");
      }
      return ResolvedParams.readYaml(in, "profile " + name);
    }
  }
}
