package org.l2o.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code l2o ...} as its own JVM on the test classpath, as a user would run bin/l2o. */
final class CliProcess {

  private CliProcess() {}

  record Result(int exit, String output) {}

  /** {@code java -cp <test classpath> org.l2o.cli.L2o}: what bin/l2o runs, on this build. */
  private static List<String> l2oCommand() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), L2o.class.getName());
  }

  /** An executable stand-in for bin/l2o, for scripts that take their launcher as a path. */
  static Path writeLauncher(Path file) throws IOException {
    StringBuilder exec = new StringBuilder("exec");
    l2oCommand().forEach(part -> exec.append(" '").append(part).append('\''));
    Files.writeString(file, "#!/usr/bin/env bash\n" + exec + " \"$@\"\n");
    file.toFile().setExecutable(true);
    return file;
  }

  static Process start(Path workDir, Map<String, String> env, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(l2oCommand());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.environment().put("L2O_PROGRESS", "plain");
    return pb.start();
  }

  static Result run(Path workDir, Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(workDir, "l2o-", ".log");
    Process p = start(workDir, env, log, args);
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("l2o " + String.join(" ", args) + " did not finish in 15 minutes:\n"
          + Files.readString(log, StandardCharsets.UTF_8));
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    System.out.println("---- l2o " + String.join(" ", args) + " (exit " + p.exitValue() + ")\n" + out);
    return new Result(p.exitValue(), out);
  }
}
