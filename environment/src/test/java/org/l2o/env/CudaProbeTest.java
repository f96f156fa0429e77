package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses synthetic, empty stand-in library files: only their names and links matter to the probe. */
class CudaProbeTest {

  private static final CommandRunner NO_TOOLS = (directory, command) -> Optional.empty();

  @TempDir
  Path dir;

  private Path library(Path directory, String realName, String... links) throws Exception {
    Files.createDirectories(directory);
    Path real = Files.createFile(directory.resolve(realName));
    for (String link : links) {
      Files.createSymbolicLink(directory.resolve(link), real.getFileName());
    }
    return real;
  }

  @Test
  void readsFullVersionsFromTheLinkTargetsOnLdLibraryPath() throws Exception {
    Path lib = dir.resolve("cuda/lib64");
    library(lib, "libcudart.so.12.5.82", "libcudart.so.12");
    library(lib, "libcudnn.so.9.3.0", "libcudnn.so.9", "libcudnn.so");

    CudaProbe.CudaInfo info = new CudaProbe(Map.of("LD_LIBRARY_PATH", "/nonexistent:" + lib), NO_TOOLS).probe();

    assertThat(info.cudaVersion()).contains("12.5.82");
    assertThat(info.cudnnVersion()).contains("9.3.0");
    assertThat(info.cudaRuntime().orElseThrow().path().getFileName()).hasToString("libcudart.so.12.5.82");
    assertThat(info.gpus()).isEmpty();
  }

  @Test
  void theNewestOfSeveralInstallationsWins() throws Exception {
    library(dir.resolve("old"), "libcudart.so.11.8.89");
    library(dir.resolve("new"), "libcudart.so.12.10.1");
    library(dir.resolve("mid"), "libcudart.so.12.5.82");

    Optional<CudaProbe.Library> newest = CudaProbe.newest(
        List.of(dir.resolve("old"), dir.resolve("mid"), dir.resolve("new")), CudaProbe.CUDA_RUNTIME_LIBRARY);

    assertThat(newest.map(CudaProbe.Library::version)).contains("12.10.1");
  }

  @Test
  void absentCudaIsAnAnswerNotAnError() {
    CudaProbe.CudaInfo info = new CudaProbe(Map.of(), NO_TOOLS).probe();

    assertThat(info).isEqualTo(CudaProbe.CudaInfo.absent());
  }

  @Test
  void linkerCacheDirectoriesAreSearchedToo() throws Exception {
    Path lib = dir.resolve("ldcache");
    library(lib, "libcudnn.so.9.3.0", "libcudnn.so.9");
    String ldconfig = "3 libs found in cache `/etc/ld.so.cache'\n"
        + "\tlibc.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libc.so.6\n"
        + "\tlibcudnn.so.9 (libc6,x86-64) => " + lib.resolve("libcudnn.so.9") + "\n";
    CommandRunner tools = (directory, command) ->
        command.get(0).equals("ldconfig") ? Optional.of(ldconfig) : Optional.empty();

    CudaProbe.CudaInfo info = new CudaProbe(Map.of(), tools).probe();

    assertThat(CudaProbe.parseLinkerCacheDirectories(ldconfig)).containsExactly(lib);
    assertThat(info.cudnnVersion()).contains("9.3.0");
    assertThat(info.cudaVersion()).isEmpty();
  }

  @Test
  void nvidiaSmiReportsGpusAndDriver() {
    CommandRunner tools = (directory, command) -> {
      if (!command.get(0).equals("nvidia-smi")) {
        return Optional.empty();
      }
      return Optional.of(command.get(1).contains("driver_version")
          ? "550.54.15\n550.54.15\n"
          : "NVIDIA H200, 143771 MiB\nNVIDIA H200, 143771 MiB\n");
    };

    CudaProbe.CudaInfo info = new CudaProbe(Map.of(), tools).probe();

    assertThat(info.gpus()).containsExactly("NVIDIA H200 (143771 MiB)", "NVIDIA H200 (143771 MiB)");
    assertThat(info.driver()).contains("550.54.15");
  }

  @Test
  void versionsCompareNumericallyComponentByComponent() {
    assertThat(CudaProbe.compareVersions("12.10", "12.5")).isPositive();
    assertThat(CudaProbe.compareVersions("12.5.82", "12.5")).isPositive();
    assertThat(CudaProbe.compareVersions("9.3.0", "9.3.0")).isZero();
    assertThat(CudaProbe.compareVersions("11.8", "12")).isNegative();
  }
}
