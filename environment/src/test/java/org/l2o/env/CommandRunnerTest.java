package org.l2o.env;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandRunnerTest {

  @Test
  void returnsStdoutOfASuccessfulCommand() {
    assertThat(CommandRunner.system().run(null, List.of("sh", "-c", "echo out; echo err >&2")))
        .contains("out\n");
  }

  @Test
  void nonZeroExitIsEmpty() {
    assertThat(CommandRunner.system().run(null, List.of("sh", "-c", "echo partial; exit 3"))).isEmpty();
  }

  @Test
  void missingToolIsEmpty() {
    assertThat(CommandRunner.system().run(null, List.of("no-such-tool-l2o-test"))).isEmpty();
  }

  @Test
  void hangingToolIsKilledAtTheTimeoutAndEmpty() {
    assertThat(CommandRunner.system(Duration.ofMillis(300)).run(null, List.of("sleep", "30"))).isEmpty();
  }
}
