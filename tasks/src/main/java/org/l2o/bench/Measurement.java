package org.l2o.bench;

/**
 * One timed configuration: a scenario (meta-training or evaluation with some seeds), an engine
 * variant and a thread count. Times are per optimizee step (a call runs {@code stepsPerCall}
 * steps of all seeds); wall time is what a user waits, CPU time what the process used (summed
 * over threads, so on an idle machine with 2 busy threads it can exceed wall time, and on a busy
 * one wall time exceeds it).
 *
 * @param msPerSeedStep the median divided by the seeds batched together
 * @param firstCallMs graph building and the first call, which TF spends preparing kernels
 * @param flopsPerStep arithmetic per step counted from the graph ({@link GraphFlops})
 * @param gflops flopsPerStep over the median time
 * @param peakRssBytes peak resident memory of the process during this measurement (-1 unknown)
 */
public record Measurement(
    String scenario,
    int seeds,
    String variant,
    int threads,
    int blocks,
    int stepsPerCall,
    int reps,
    double msPerStepMedian,
    double msPerStepP25,
    double msPerStepP75,
    double msPerStepMin,
    double msPerStepMax,
    double msPerSeedStep,
    double cpuMsPerStep,
    double firstCallMs,
    long flopsPerStep,
    long matmulFlopsPerStep,
    long transcendentalsPerStep,
    double gflops,
    long peakRssBytes,
    int graphOps) {}
