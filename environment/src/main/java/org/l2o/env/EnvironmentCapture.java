package org.l2o.env;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Captures {@link EnvironmentInfo}: JDK, OS, CPU, memory, TensorFlow version and devices, CUDA and
 * cuDNN, and the git commit of a directory.
 *
 * <p>Capture never fails: a missing tool (git, nvidia-smi) or library (CUDA) yields
 * {@link EnvironmentInfo#UNKNOWN} or {@link EnvironmentInfo#NONE}. Loading TensorFlow costs 1-8 s,
 * so callers that must not pay it (the CLI's help, the Nextflow exporter) use
 * {@code capture(false)}; its TF values are {@link EnvironmentInfo#SKIPPED}.
 *
 * <p>Inside a container there is no {@code .git}; the image bakes the commit into
 * {@value #GIT_COMMIT_ENV} (and {@value #GIT_DIRTY_ENV}), which is used when git has no answer.
 */
public final class EnvironmentCapture {

  /** The commit to report when git cannot tell (container images set it at build time). */
  public static final String GIT_COMMIT_ENV = "L2O_GIT_COMMIT";
  /** {@code true}/{@code false} to pair with {@link #GIT_COMMIT_ENV}. */
  public static final String GIT_DIRTY_ENV = "L2O_GIT_DIRTY";

  private final HostProbe host;
  private final GitProbe git;
  private final CudaProbe cuda;
  private final Map<String, String> environment;
  private final Clock clock;

  EnvironmentCapture(HostProbe host, GitProbe git, CudaProbe cuda, Map<String, String> environment, Clock clock) {
    this.host = Objects.requireNonNull(host, "host");
    this.git = Objects.requireNonNull(git, "git");
    this.cuda = Objects.requireNonNull(cuda, "cuda");
    this.environment = Map.copyOf(environment);
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** A capture that probes this machine for real. */
  public static EnvironmentCapture system() {
    CommandRunner commands = CommandRunner.system();
    return new EnvironmentCapture(new HostProbe(), new GitProbe(commands),
        new CudaProbe(System.getenv(), commands), System.getenv(), Clock.systemUTC());
  }

  /** Everything, TensorFlow included, with the git commit of the current directory. */
  public static EnvironmentInfo capture() {
    return capture(true);
  }

  /** As {@link #capture()}, loading TensorFlow only when {@code includeTensorFlow}. */
  public static EnvironmentInfo capture(boolean includeTensorFlow) {
    return capture(Path.of("").toAbsolutePath(), includeTensorFlow);
  }

  /** As {@link #capture()}, with the git commit of {@code gitDirectory} (any directory inside a work tree). */
  public static EnvironmentInfo capture(Path gitDirectory, boolean includeTensorFlow) {
    return system().captureFrom(gitDirectory, includeTensorFlow);
  }

  /** The instance form of {@link #capture(Path, boolean)}; tests inject the probes. */
  public EnvironmentInfo captureFrom(Path gitDirectory, boolean includeTensorFlow) {
    Objects.requireNonNull(gitDirectory, "gitDirectory");
    Map<String, String> values = new LinkedHashMap<>();
    values.put(EnvironmentInfo.SCHEMA, EnvironmentInfo.SCHEMA_VERSION_DEFAULT);
    values.put(EnvironmentInfo.CAPTURED_AT, Instant.now(clock).toString());
    values.putAll(host.probe());
    values.putAll(tensorFlow(includeTensorFlow));
    values.putAll(cudaFacts());
    values.putAll(gitFacts(gitDirectory));
    return EnvironmentInfo.of(values);
  }

  private Map<String, String> gitFacts(Path directory) {
    Optional<String> commit = git.commit(directory);
    Optional<String> dirty = commit.isPresent()
        ? git.dirty(directory).map(String::valueOf)
        : Optional.ofNullable(environment.get(GIT_DIRTY_ENV)).filter(v -> !v.isBlank());
    commit = commit.or(() -> Optional.ofNullable(environment.get(GIT_COMMIT_ENV)).filter(v -> !v.isBlank()));
    return Map.of(
        EnvironmentInfo.GIT_COMMIT, commit.orElse(EnvironmentInfo.UNKNOWN),
        EnvironmentInfo.GIT_DIRTY, dirty.orElse(EnvironmentInfo.UNKNOWN));
  }

  private static Map<String, String> tensorFlow(boolean include) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put(EnvironmentInfo.TF_NATIVES, TensorFlowProbe.nativesClassifier().orElse(EnvironmentInfo.NONE));
    if (!include) {
      values.put(EnvironmentInfo.TF_VERSION, EnvironmentInfo.SKIPPED);
      values.put(EnvironmentInfo.TF_DEVICES, EnvironmentInfo.SKIPPED);
      return values;
    }
    TensorFlowProbe.TensorFlowInfo tf = TensorFlowProbe.probe();
    values.put(EnvironmentInfo.TF_VERSION, tf.version());
    values.put(EnvironmentInfo.TF_DEVICES, tf.failure().isPresent()
        ? EnvironmentInfo.UNKNOWN + " (" + tf.failure().get() + ")"
        : tf.devices().stream().map(TensorFlowProbe.Device::shortName).collect(Collectors.joining(",")));
    return values;
  }

  private Map<String, String> cudaFacts() {
    CudaProbe.CudaInfo info = cuda.probe();
    Map<String, String> values = new LinkedHashMap<>();
    values.put(EnvironmentInfo.CUDA_VERSION, info.cudaVersion().orElse(EnvironmentInfo.NONE));
    values.put(EnvironmentInfo.CUDNN_VERSION, info.cudnnVersion().orElse(EnvironmentInfo.NONE));
    values.put(EnvironmentInfo.GPU_DEVICES, info.gpus().isEmpty() ? EnvironmentInfo.NONE : String.join("; ", info.gpus()));
    values.put(EnvironmentInfo.GPU_DRIVER, info.driver().orElse(EnvironmentInfo.NONE));
    return values;
  }

  @Override
  public String toString() {
    return "EnvironmentCapture[clock=" + clock + ", gitFallbackEnv=" + GIT_COMMIT_ENV + "]";
  }
}
