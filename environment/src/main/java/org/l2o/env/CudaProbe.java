package org.l2o.env;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the CUDA runtime and cuDNN the way TensorFlow's loader will: in the {@code LD_LIBRARY_PATH}
 * directories and the dynamic linker's cache ({@code ldconfig -p}). The version comes from the
 * library's real file name ({@code libcudart.so.12.5.82}), so no CUDA API is called and nothing is
 * loaded. Absent CUDA is a normal answer, never an error.
 */
final class CudaProbe {

  static final String CUDA_RUNTIME_LIBRARY = "libcudart.so";
  static final String CUDNN_LIBRARY = "libcudnn.so";

  private final Map<String, String> environment;
  private final CommandRunner commands;

  CudaProbe(Map<String, String> environment, CommandRunner commands) {
    this.environment = environment;
    this.commands = commands;
  }

  /** What CUDA pieces this machine has. */
  record CudaInfo(Optional<Library> cudaRuntime, Optional<Library> cudnn, List<String> gpus, Optional<String> driver) {
    CudaInfo {
      gpus = List.copyOf(gpus);
    }

    static CudaInfo absent() {
      return new CudaInfo(Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    Optional<String> cudaVersion() {
      return cudaRuntime.map(Library::version);
    }

    Optional<String> cudnnVersion() {
      return cudnn.map(Library::version);
    }
  }

  /** A shared library found on disk and the version read from its real file name. */
  record Library(Path path, String version) { }

  CudaInfo probe() {
    List<Path> directories = searchDirectories();
    return new CudaInfo(
        newest(directories, CUDA_RUNTIME_LIBRARY),
        newest(directories, CUDNN_LIBRARY),
        gpus(),
        driver());
  }

  /** LD_LIBRARY_PATH first (it wins in dlopen), then every directory the linker cache knows. */
  List<Path> searchDirectories() {
    Set<Path> directories = new LinkedHashSet<>();
    String ldLibraryPath = environment.getOrDefault("LD_LIBRARY_PATH", "");
    for (String entry : ldLibraryPath.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        directories.add(Path.of(entry));
      }
    }
    linkerCache().ifPresent(cache -> directories.addAll(parseLinkerCacheDirectories(cache)));
    return new ArrayList<>(directories);
  }

  private Optional<String> linkerCache() {
    // ldconfig lives in /sbin on Debian-like systems, which is not on a normal user's PATH.
    return commands.run(null, List.of("ldconfig", "-p"))
        .or(() -> commands.run(null, List.of("/sbin/ldconfig", "-p")));
  }

  /** Directories of the CUDA/cuDNN entries of {@code ldconfig -p} ("libcudart.so.12 (libc6,x86-64) => /x/libcudart.so.12"). */
  static List<Path> parseLinkerCacheDirectories(String ldconfigOutput) {
    Set<Path> directories = new LinkedHashSet<>();
    for (String line : ldconfigOutput.split("\n")) {
      int arrow = line.indexOf("=>");
      String name = line.trim();
      if (arrow < 0 || !(name.startsWith(CUDA_RUNTIME_LIBRARY) || name.startsWith(CUDNN_LIBRARY))) {
        continue;
      }
      Path parent = Path.of(line.substring(arrow + 2).trim()).getParent();
      if (parent != null) {
        directories.add(parent);
      }
    }
    return new ArrayList<>(directories);
  }

  /** The highest-versioned {@code <library>.<version>} in {@code directories}, symlinks resolved. */
  static Optional<Library> newest(List<Path> directories, String library) {
    Pattern versioned = Pattern.compile(Pattern.quote(library) + "\\.(\\d+(?:\\.\\d+)*)");
    List<Library> found = new ArrayList<>();
    for (Path directory : directories) {
      if (!Files.isDirectory(directory)) {
        continue;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, library + "*")) {
        for (Path entry : entries) {
          Path real = realPath(entry);
          Matcher own = versioned.matcher(entry.getFileName().toString());
          Matcher target = versioned.matcher(real.getFileName().toString());
          // The link's target usually carries the full version (libcudart.so.12 -> libcudart.so.12.5.82).
          if (target.matches()) {
            found.add(new Library(real, target.group(1)));
          } else if (own.matches()) {
            found.add(new Library(entry, own.group(1)));
          }
        }
      } catch (IOException | RuntimeException e) {
        // unreadable directory: not where the library is
      }
    }
    return found.stream().max(Comparator.comparing(Library::version, CudaProbe::compareVersions));
  }

  private static Path realPath(Path entry) {
    try {
      return entry.toRealPath();
    } catch (IOException e) {
      return entry;
    }
  }

  /** Numeric, component-wise: 12.10 &gt; 12.5, and 12.5.82 &gt; 12.5. */
  static int compareVersions(String left, String right) {
    String[] a = left.split("\\.");
    String[] b = right.split("\\.");
    for (int i = 0; i < Math.max(a.length, b.length); i++) {
      long x = i < a.length ? parse(a[i]) : -1;
      long y = i < b.length ? parse(b[i]) : -1;
      if (x != y) {
        return Long.compare(x, y);
      }
    }
    return 0;
  }

  private static long parse(String component) {
    try {
      return Long.parseLong(component);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private List<String> gpus() {
    return commands.run(null, List.of("nvidia-smi", "--query-gpu=name,memory.total", "--format=csv,noheader"))
        .map(CudaProbe::parseGpuList)
        .orElse(List.of());
  }

  /** "NVIDIA H200, 143771 MiB" lines become "NVIDIA H200 (143771 MiB)". */
  static List<String> parseGpuList(String nvidiaSmiCsv) {
    List<String> gpus = new ArrayList<>();
    for (String line : nvidiaSmiCsv.split("\n")) {
      String[] columns = line.split(",");
      if (columns.length >= 2 && !columns[0].isBlank()) {
        gpus.add(columns[0].trim() + " (" + columns[1].trim() + ")");
      } else if (!line.isBlank()) {
        gpus.add(line.trim());
      }
    }
    return gpus;
  }

  private Optional<String> driver() {
    return commands.run(null, List.of("nvidia-smi", "--query-gpu=driver_version", "--format=csv,noheader"))
        .flatMap(text -> text.lines().map(String::trim).filter(line -> !line.isEmpty()).findFirst());
  }
}
