package org.l2o.stages;

import org.l2o.engine.ProblemName;
import org.l2o.params.ResolvedParams;

/** Which fetched dataset a problem trains on, honouring the {@code mnist_source} substitution. */
final class DataSources {

  private DataSources() {}

  static String datasetFor(ProblemName problem, ResolvedParams p) {
    String d = problem.dataset();
    if ("mnist".equals(d)) {
      return p.getString("mnist_source");
    }
    return d;
  }
}
