package org.l2o.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything one benchmark run measured, as written to {@code results/bench/bench.json}.
 *
 * @param workload what was benchmarked, in words
 * @param environment the machine and toolchain (the keys of {@code l2o env})
 * @param loadBefore the 1-minute load average when the run started (other processes' demand)
 * @param loadAfter the same when it ended
 * @param threadsPerSession whether each row's TF sessions got the row's thread count (see
 *     {@code Sessions.PER_SESSION_POOLS_ENV}); if false, every row ran with the pools of the
 *     process's first session
 * @param floors per engine measurement, the least time its arithmetic takes at the ceilings
 * @param targets the targets against the best measured values
 */
public record BenchReport(
    String workload,
    BenchConfig config,
    Map<String, String> environment,
    double loadBefore,
    double loadAfter,
    boolean threadsPerSession,
    List<Measurement> measurements,
    List<OpCeilings.Ceiling> ceilings,
    List<Floor> floors,
    List<Target> targets) {

  /**
   * A lower bound on one measurement's time per step from its FLOP counts and this machine's
   * ceilings at the same thread count: matrix products at the best gate-product GFLOP/s,
   * transcendentals at the faster of Sigmoid and Tanh, other elementwise FLOPs at Mul's speed.
   * It assumes zero per-op overhead, copies and memory traffic beyond the ceiling runs'.
   */
  public record Floor(
      String scenario,
      int seeds,
      int threads,
      double matmulMs,
      double transcendentalMs,
      double elementwiseMs,
      double totalMs,
      double measuredMs) {}

  /** One target of issue 9 and the best measurement against it. */
  public record Target(String name, double limit, String unit, double best, String bestAt, boolean met) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);

  /** The report as indented JSON with snake_case keys. */
  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException("bench: could not serialise the report", e);
    }
  }

  /** Writes {@link #toJson} to {@code file}, creating its directory. */
  public void writeJson(Path file) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Files.writeString(file, toJson() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "bench: could not write " + file + " (" + e.getMessage() + "); check that --outdir is writable",
          e);
    }
  }
}
