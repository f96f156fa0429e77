package org.l2o.engine.graph;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Opens sessions with the engine's threading, placement and graph-rewriting policy. */
public final class Sessions {

  private Sessions() {}

  /**
   * A session on {@code graph}.
   *
   * <ul>
   *   <li>{@code threads} bounds both intra- and inter-op pools; 1 makes runs bitwise repeatable
   *       (parallel reductions reorder float sums), 0 lets TF choose.
   *   <li>Soft placement lets a graph pinned to a GPU run on CPU when no GPU is present, with
   *       identical results.
   *   <li>Grappler (TF's graph rewriter) is off: on the engine's unrolled graphs (~10^4 ops) it
   *       spends ~3 s per new signature and measured no faster steps, since the graphs are
   *       already written in fused form.
   * </ul>
   */
  public static Session open(Graph graph, int threads) {
    return new Session(graph, config(threads));
  }

  /**
   * The session config of {@link #open}. Loading the exported SavedModel with it (for example
   * {@code SavedModelBundle.loader(dir).withConfigProto(Sessions.config(1))}) reproduces the
   * engine's updates bit for bit; TF's default config rewrites the graph and may differ in the
   * last bit.
   */
  public static ConfigProto config(int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = TF default), got " + threads);
    }
    return ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(threads)
            .setAllowSoftPlacement(true)
            .setGraphOptions(
                GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
            .build();
  }
}
