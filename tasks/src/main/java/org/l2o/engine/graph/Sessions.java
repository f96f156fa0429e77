package org.l2o.engine.graph;

import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;

/** Opens sessions with the engine's threading and placement policy. */
public final class Sessions {

  private Sessions() {}

  /**
   * A session on {@code graph}. {@code threads} bounds both intra- and inter-op pools; 1 makes runs
   * bitwise repeatable (parallel reductions reorder float sums), 0 lets TF choose. Soft placement
   * lets a graph pinned to a GPU run on CPU when no GPU is present, with identical results.
   */
  public static Session open(Graph graph, int threads) {
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be >= 0 (0 = TF default), got " + threads);
    }
    ConfigProto config =
        ConfigProto.newBuilder()
            .setIntraOpParallelismThreads(threads)
            .setInterOpParallelismThreads(threads)
            .setAllowSoftPlacement(true)
            .build();
    return new Session(graph, config);
  }
}
