package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostProbeTest {

  @TempDir
  Path dir;

  @Test
  void cpuModelIsTheFirstModelNameLine() {
    String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel\t\t: 17\nmodel name\t: AMD EPYC   7B13\n"
        + "processor\t: 1\nmodel name\t: something else\n";

    assertThat(HostProbe.parseCpuModel(cpuinfo)).contains("AMD EPYC 7B13");
  }

  @Test
  void armCpuinfoFallsBackToHardware() {
    assertThat(HostProbe.parseCpuModel("processor : 0\nBogoMIPS : 50.00\nHardware : BCM2835\n")).contains("BCM2835");
    assertThat(HostProbe.parseCpuModel("processor : 0\n")).isEmpty();
  }

  @Test
  void missingCpuinfoLeavesTheModelUnknown() {
    Map<String, String> facts = new HostProbe(dir.resolve("no-such-cpuinfo")).probe();

    assertThat(facts.get(EnvironmentInfo.CPU_MODEL)).isEqualTo(EnvironmentInfo.UNKNOWN);
  }

  @Test
  void probeReportsThisJvmAndMachine() throws Exception {
    Path cpuinfo = Files.writeString(dir.resolve("cpuinfo"), "model name : Synthetic CPU\n");

    Map<String, String> facts = new HostProbe(cpuinfo).probe();

    assertThat(facts.get(EnvironmentInfo.JDK_VERSION)).isEqualTo(System.getProperty("java.runtime.version"));
    assertThat(facts.get(EnvironmentInfo.OS_ARCH)).isEqualTo(System.getProperty("os.arch"));
    assertThat(facts.get(EnvironmentInfo.CPU_MODEL)).isEqualTo("Synthetic CPU");
    assertThat(Integer.parseInt(facts.get(EnvironmentInfo.CPU_CORES))).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(Long.parseLong(facts.get(EnvironmentInfo.MEMORY_TOTAL_BYTES))).isGreaterThan(Runtime.getRuntime().maxMemory() / 4);
  }
}
