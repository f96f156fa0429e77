package org.l2o.engine.graph;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/** Opens sessions with the engine's threading, placement and graph-rewriting policy. */
public final class Sessions {

  /**
   * The environment variable that makes TF give each session its own intra-op pool. Without it,
   * TF sizes one process-wide intra-op pool (and one inter-op pool) from the first session the
   * process creates, and ignores the thread counts of every later session: a process that lists
   * devices first (as {@code l2o stage} does for provenance, with TF's default of one thread per
   * core) then runs a {@code threads = 1} engine session on all cores, and not bitwise
   * repeatably. Set it to {@code 1} in the launching environment; TF reads it at its first
   * device creation, so setting it from inside the JVM is too late.
   */
  public static final String PER_SESSION_POOLS_ENV = "TF_OVERRIDE_GLOBAL_THREADPOOL";

  private Sessions() {}

  /**
   * Whether this process's sessions get the thread counts they ask for: true when {@link
   * #PER_SESSION_POOLS_ENV} is set, or otherwise only for the first session of the process.
   */
  public static boolean threadsPerSession() {
    String v = System.getenv(PER_SESSION_POOLS_ENV);
    return v != null && (v.equals("1") || v.equalsIgnoreCase("true"));
  }

  /**
   * A session on {@code graph}.
   *
   * <ul>
   *   <li>{@code threads} bounds both intra- and inter-op pools; 1 makes runs bitwise repeatable
   *       (parallel reductions reorder float sums), 0 lets TF choose. TF honours it for the
   *       first session of a process, and for every session when {@link #PER_SESSION_POOLS_ENV}
   *       is set (then each session also gets its own inter-op pool).
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
            // Only with per-session intra-op pools: a per-session inter-op pool of 1 thread
            // beside a shared intra-op pool of all cores runs slower than either alone.
            .setUsePerSessionThreads(threadsPerSession())
            .setAllowSoftPlacement(true)
            .setGraphOptions(
                GraphOptions.newBuilder()
                    .setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)))
            .build();
  }
}
