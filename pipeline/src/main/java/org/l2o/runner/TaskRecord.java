package org.l2o.runner;

import java.nio.file.Path;
import java.time.Instant;

/**
 * What happened to one task in one run: one row of the trace.
 *
 * @param pid the stage process id, or -1 when nothing ran
 * @param peakRssBytes the process's peak resident memory, or -1 when unknown
 * @param cpuMillis the process's CPU time, all threads, or -1 when unknown
 */
public record TaskRecord(
    int taskId,
    TaskPlan task,
    String key,
    TaskStatus status,
    int exit,
    int attempt,
    long pid,
    Instant submit,
    Instant start,
    Instant complete,
    long peakRssBytes,
    long cpuMillis,
    Path workDir,
    String error) {}
