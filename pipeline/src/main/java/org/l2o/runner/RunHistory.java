package org.l2o.runner;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The list of past runs in an output folder ({@code .l2o/history.tsv}), as {@code nextflow log}
 * keeps it. {@code l2o log} prints it.
 */
public final class RunHistory {

  public static final List<String> COLUMNS =
      List.of("timestamp", "duration", "run_name", "status", "tool_version", "session_id",
          "trace", "command");

  private final Path file;

  public RunHistory(Path outDir) {
    this.file = outDir.resolve(".l2o").resolve("history.tsv");
  }

  public Path file() {
    return file;
  }

  /** One past run. */
  public record Entry(
      String timestamp, String duration, String runName, String status, String toolVersion,
      String sessionId, String trace, String command) {
    List<String> fields() {
      return List.of(timestamp, duration, runName, status, toolVersion, sessionId, trace, command);
    }
  }

  /** Appends an entry under a file lock, so concurrent runs in one folder don't interleave. */
  public void append(Entry e) throws IOException {
    Files.createDirectories(file.getParent());
    String line =
        String.join("\t", e.fields().stream().map(f -> f.replace('\t', ' ').replace('\n', ' ')).toList())
            + "\n";
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        FileLock lock = ch.lock()) {
      if (ch.size() == 0) {
        ch.write(StandardCharsets.UTF_8.encode(String.join("\t", COLUMNS) + "\n"));
      }
      ch.write(StandardCharsets.UTF_8.encode(line));
    }
  }

  public List<Entry> read() throws IOException {
    List<Entry> out = new ArrayList<>();
    if (!Files.exists(file)) {
      return out;
    }
    List<String> lines = Files.readAllLines(file);
    for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
      String[] f = l.split("\t", -1);
      if (f.length >= 8) {
        out.add(new Entry(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
      }
    }
    return out;
  }
}
