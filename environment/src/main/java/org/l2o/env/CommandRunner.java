package org.l2o.env;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a small external probe (git, nvidia-smi, ldconfig) and returns its stdout, or empty when the
 * tool is missing, fails or hangs. Probes describe the machine; they must never break a run.
 */
@FunctionalInterface
interface CommandRunner {

  Duration TIMEOUT_DEFAULT = Duration.ofSeconds(10);

  /**
   * @param directory working directory, or null for the current one
   * @return stdout when the command exits 0 within its timeout, else empty
   */
  Optional<String> run(Path directory, List<String> command);

  /** The real runner: stderr discarded, stdout drained on its own thread so a chatty tool can't block. */
  static CommandRunner system() {
    return system(TIMEOUT_DEFAULT);
  }

  static CommandRunner system(Duration timeout) {
    return (directory, command) -> {
      ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
      if (directory != null) {
        builder.directory(directory.toFile());
      }
      Process process;
      try {
        process = builder.start();
      } catch (IOException notInstalled) {
        return Optional.empty();
      }
      closeStdin(process);
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.descendants().forEach(ProcessHandle::destroyForcibly);
          process.destroyForcibly();
          return Optional.empty();
        }
        String text = stdout.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return process.exitValue() == 0 ? Optional.of(text) : Optional.empty();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        return Optional.empty();
      } catch (ExecutionException | TimeoutException e) {
        process.destroyForcibly();
        return Optional.empty();
      }
    };
  }

  // A probe that waits for input would otherwise sit until the timeout.
  private static void closeStdin(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // nothing to close
    }
  }

  private static String readAll(InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
